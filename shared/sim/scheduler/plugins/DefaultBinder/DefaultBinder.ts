/** DefaultBinder: binds the pod to the chosen node (the API call is the caller's business). */
import type { BindPlugin } from "../../framework/interface.ts";
import type { Status } from "../../framework/status.ts";

export class DefaultBinder implements BindPlugin {
  readonly name = "DefaultBinder";

  bind(): Status | null {
    return null;
  }
}
