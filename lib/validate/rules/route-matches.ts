// The matches of Gateway API routes, read once for the rules on them: every match of every rule
// with its field path, defaults applied as the CRDs apply them (a rule without matches matches
// PathPrefix "/", a path without a type is PathPrefix, a header or query match without a type is
// Exact).

import { fieldPath } from "../findings.ts";
import { dig, list, record, text, type JsonRecord } from "./read.ts";
import { GATEWAY_API_GROUP, groupKind, type LocatedObject, type TreeIndex } from "./tree-index.ts";

export interface RouteMatch {
  readonly route: LocatedObject;
  readonly rule: number;
  /** Index in the rule's matches; undefined for the implicit match of a rule without any. */
  readonly match: number | undefined;
  readonly value: JsonRecord;
  /** Field path of the match (or of the rule, for the implicit one). */
  readonly path: string;
}

/** Route kinds whose rules have `matches` of this shape (GRPCRoute matches headers and methods of its own). */
export const MATCHING_ROUTE_KINDS = [groupKind(GATEWAY_API_GROUP, "HTTPRoute"), groupKind(GATEWAY_API_GROUP, "GRPCRoute")] as const;

export function routeMatches(route: LocatedObject): RouteMatch[] {
  return list(dig(route.object, "spec", "rules")).flatMap((rule, r): RouteMatch[] => {
    const matches = list(record(rule)?.matches);
    if (matches.length === 0) return [{ route, rule: r, match: undefined, value: {}, path: fieldPath(["spec", "rules", r]) }];
    return matches.map((m, i) => ({ route, rule: r, match: i, value: record(m) ?? {}, path: fieldPath(["spec", "rules", r, "matches", i]) }));
  });
}

/** Every route of a matching kind, each object once. */
export function matchingRoutes(index: TreeIndex): LocatedObject[] {
  return index.documents.filter((o) => (MATCHING_ROUTE_KINDS as readonly string[]).includes(o.kind));
}

/** A header or query param match's type, as defaulted. */
export function matchType(value: unknown): string {
  return text(record(value)?.type) ?? "Exact";
}
