import { z } from "zod";

/**
 * What Kubernetes accepts as a name, a label and an image, for every text a player types into a
 * command (issue 18, item 19): a name with a newline, a right-to-left override or 500 characters is
 * refused with a sentence saying what a name is, before it reaches the World or anyone's event feed.
 *
 * Names, labels and taint keys follow k8s.io/apimachinery/pkg/util/validation/validation.go
 * (IsDNS1123Subdomain, IsQualifiedName, IsValidLabelValue; v0.32). Image references
 * follow the grammar of github.com/distribution/reference (reference.go and regexp.go, v0.6.0).
 * Every check measures the length first, so a regular expression never walks a long string.
 */

const LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const SUBDOMAIN = `${LABEL}(\\.${LABEL})*`;
// validation.DNS1123SubdomainMaxLength; a label's (and a label value's) most is 63.
const SUBDOMAIN_MAX = 253;
const LABEL_MAX = 63;
const DNS1123_SUBDOMAIN = new RegExp(`^${SUBDOMAIN}$`);
// validation.qualifiedNameFmt and LabelValueMaxLength (63); a label value may also be empty.
const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

export function isDns1123Subdomain(value: string): boolean {
  return value.length <= SUBDOMAIN_MAX && DNS1123_SUBDOMAIN.test(value);
}

/** A label value: empty, or at most 63 letters, digits, `-_.`, starting and ending alphanumeric. */
export function isLabelValue(value: string): boolean {
  return value === "" || (value.length <= LABEL_MAX && QUALIFIED_NAME.test(value));
}

/** A label or taint key: `name` or `prefix/name`, the prefix a DNS-1123 subdomain. */
export function isQualifiedName(value: string): boolean {
  const slash = value.indexOf("/");
  const name = slash < 0 ? value : value.slice(slash + 1);
  const prefix = slash < 0 ? null : value.slice(0, slash);
  return (
    name.length <= LABEL_MAX &&
    QUALIFIED_NAME.test(name) &&
    (prefix === null || (prefix !== "" && isDns1123Subdomain(prefix)))
  );
}

// distribution/reference's grammar:
//   reference        := name [ ":" tag ] [ "@" digest ]
//   name             := [domain '/'] remote-name
//   domain           := host [':' port-number]; host := domain-name | IPv4address | \[ IPv6address \]
//   domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
//   path-component   := /[a-z0-9]+/ [separator /[a-z0-9]+/]*; separator := /[_.]|__|[-]+/
//   tag              := /[\w][\w.-]{0,127}/
//   digest           := algorithm ":" /[0-9a-fA-F]{32,}/; algorithm components /[A-Za-z][A-Za-z0-9]*/ joined by /[+._-]/
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const IMAGE_NAME = new RegExp(`^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-+._][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
// reference.NameTotalLengthMax; a sha512 digest ("sha512:" and 128 hex digits) fits the rest.
const IMAGE_NAME_MAX = 255;
export const IMAGE_REFERENCE_MAX = 512;

/** `shop/web:2.3.0`, `registry.example:5000/shop/web@sha256:…`: distribution/reference's grammar. */
export function isImageReference(value: string): boolean {
  if (value.length > IMAGE_REFERENCE_MAX) return false;
  const at = value.indexOf("@");
  const named = at < 0 ? value : value.slice(0, at);
  if (at >= 0 && !DIGEST.test(value.slice(at + 1))) return false;
  // A tag follows the last ':' after the last '/' (a ':' before it is the registry's port).
  const colon = named.lastIndexOf(":");
  const tagged = colon > named.lastIndexOf("/");
  const name = tagged ? named.slice(0, colon) : named;
  if (tagged && !TAG.test(named.slice(colon + 1))) return false;
  return name.length <= IMAGE_NAME_MAX && IMAGE_NAME.test(name);
}

// Zod schemas with the reasons a player reads ("addNode.name: must be …").

/** An object's name (a Node, Pod, Deployment, PriorityClass …): a DNS-1123 subdomain. */
export const objectNameSchema = z
  .string()
  .refine(
    isDns1123Subdomain,
    "must be a name of at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit (RFC 1123 subdomain, e.g. node-d1)",
  );

/** A label's value, such as a node's topology.kubernetes.io/zone (not empty here). */
export const labelValueSchema = z
  .string()
  .refine(
    (v) => v !== "" && isLabelValue(v),
    "must be a label value of 1–63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit (e.g. zone-a)",
  );

/** A taint's value: a label value, possibly empty. */
export const taintValueSchema = z
  .string()
  .refine(
    isLabelValue,
    "must be empty or a label value of at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
  );

/** A taint's or a label's key. */
export const qualifiedNameSchema = z
  .string()
  .refine(
    isQualifiedName,
    "must be a key such as maintenance or example.com/maintenance: at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit, after an optional DNS subdomain and '/'",
  );

/** A container image. */
export const imageSchema = z
  .string()
  .refine(
    isImageReference,
    `must be an image reference such as shop/web:2.3.0 or registry.example:5000/shop/web@sha256:<hex> (a lowercase repository path, an optional tag of at most 128 letters, digits, '_', '.' and '-'; at most ${IMAGE_REFERENCE_MAX} characters)`,
  );
