// The config's extra schema sources (CRD files or folders) as registries, per environment: the
// config's `schemas` for every environment, then the environment's own. Each source is read once
// per run, however many environments name it, and only when validation runs; its identity (what
// the validation cache keys on) is the paths, mtimes and sizes of its files, read with a stat each.

import { statSync } from "node:fs";
import * as path from "node:path";
import type { FluxkitConfig } from "../config.ts";
import type { Environment } from "../environment.ts";
import { loadSchemaSources, yamlFilesUnder } from "../models/crd.ts";
import type { SchemaRegistry } from "../validate/schema.ts";

export interface SchemaSources {
  readonly registry: (env: Environment) => SchemaRegistry | undefined;
  readonly identity: (env: Environment) => string;
}

export function schemaSourcesFor(config: FluxkitConfig, root: string): SchemaSources {
  const sourcesOf = (env: Environment): string[] => [...(config.schemas ?? []), ...(env.schemas ?? [])].map((source) => path.resolve(root, source));
  const loaded = new Map<string, SchemaRegistry>();
  const load = (full: string): SchemaRegistry => {
    let registry = loaded.get(full);
    if (registry === undefined) {
      registry = loadSchemaSources([full], root);
      loaded.set(full, registry);
    }
    return registry;
  };
  return {
    registry: (env) => {
      const sources = sourcesOf(env);
      return sources.length === 0 ? undefined : (Object.assign({}, ...sources.map(load)) as SchemaRegistry);
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
