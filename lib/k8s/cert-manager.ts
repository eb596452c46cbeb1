// cert-manager (cert-manager.io/v1), typed by the interfaces `npm run import-shared-crds`
// generated from the v1.21.1 CRDs (types only: see builder.ts).

import type { ICertificate, IClusterIssuer, IIssuer } from "../models/crds/types/cert-manager.io/v1.ts";
import { builderFor } from "./builder.ts";

export type { ICertificate, IClusterIssuer, IIssuer };

export const certificate = builderFor<ICertificate>("cert-manager.io/v1", "Certificate");
export const issuer = builderFor<IIssuer>("cert-manager.io/v1", "Issuer");
export const clusterIssuer = builderFor<IClusterIssuer>("cert-manager.io/v1", "ClusterIssuer");
