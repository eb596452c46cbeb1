// kgateway (gateway.kgateway.dev/v1alpha1), on the models `npm run import-crds` generated from the
// v2.1.2 CRDs. Each kind is imported from its own module: the validators are large, and a
// render should load only the ones it uses.

import { Backend, type IBackend } from "../models/kgateway/gateway.kgateway.dev/v1alpha1/Backend.ts";
import { GatewayParameters, type IGatewayParameters } from "../models/kgateway/gateway.kgateway.dev/v1alpha1/GatewayParameters.ts";
import { TrafficPolicy, type ITrafficPolicy } from "../models/kgateway/gateway.kgateway.dev/v1alpha1/TrafficPolicy.ts";
import { builderFor } from "./builder.ts";

export type { IBackend, IGatewayParameters, ITrafficPolicy };

export const KGATEWAY_GROUP = "gateway.kgateway.dev";

export const backend = builderFor<IBackend>(Backend);
export const trafficPolicy = builderFor<ITrafficPolicy>(TrafficPolicy);
export const gatewayParameters = builderFor<IGatewayParameters>(GatewayParameters);

/** A Backend's API key, read from the `Authorization` key of a Secret. */
export function secretRefAuthToken(secretName: string) {
  return { kind: "SecretRef" as const, secretRef: { name: secretName } };
}

/** An HTTPRoute backendRef to a kgateway Backend (no port: the Backend knows its upstream). */
export function backendRef(name: string) {
  return { name, group: KGATEWAY_GROUP, kind: "Backend" };
}
