// RegularExpression matches of routes that the proxy cannot compile. Gateway API leaves the
// dialect to the implementation (kubernetes-sigs/gateway-api apis/v1/httproute_types.go
// PathMatchRegularExpression: "implementation-specific"); Envoy, which Envoy Gateway and kgateway
// program, compiles every regex with RE2 (envoy api/envoy/type/matcher/v3/regex.proto
// RegexMatcher.google_re2, the only engine), and agentgateway with Rust's `regex` crate, which
// has RE2's syntax. RE2 guarantees linear time, so it has no lookaround, backreferences,
// atomic groups, possessive quantifiers, conditionals or recursion (google/re2 doc/syntax.txt,
// the "NOT SUPPORTED" entries). A regex that does not compile leaves the route unprogrammed, or
// rejected by the controller: an error.

import { fieldPath, finding, type Finding } from "../findings.ts";
import type { RuleContext } from "./context.ts";
import { hasVars } from "./flux-text.ts";
import { list, record, text } from "./read.ts";
import { matchingRoutes, matchType, routeMatches } from "./route-matches.ts";

/** The first construct RE2 rejects, described, or undefined when there is none. */
export function re2Unsupported(pattern: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const rest = pattern.slice(i);
    if (c === "\\") {
      const next = pattern[i + 1] ?? "";
      if (!inClass && /[1-9]/.test(next)) return `the backreference \\${next}`;
      if (!inClass && next === "k" && /^\\k[<{']/.test(rest)) return "a named backreference (\\k<name>)";
      if (!inClass && (next === "Z" || next === "G")) return `\\${next}`;
      i += 1;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") {
      inClass = true;
      // `[]` and `[^]` start with a literal `]`.
      if (pattern[i + 1] === "]") i += 1;
      else if (pattern.startsWith("^]", i + 1)) i += 2;
      continue;
    }
    if (rest.startsWith("(?=") || rest.startsWith("(?!")) return `the lookahead ${rest.slice(0, 3)}…)`;
    if (rest.startsWith("(?<=") || rest.startsWith("(?<!")) return `the lookbehind ${rest.slice(0, 4)}…)`;
    if (rest.startsWith("(?>")) return "the atomic group (?>…)";
    if (rest.startsWith("(?(")) return "a conditional (?(…)…)";
    if (/^\(\?(R|[+-]?\d)\)/.test(rest)) return "recursion (?R)";
    if (/^[*+?}]\+/.test(rest) && i > 0) return `the possessive quantifier ${rest.slice(0, 2)}`;
  }
  return undefined;
}

export function routeRegexRules({ index }: RuleContext): Finding[] {
  return matchingRoutes(index).flatMap((route) =>
    routeMatches(route).flatMap((match) => {
      const regexes: { path: string; pattern: string }[] = [];
      const path = record(match.value.path);
      if (text(path?.type) === "RegularExpression" && text(path?.value) !== undefined) regexes.push({ path: `${match.path}.path.value`, pattern: text(path?.value)! });
      for (const field of ["headers", "queryParams"] as const) {
        list(match.value[field]).forEach((entry, i) => {
          const value = text(record(entry)?.value);
          if (matchType(entry) === "RegularExpression" && value !== undefined) regexes.push({ path: `${match.path}.${fieldPath([field, i, "value"])}`, pattern: value });
        });
      }
      return regexes.flatMap(({ path: at, pattern }) => {
        const problem = hasVars(pattern) ? undefined : re2Unsupported(pattern);
        if (problem === undefined) return [];
        return [finding(route.at, "route/regex", "error", at,
          `${JSON.stringify(pattern)} uses ${problem}, which RE2 (Envoy's and agentgateway's regex engine) does not support: the route is not programmed`,
          "rewrite it without lookaround or backreferences (match the wider pattern, or split it into several matches)")];
      });
    }),
  );
}
