// The config's extra schema sources (CRD files or folders) as registries, per environment: the
// config's `schemas` for every environment, then the environment's own. Each source is read once
// per run, however many environments name it, and only when validation runs (the CRD reader is
// loaded then); its identity (what the validation cache keys on) is the paths, mtimes and sizes of
// its files, read with a stat each.

import { statSync } from "node:fs";
import * as path from "node:path";
import type { FluxkitConfig } from "../config.ts";
import type { Environment } from "../environment.ts";
import { yamlFilesUnder } from "../yaml-files.ts";
import type { SchemaRegistry } from "../validate/schema.ts";

export interface SchemaSources {
  readonly registry: (env: Environment) => Promise<SchemaRegistry | undefined>;
  readonly identity: (env: Environment) => string;
}

export function schemaSourcesFor(config: FluxkitConfig, root: string): SchemaSources {
  const sourcesOf = (env: Environment): string[] => [...(config.schemas ?? []), ...(env.schemas ?? [])].map((source) => path.resolve(root, source));
  const loaded = new Map<string, SchemaRegistry>();
  const load = async (full: string): Promise<SchemaRegistry> => {
    let registry = loaded.get(full);
    if (registry === undefined) {
      const { loadSchemaSources } = await import("../models/crd.ts");
      registry = loadSchemaSources([full], root);
      loaded.set(full, registry);
    }
    return registry;
  };
  return {
    registry: async (env) => {
      const sources = sourcesOf(env);
      if (sources.length === 0) return undefined;
      const registries: SchemaRegistry[] = [];
      for (const source of sources) registries.push(await load(source));
      return Object.assign({}, ...registries) as SchemaRegistry;
    },
    identity: (env) =>
      sourcesOf(env)
        .flatMap((source) => {
          const stat = statSync(source, { throwIfNoEntry: false });
          const files = stat === undefined ? [] : stat.isDirectory() ? yamlFilesUnder(source) : [source];
          return [source, ...files.map((file) => {
            const { mtimeMs, size } = statSync(file);
            return `${file}:${mtimeMs}:${size}`;
          })];
        })
        .join("\n"),
  };
}
