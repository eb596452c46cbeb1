// The repository as found: the seed document's 15 files, mistakes included. Not deployed; kept as
// the baseline that proves the generator reproduces hand-written YAML byte for byte.

import { agentGatewayEnvironment } from "../lib/apps/agentgateway/index.ts";
import { homeValues } from "./home.ts";

export const seed = agentGatewayEnvironment({
  name: "seed",
  description: "the seed document as found (baseline, not deployed)",
  deploy: false,
  values: homeValues,
});
