// External Secrets Operator (external-secrets.io/v1).

import type { IExternalSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret";
import { builderFor } from "./builder.ts";

export type { IExternalSecret };

export const externalSecret = builderFor<IExternalSecret>("external-secrets.io/v1", "ExternalSecret");
