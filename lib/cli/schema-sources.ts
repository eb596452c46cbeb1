// The config's extra schema sources (CRD files or folders) as registries, per environment: the
// config's `schemas` for every environment, then the environment's own. Each source is read once
// per run, however many environments name it.

import * as path from "node:path";
import type { FluxkitConfig } from "../config.ts";
import type { Environment } from "../environment.ts";
import { loadSchemaSources } from "../models/crd.ts";
import type { SchemaRegistry } from "../validate/schema.ts";

export function schemaSourcesFor(config: FluxkitConfig, root: string): (env: Environment) => SchemaRegistry | undefined {
  const loaded = new Map<string, SchemaRegistry>();
  const load = (source: string): SchemaRegistry => {
    const full = path.resolve(root, source);
    let registry = loaded.get(full);
    if (registry === undefined) {
      registry = loadSchemaSources([full], root);
      loaded.set(full, registry);
    }
    return registry;
  };
  return (env) => {
    const sources = [...(config.schemas ?? []), ...(env.schemas ?? [])];
    if (sources.length === 0) return undefined;
    return Object.assign({}, ...sources.map(load)) as SchemaRegistry;
  };
}
