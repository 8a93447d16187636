/**
 * Endpoints controller: a Service's endpoints are the selected pods that have an IP, are not
 * terminating, and are Ready; the others are listed as not ready, and kube-proxy routes only to
 * the ready ones (kubernetes.io "Service", pkg/controller/endpoint podToEndpointAddressForService).
 */

export interface EndpointPod {
  readonly name: string;
  readonly podIP: string | null;
  readonly nodeName: string;
  readonly ready: boolean;
  readonly terminating: boolean;
  readonly phase: "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown";
}

export interface EndpointAddress {
  readonly ip: string;
  readonly nodeName: string;
  readonly targetPod: string;
}

export interface EndpointSubset {
  readonly addresses: readonly EndpointAddress[];
  readonly notReadyAddresses: readonly EndpointAddress[];
}

/**
 * `publishNotReadyAddresses` makes every pod with an IP an address (used by StatefulSet peer discovery).
 * Finished pods (Succeeded/Failed) and pods without an IP are left out entirely; so are terminating
 * pods, unless publishNotReadyAddresses.
 */
export function endpointsFor(pods: readonly EndpointPod[], publishNotReadyAddresses = false): EndpointSubset {
  const addresses: EndpointAddress[] = [];
  const notReadyAddresses: EndpointAddress[] = [];
  const sorted = [...pods].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const pod of sorted) {
    const listed = addressListOf(pod, publishNotReadyAddresses);
    if (listed === null || pod.podIP === null) continue;
    const address = { ip: pod.podIP, nodeName: pod.nodeName, targetPod: pod.name };
    (listed === "addresses" ? addresses : notReadyAddresses).push(address);
  }
  return { addresses, notReadyAddresses };
}

/**
 * Where one selected pod is listed: among the addresses, the notReadyAddresses, or nowhere. The
 * rule for a controller that updates its listing one pod change at a time.
 */
export function addressListOf(
  pod: EndpointPod,
  publishNotReadyAddresses = false,
): "addresses" | "notReadyAddresses" | null {
  if (pod.podIP === null || pod.phase === "Succeeded" || pod.phase === "Failed") return null;
  if (pod.terminating && !publishNotReadyAddresses) return null;
  return publishNotReadyAddresses || pod.ready ? "addresses" : "notReadyAddresses";
}
