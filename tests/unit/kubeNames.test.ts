import { describe, expect, it } from "vitest";
import { parseCommand } from "../../shared/sim/commands.ts";
import {
  isDns1123Subdomain,
  isImageReference,
  isLabelValue,
  isQualifiedName,
} from "../../shared/sim/kubeNames.ts";

/**
 * Free text in commands is what Kubernetes accepts (issue 18, item 19): names are DNS-1123
 * subdomains, zones label values, taint keys qualified names (k8s.io/apimachinery's validation),
 * images references in distribution/reference's grammar. Everything else is refused with why.
 */

const RTL_OVERRIDE = "\u202e";
const hostile = [
  "",
  "node\nd1",
  `node-${RTL_OVERRIDE}1d`,
  "n".repeat(500),
  "Ноst",
  " node-d1",
  "node-d1 ",
  "<b>node</b>",
  "node_d1",
  "-node",
  "node-",
  "node..d1",
];

describe("DNS-1123 subdomains (object names)", () => {
  it.each(["node-d1", "a", "web-7f9c-abcde", "snapshot-12s.db", "0", "a".repeat(63), `${"a".repeat(63)}.b`])(
    "accepts %s",
    (name) => expect(isDns1123Subdomain(name)).toBe(true),
  );
  it.each([...hostile, "Node-d1", `${"a.".repeat(126)}ab`])("refuses %j", (name) =>
    expect(isDns1123Subdomain(name)).toBe(false),
  );
  it("counts 253 characters at most", () => {
    const name = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`;
    expect(name.length).toBe(253);
    expect(isDns1123Subdomain(name)).toBe(true);
    expect(isDns1123Subdomain(`${name}d`)).toBe(false);
  });
});

describe("label values (a node's zone) and qualified names (taint keys)", () => {
  it.each(["zone-a", "Zone_A", "us-east-1a", "", "a".repeat(63)])("label value %j", (v) =>
    expect(isLabelValue(v)).toBe(true),
  );
  it.each(["zone a", "zone\n", `zone${RTL_OVERRIDE}`, "a".repeat(64), "-a", "a.", "Ноst"])(
    "not a label value: %j",
    (v) => expect(isLabelValue(v)).toBe(false),
  );
  it.each(["dedicated", "node.kubernetes.io/unreachable", "example.com/Gpu_Type", "a/b"])(
    "qualified name %s",
    (key) => expect(isQualifiedName(key)).toBe(true),
  );
  it.each(["", "/a", "a/", "Example.com/a", "a/b/c", "a b", "x".repeat(64), "k\n"])(
    "not a qualified name: %j",
    (key) => expect(isQualifiedName(key)).toBe(false),
  );
});

describe("image references (distribution/reference's grammar)", () => {
  const digest = `sha256:${"0123456789abcdef".repeat(4)}`;
  it.each([
    "shop/web:2.3.0",
    "nginx",
    "nginx:1.27-alpine",
    "registry.example:5000/shop/web:2",
    "localhost:5000/a__b/c-d.e:latest",
    `shop/web@${digest}`,
    `shop/web:2.3.0@${digest}`,
    "[::1]:5000/shop/web:v1",
    "Registry.Example/shop/web",
  ])("accepts %s", (image) => expect(isImageReference(image)).toBe(true));
  it.each([
    "",
    "Shop/Web:2",
    "shop/web:",
    "shop/web:2\nshop/evil:1",
    `shop/web:${RTL_OVERRIDE}1.0`,
    "shop//web",
    "shop/web:-1",
    `shop/web:${"a".repeat(129)}`,
    "shop/web@sha256:abc",
    "shop/web:2 3",
    `shop/${"w".repeat(500)}:1`,
    "-shop/web",
    "shop/web_:1",
  ])("refuses %j", (image) => expect(isImageReference(image)).toBe(false));
});

describe("commands refuse free text Kubernetes would refuse, naming the field", () => {
  const addNode = {
    type: "addNode",
    name: "node-d1",
    zone: "zone-d",
    milliCPU: 4000,
    memoryBytes: 16 * 1024 ** 3,
    pods: 110,
  };
  it("accepts a well-formed addNode and setImage", () => {
    expect(parseCommand(addNode).ok).toBe(true);
    expect(parseCommand({ type: "setImage", deployment: "web", image: "shop/web:2.3.0" }).ok).toBe(true);
  });
  it.each(hostile.filter((h) => h !== ""))("addNode name %j", (name) => {
    expect(parseCommand({ ...addNode, name })).toEqual({
      ok: false,
      reason: expect.stringMatching(/^addNode\.name: must be a name of at most 253 lowercase letters/),
    });
  });
  it.each(["zone\nd", `zone-${RTL_OVERRIDE}d`, "z".repeat(500), ""])("addNode zone %j", (zone) => {
    expect(parseCommand({ ...addNode, zone })).toEqual({
      ok: false,
      reason: expect.stringMatching(/^addNode\.zone: must be a label value/),
    });
  });
  it.each(["shop/web:2\n", `shop/web:${RTL_OVERRIDE}2`, `shop/${"w".repeat(500)}`])(
    "setImage image %j",
    (image) => {
      expect(parseCommand({ type: "setImage", deployment: "web", image })).toEqual({
        ok: false,
        reason: expect.stringMatching(
          /^setImage\.image: must be an image reference such as shop\/web:2\.3\.0/,
        ),
      });
    },
  );
  it("taints, chaos cards and etcd names too", () => {
    const taint = {
      type: "taintNode",
      node: "node-a1",
      taint: { key: "k\nx", value: "v", effect: "NoSchedule" },
    };
    expect(parseCommand(taint)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^taintNode\.taint\.key: /),
    });
    expect(parseCommand({ type: "snapshotEtcd", name: `snap${RTL_OVERRIDE}` })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^snapshotEtcd\.name: must be a name/),
    });
    const rollout = {
      type: "injectFault",
      card: null,
      fault: { kind: "rollout", deployment: "web", image: "evil\nimage" },
      durationMs: null,
    };
    expect(parseCommand(rollout)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^injectFault\.fault\.image: must be an image reference/),
    });
  });
});
