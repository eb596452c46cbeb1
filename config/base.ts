// What this repository's clusters share: the app's defaults, with chart versions from
// config/versions.yaml (which Renovate updates).

import { agentGatewayDefaults } from "../lib/apps/agentgateway/defaults.ts";
import { merge } from "../lib/merge.ts";
import { readVersions, type Versions } from "./versions.ts";

/** config/versions.yaml, read and checked when the config is imported. */
export const versions: Versions = readVersions();

export const base = merge(agentGatewayDefaults, { chart: { version: versions.kgateway } });
