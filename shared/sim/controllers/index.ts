/**
 * The controllers' timing and decision policies, pure: the World feeds them the objects they
 * watch and applies the decisions they return.
 */
export * from "./deployment.ts";
export * from "./endpoints.ts";
export * from "./hpa.ts";
export * from "./nodeLifecycle.ts";
export * from "./nodeProvisioner.ts";
export * from "./replicaSet.ts";
export * from "./tokenBucket.ts";
