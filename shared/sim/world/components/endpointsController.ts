/**
 * The Endpoints controller (pkg/controller/endpoint, pkg/controller/endpointslice): every Service's
 * endpoints are its selected pods, listed by the rule of shared/sim/controllers/endpoints.ts — ready
 * pods as addresses, unready ones as notReadyAddresses, pods without an IP, finished or terminating
 * left out. It updates the listings one pod change at a time (as its pod informer's handlers do),
 * and Services with one selector share one listing: a scenario may have a thousand Services.
 *
 * What it writes for kube-proxy are EndpointSlices (the ready endpoints of each selector), written
 * only while the controller-manager runs; they are its saved state. The listings themselves are
 * derived from the pods and rebuilt on restore.
 */
import { addressListOf, type EndpointPod } from "../../controllers/endpoints.ts";
import type { ProxiedGroup } from "../../network/kubeProxy.ts";
import { matchesSelector } from "../../scheduler/labels.ts";
import type { Entries, WorldPod, WorldService } from "../types.ts";
import type { Component, Lister } from "./component.ts";

type Labels = Readonly<Record<string, string>>;

interface Listing {
  readonly selector: Labels;
  /** How many Services share the selector. */
  services: number;
  /** Pod names, sorted. */
  readonly ready: string[];
  readonly notReady: string[];
}

/** The endpoints of one Service, pod names sorted. */
export interface ServiceEndpoints {
  readonly ready: readonly string[];
  readonly notReady: readonly string[];
}

const none: ServiceEndpoints = { ready: [], notReady: [] };

export class EndpointsController implements Component<Entries<string[]>> {
  readonly name = "endpoint";
  private readonly pods: Lister<WorldPod>;
  private readonly listings = new Map<string, Listing>();
  private readonly serviceKeys = new Map<string, string>();
  /** The EndpointSlices written: ready pod names by selector key. */
  private readonly slices = new Map<string, string[]>();

  constructor(services: Iterable<WorldService>, pods: Lister<WorldPod>, saved: Entries<string[]> = []) {
    this.pods = pods;
    for (const [key, names] of saved) this.slices.set(key, names);
    for (const service of services) this.addService(service);
  }

  /** A pod was added, changed or deleted: it joins or leaves the listings that select it. */
  podChanged(pod: WorldPod): void {
    const listed = this.pods.has(pod.name) ? addressListOf(endpointPod(pod)) : null;
    for (const listing of this.listings.values()) {
      if (!matchesSelector(listing.selector, pod.labels)) continue;
      setMember(listing.ready, pod.name, listed === "addresses");
      setMember(listing.notReady, pod.name, listed === "notReadyAddresses");
    }
  }

  /** The Service's endpoints as the controller lists them now. */
  endpointsOf(service: WorldService): ServiceEndpoints {
    return this.listings.get(this.keyOf(service)) ?? none;
  }

  /** The key kube-proxy's rules for the Service are filed under (one per selector). */
  keyOf(service: WorldService): string {
    return this.serviceKeys.get(service.name) ?? selectorKey(service.selector);
  }

  /**
   * The EndpointSlices kube-proxy reads, by selector key. A controller-manager that runs
   * (`writing`) first brings every slice up to its listing; one that does not leaves them as they
   * were last written.
   */
  slicesForProxy(writing: boolean): Record<string, ProxiedGroup> {
    const groups: Record<string, ProxiedGroup> = {};
    for (const [key, listing] of this.listings) {
      const slice = this.slices.get(key);
      if (writing && (slice === undefined || !sameNames(slice, listing.ready)))
        this.slices.set(key, [...listing.ready]);
      groups[key] = { services: listing.services, endpoints: this.slices.get(key) ?? listing.ready };
    }
    return groups;
  }

  save(): Entries<string[]> {
    return [...this.slices];
  }

  private addService(service: WorldService): void {
    const key = selectorKey(service.selector);
    this.serviceKeys.set(service.name, key);
    const existing = this.listings.get(key);
    if (existing !== undefined) {
      existing.services++;
      return;
    }
    const listing: Listing = { selector: service.selector, services: 1, ready: [], notReady: [] };
    this.listings.set(key, listing);
    for (const pod of this.pods.values()) {
      if (!matchesSelector(service.selector, pod.labels)) continue;
      const listed = addressListOf(endpointPod(pod));
      if (listed === "addresses") listing.ready.push(pod.name);
      else if (listed === "notReadyAddresses") listing.notReady.push(pod.name);
    }
    listing.ready.sort();
    listing.notReady.sort();
  }
}

function endpointPod(pod: WorldPod): EndpointPod {
  return {
    name: pod.name,
    podIP: pod.podIP === "" ? null : pod.podIP,
    nodeName: pod.nodeName,
    ready: pod.ready,
    terminating: pod.deleting,
    phase: pod.phase,
  };
}

function selectorKey(selector: Labels): string {
  return JSON.stringify(Object.entries(selector).sort());
}

/** Puts `name` into or out of a sorted list. */
function setMember(sorted: string[], name: string, member: boolean): void {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < name) lo = mid + 1;
    else hi = mid;
  }
  const present = sorted[lo] === name;
  if (member && !present) sorted.splice(lo, 0, name);
  else if (!member && present) sorted.splice(lo, 1);
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}
