// Gateway API (gateway.networking.k8s.io): the v1 kinds, and TCPRoute at v1alpha2, the newest
// version @kubernetes-models/gateway-api 2 types (the Gateway API v1.6.1 CRDs in ../shared/crds
// serve it as v1 too, in both channels).

import type { IGateway } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway";
import type { IGatewayClass } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/GatewayClass";
import type { IGRPCRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/GRPCRoute";
import type { IHTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import type { IReferenceGrant } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/ReferenceGrant";
import type { ITLSRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/TLSRoute";
import type { ITCPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1alpha2/TCPRoute";
import type { IReferenceGrant as IReferenceGrantV1beta1 } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1beta1/ReferenceGrant";
import { builderFor } from "./builder.ts";

export type { IGateway, IGatewayClass, IGRPCRoute, IHTTPRoute, IReferenceGrant, IReferenceGrantV1beta1, ITCPRoute, ITLSRoute };

export const gatewayClass = builderFor<IGatewayClass>("gateway.networking.k8s.io/v1", "GatewayClass");
export const gateway = builderFor<IGateway>("gateway.networking.k8s.io/v1", "Gateway");
export const httpRoute = builderFor<IHTTPRoute>("gateway.networking.k8s.io/v1", "HTTPRoute");
export const grpcRoute = builderFor<IGRPCRoute>("gateway.networking.k8s.io/v1", "GRPCRoute");
export const tlsRoute = builderFor<ITLSRoute>("gateway.networking.k8s.io/v1", "TLSRoute");
export const tcpRoute = builderFor<ITCPRoute>("gateway.networking.k8s.io/v1alpha2", "TCPRoute");
/** ReferenceGrant at v1, as the Gateway API v1.6.1 CRDs serve it (beside v1beta1). */
export const referenceGrant = builderFor<IReferenceGrant>("gateway.networking.k8s.io/v1", "ReferenceGrant");
/** ReferenceGrant at v1beta1: for clusters whose Gateway API release predates its v1. */
export const referenceGrantV1beta1 = builderFor<IReferenceGrantV1beta1>("gateway.networking.k8s.io/v1beta1", "ReferenceGrant");
