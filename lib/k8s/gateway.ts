// Gateway API (gateway.networking.k8s.io/v1).

import type { IGateway } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway";
import type { IHTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import { builderFor } from "./builder.ts";

export type { IGateway, IHTTPRoute };

export const gateway = builderFor<IGateway>("gateway.networking.k8s.io/v1", "Gateway");
export const httpRoute = builderFor<IHTTPRoute>("gateway.networking.k8s.io/v1", "HTTPRoute");
