// HTTPRoute rules that never get traffic. Gateway API does not pick the first matching rule: it
// picks the most specific match across rules — an Exact path over a PathPrefix, a longer prefix
// over a shorter, then a method match, then more header matches, then more query param matches —
// and only among matches equal in all of these does the earlier rule win (kubernetes-sigs/
// gateway-api apis/v1/httproute_types.go, HTTPRouteRule.Matches: "Proxy or Load Balancer routing
// configuration generated from HTTPRoutes MUST prioritize matches based on the following
// criteria, continuing on ties … If ties still exist within an HTTPRoute, matching precedence
// MUST be granted to the FIRST matching rule (in list order)").
//
// So a broader earlier match never hides a narrower later one (the narrower wins its requests);
// a later match is dead exactly when an earlier rule of the same route has a match that accepts
// every request it accepts with equal precedence, which for these criteria means the same match:
// the same path type and value, method, headers and query params (header names compare without
// case, as HTTP does). A warning: the API server and the controller accept the route.

import { finding, type Finding } from "../findings.ts";
import type { RuleContext } from "./context.ts";
import { list, record, text } from "./read.ts";
import { matchingRoutes, matchType, routeMatches, type RouteMatch } from "./route-matches.ts";

/** One canonical text per distinct match, defaults applied. */
function matchKey(match: RouteMatch): string {
  const m = match.value;
  const path = record(m.path);
  const pairs = (field: string, foldCase: boolean) =>
    list(m[field])
      .map((p) => {
        const name = text(record(p)?.name) ?? "";
        return `${matchType(p)}\0${foldCase ? name.toLowerCase() : name}\0${text(record(p)?.value) ?? ""}`;
      })
      .sort();
  return JSON.stringify({
    path: [text(path?.type) ?? "PathPrefix", text(path?.value) ?? "/"],
    // HTTPRoute: a method name; GRPCRoute: {service, method}.
    method: m.method ?? null,
    headers: pairs("headers", true),
    queryParams: pairs("queryParams", false),
  });
}

function describe(match: RouteMatch): string {
  const path = record(match.value.path);
  return `${text(path?.type) ?? "PathPrefix"} ${text(path?.value) ?? "/"}`;
}

export function routeShadowingRules({ index }: RuleContext): Finding[] {
  return matchingRoutes(index).flatMap((route) => {
    const firstRule = new Map<string, RouteMatch>();
    const findings: Finding[] = [];
    for (const match of routeMatches(route)) {
      const key = matchKey(match);
      const earlier = firstRule.get(key);
      if (earlier === undefined) {
        firstRule.set(key, match);
      } else if (earlier.rule !== match.rule) {
        findings.push(finding(route.at, "route/shadowed", "warning", match.path,
          `this match (${describe(match)}) equals one of spec.rules[${earlier.rule}], which comes first and wins every tie: rule ${match.rule} never gets these requests`,
          `remove the match, or make it differ (a path, method, header or query param) from spec.rules[${earlier.rule}]`));
      }
    }
    return findings;
  });
}
