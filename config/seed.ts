// The repository as found: the seed document's 15 files, mistakes included. Not deployed; kept as
// the baseline that proves the generator reproduces hand-written YAML byte for byte.

import { agentGateway } from "../lib/apps/agentgateway/component.ts";
import { defineEnvironment } from "../lib/environment.ts";
import { base } from "./base.ts";

export const seed = defineEnvironment({
  name: "seed",
  description: "the seed document as found (baseline, not deployed)",
  deploy: false,
  build: () =>
    agentGateway({
      ...base,
      gateway: { ...base.gateway, loadBalancerIP: "10.50.0.30", tlsSecretName: "sklab-dev-production-tls" },
    }),
});
