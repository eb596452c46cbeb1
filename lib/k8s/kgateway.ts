// kgateway (gateway.kgateway.dev/v1alpha1), typed by the models `npm run import-crds` generated
// from the v2.1.2 CRDs (types only: see builder.ts).

import type { IBackend } from "../models/kgateway/gateway.kgateway.dev/v1alpha1/Backend.ts";
import type { IGatewayParameters } from "../models/kgateway/gateway.kgateway.dev/v1alpha1/GatewayParameters.ts";
import type { ITrafficPolicy } from "../models/kgateway/gateway.kgateway.dev/v1alpha1/TrafficPolicy.ts";
import { builderFor } from "./builder.ts";

export type { IBackend, IGatewayParameters, ITrafficPolicy };

export const KGATEWAY_GROUP = "gateway.kgateway.dev";

export const backend = builderFor<IBackend>("gateway.kgateway.dev/v1alpha1", "Backend");
export const trafficPolicy = builderFor<ITrafficPolicy>("gateway.kgateway.dev/v1alpha1", "TrafficPolicy");
export const gatewayParameters = builderFor<IGatewayParameters>("gateway.kgateway.dev/v1alpha1", "GatewayParameters");

/** A Backend's API key, read from the `Authorization` key of a Secret. */
export function secretRefAuthToken(secretName: string) {
  return { kind: "SecretRef" as const, secretRef: { name: secretName } };
}

/** An HTTPRoute backendRef to a kgateway Backend (no port: the Backend knows its upstream). */
export function backendRef(name: string) {
  return { name, group: KGATEWAY_GROUP, kind: "Backend" };
}
