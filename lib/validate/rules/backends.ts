// The LLM provider entries of a kgateway Backend: `spec.ai.llm.<provider>` and each
// `spec.ai.priorityGroups[].providers[].<provider>`, where authToken and apiVersion live.

import { dig, list, record, type JsonRecord } from "./read.ts";
import type { LocatedObject } from "./tree-index.ts";

export interface ProviderEntry {
  /** `openai`, `anthropic`, … */
  readonly provider: string;
  readonly config: JsonRecord;
  /** Field path segments of `config`. */
  readonly path: readonly (string | number)[];
}

/** The object-valued keys of `holder`: the providers (settings such as `path` come along, harmlessly: they hold no authToken or apiVersion). */
function providersIn(holder: unknown, path: readonly (string | number)[]): ProviderEntry[] {
  return Object.entries(record(holder) ?? {}).flatMap(([provider, value]) => {
    const config = record(value);
    return config ? [{ provider, config, path: [...path, provider] }] : [];
  });
}

export function llmProviders(backend: LocatedObject): ProviderEntry[] {
  const ai = dig(backend.object, "spec", "ai");
  return [
    ...providersIn(dig(ai, "llm"), ["spec", "ai", "llm"]),
    ...list(dig(ai, "priorityGroups")).flatMap((group, g) =>
      list(record(group)?.providers).flatMap((entry, p) => providersIn(entry, ["spec", "ai", "priorityGroups", g, "providers", p])),
    ),
  ];
}
