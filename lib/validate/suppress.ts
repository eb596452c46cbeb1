// Suppressions and severity overrides: the operator's word on a finding, always with a reason.
//
// In YAML, a comment on the line before what it covers:
//
//   ---
//   # fluxkit-ignore schema/unknown-field: the controller's v2.2 reads this; CRD not yet updated
//   apiVersion: gateway.kgateway.dev/v1alpha1      <- the document's first line: the whole document
//   kind: TrafficPolicy
//   spec:
//     # fluxkit-ignore ref/backend, ref/parent: owned by the network app
//     rules:                                         <- a field: findings at spec.rules and below
//       # fluxkit-ignore schema/pattern: Flux substitutes it
//       - name: x                                    <- a list item: spec.rules[0] and below
//
// or at the end of the line it covers (`timeout: 5s  # fluxkit-ignore RULE: REASON`). Other comment
// lines and `---` may stand between the comment and what it covers; a blank line may not. Rules
// are comma-separated; `*` in a rule matches any run of characters (`schema/*`, `*`). In the
// config, `suppress: [{ rule, reason, file?, object?, path?, env? }]`, where `file` may use `*`
// (one path segment) and `**` (any), and `object` (`Kind/name`) `*`.
//
// A suppression without a reason suppresses nothing (the finding stays, beside a
// `suppress/no-reason` warning): a reason is what makes a suppression reviewable. One that matches
// no finding is `suppress/unused`; a comment that cannot be read is `suppress/invalid`. These three
// are never suppressed themselves, but their severity can be overridden like any rule's.

import { isMap, isNode, isScalar, isSeq, parseAllDocuments, Parser, type Document as YamlDocument, type Node } from "yaml";
import { documentName, type KubeObject } from "../document.ts";
import { fieldPath, type Finding, type Severity } from "./findings.ts";
import { globRegExp } from "./glob.ts";

export interface SuppressionProblem {
  readonly rule: "suppress/no-reason" | "suppress/invalid";
  readonly message: string;
  readonly fix: string;
}

/** Where a suppression is written, to locate the findings about it. */
export interface SuppressionSource {
  /** The YAML file (a tree path) or the config file. */
  readonly file: string;
  /** 1-based line of the comment in a YAML file. */
  readonly line?: number;
  /** 0-based index of the document the comment covers in its YAML file. */
  readonly document?: number;
  /** The config field, `suppress[2]`. */
  readonly field?: string;
}

export interface Suppression {
  /** A rule id, or a pattern of them with `*`. */
  readonly rule: string;
  /** Why the finding is wrong here; "" when none is given (then the suppression is not applied). */
  readonly reason: string;
  /** Only findings of this environment; absent: every environment. */
  readonly env?: string;
  /** Only findings in this file (a tree path; `*`, `**`); absent: every file. */
  readonly file?: string;
  /** Only findings in this document, `Kind/name` (`*`, and `${VAR}` matches anything); absent: every document. */
  readonly object?: string;
  /** Field path; findings at it and below are covered. "" covers the whole document. */
  readonly path: string;
  readonly source: SuppressionSource;
  /** Anything that keeps the suppression from applying. */
  readonly problems: readonly SuppressionProblem[];
}

/** A suppression in `fluxkit.config.ts`: `suppress: [{ rule, reason, ... }]`. */
export interface SuppressionConfig {
  /** A rule id, or a pattern with `*` (`schema/*`). */
  readonly rule: string;
  /** Why the finding is wrong here: required, and shown where a reviewer looks. */
  readonly reason: string;
  /** A tree path; `*` matches within one folder, `**` across folders. */
  readonly file?: string;
  /** `Kind/name`; `*` matches any run of characters. */
  readonly object?: string;
  /** A field path (`spec.values.controllers`); findings at it and below are covered. */
  readonly path?: string;
  /** One environment's findings only. */
  readonly env?: string;
}

/** What a rule can be raised or lowered to; `off` drops its findings. */
export type SeverityOverride = Severity | "off";

export type SeverityOverrides = Readonly<Record<string, SeverityOverride>>;

const RULE = /^[A-Za-z0-9*][A-Za-z0-9*._/-]*$/;
const SEVERITY_OVERRIDES: readonly SeverityOverride[] = ["error", "warning", "info", "off"];
const SUPPRESSION_KEYS: readonly (keyof SuppressionConfig)[] = ["rule", "reason", "file", "object", "path", "env"];
const DIRECTIVE = /^#\s*fluxkit-ignore(?![\w-])(.*)$/;
const USAGE = "write # fluxkit-ignore RULE: REASON on the line before the document or field it is about";

/** Whether `text` is a rule id or a pattern of them (`schema/*`). */
export function isRulePattern(text: string): boolean {
  return RULE.test(text);
}

// ---- reading suppressions from YAML

/** The options Kubernetes reads YAML with (go-yaml: YAML 1.1, merge keys), as `validate DIR` does. */
const YAML_OPTIONS = { version: "1.1", merge: true, uniqueKeys: false } as const;

interface Directive {
  readonly rules: readonly string[];
  readonly reason: string;
  readonly problem?: string;
}

/** `RULE[, RULE...]: REASON` after the `fluxkit-ignore` keyword. */
function readDirective(rest: string): Directive {
  const colon = rest.indexOf(":");
  const rulesText = (colon < 0 ? rest : rest.slice(0, colon)).trim();
  const reason = colon < 0 ? "" : rest.slice(colon + 1).trim();
  const rules = rulesText.split(",").map((rule) => rule.trim()).filter((rule) => rule !== "");
  if (rules.length === 0) return { rules: [rulesText], reason, problem: "names no rule" };
  const bad = rules.find((rule) => !isRulePattern(rule));
  if (bad !== undefined) return { rules: [rulesText], reason, problem: `${JSON.stringify(bad)} is not a rule id (a reason goes after a colon)` };
  return { rules, reason };
}

interface YamlComment {
  readonly offset: number;
  readonly source: string;
}

/** Every comment token of the text, from the `yaml` CST (so `#` inside strings is not a comment). */
function comments(text: string): YamlComment[] {
  const found: YamlComment[] = [];
  const walk = (token: unknown): void => {
    if (typeof token !== "object" || token === null) return;
    if (Array.isArray(token)) {
      for (const item of token) walk(item);
      return;
    }
    const record = token as Record<string, unknown>;
    if (record.type === "comment" && typeof record.offset === "number" && typeof record.source === "string") {
      found.push({ offset: record.offset, source: record.source });
      return;
    }
    for (const key in record) walk(record[key]);
  };
  for (const token of new Parser().parse(text)) walk(token);
  return found.sort((a, b) => a.offset - b.offset);
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

function lineAt(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * The offset of what a comment on `line` covers: the start of its own line when the comment
 * trails content, else the first content line below it, past comment lines and `---`.
 */
function coveredOffset(text: string, starts: readonly number[], line: number, commentOffset: number): number | undefined {
  const lineText = (i: number): string => text.slice(starts[i], i + 1 < starts.length ? starts[i + 1]! - 1 : text.length);
  const indent = (i: number): number => starts[i]! + (/^\s*/.exec(lineText(i))?.[0].length ?? 0);
  if (text.slice(starts[line], commentOffset).trim() !== "") return indent(line);
  for (let i = line + 1; i < starts.length; i++) {
    const content = lineText(i).trim();
    if (content === "") return undefined;
    if (content.startsWith("#") || /^---(\s|$)/.test(content)) continue;
    return indent(i);
  }
  return undefined;
}

type Segments = readonly (string | number)[];

/**
 * The field path of the node that starts at `offset`: a map key there, or, when `item`, the list
 * item after the `- ` there. Pre-order, so the outermost node starting there wins.
 */
function pathAt(node: unknown, offset: number, item: boolean, segments: Segments = []): Segments | undefined {
  if (!isNode(node) || (node.range !== undefined && node.range !== null && (offset < node.range[0] || offset > node.range[2]))) return undefined;
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const inner = [...segments, key];
      if (!item && isNode(pair.key) && pair.key.range?.[0] === offset) return inner;
      const found = pathAt(pair.value, offset, item, inner);
      if (found) return found;
    }
  } else if (isSeq(node)) {
    for (const [i, value] of node.items.entries()) {
      if (item && isNode(value) && value.range?.[0] === offset) return [...segments, i];
      const found = pathAt(value, offset, item, [...segments, i]);
      if (found) return found;
    }
  }
  return undefined;
}

interface Covered {
  readonly document: number;
  readonly object: string;
  readonly path: string;
}

/** The document and field a comment covers, or why it covers none. */
function covered(text: string, documents: readonly YamlDocument.Parsed[], names: (index: number) => string | undefined, offset: number): Covered | string {
  const index = documents.findIndex((doc) => offset >= doc.range[0] && offset < doc.range[2]);
  const doc = documents[index];
  const contents = doc?.contents as Node | null | undefined;
  if (doc === undefined || !contents?.range) return "covers nothing: no document follows it";
  const object = names(index);
  if (object === undefined) return "is in a document that is not a Kubernetes object";
  if (offset === contents.range[0]) return { document: index, object, path: "" };
  // A `- ` line is about the list item, not the first key of the item.
  const item = text[offset] === "-" && /\s/.test(text[offset + 1] ?? "\n");
  const start = item ? offset + 1 + (/^\s*/.exec(text.slice(offset + 1))?.[0].length ?? 0) : offset;
  const segments = pathAt(contents, start, item);
  return segments ? { document: index, object, path: fieldPath(segments) } : "is not on the line before a document or a field";
}

/**
 * The `# fluxkit-ignore` comments of one YAML file. `file` is the tree path findings name;
 * `documents` may be the file's already parsed documents (`parseAllDocuments` with YAML 1.1 and
 * merge keys), else it is parsed here. A file that does not parse holds no suppressions (reading it
 * reports the error).
 */
export function suppressionsInYaml(text: string, file: string, documents?: readonly YamlDocument.Parsed[]): Suppression[] {
  if (!text.includes("fluxkit-ignore")) return [];
  const directives = comments(text).flatMap((comment) => {
    const match = DIRECTIVE.exec(comment.source);
    return match ? [{ offset: comment.offset, directive: readDirective(match[1]!) }] : [];
  });
  if (directives.length === 0) return [];
  const docs = documents ?? parseAllDocuments(text, YAML_OPTIONS);
  if (!Array.isArray(docs) || docs.some((doc) => doc.errors.length > 0)) return [];
  const nameCache = new Map<number, string | undefined>();
  const names = (index: number): string | undefined => {
    if (!nameCache.has(index)) {
      const value = docs[index]!.toJS({ maxAliasCount: -1 }) as Partial<KubeObject> | null;
      const isObject = typeof value === "object" && value !== null && typeof value.kind === "string";
      nameCache.set(index, isObject ? documentName({ object: value as KubeObject }) : undefined);
    }
    return nameCache.get(index);
  };
  const starts = lineStarts(text);
  return directives.flatMap(({ offset, directive }) => {
    const line = lineAt(starts, offset);
    const target = coveredOffset(text, starts, line, offset);
    const place = target === undefined ? "covers nothing: a blank line or the end of the file follows it" : covered(text, docs, names, target);
    const problems: SuppressionProblem[] = [];
    if (directive.problem !== undefined) problems.push({ rule: "suppress/invalid", message: `fluxkit-ignore ${directive.problem}`, fix: USAGE });
    else if (typeof place === "string") problems.push({ rule: "suppress/invalid", message: `fluxkit-ignore ${place}`, fix: USAGE });
    else if (directive.reason === "") problems.push(noReason(directive.rules.join(", "), "after a colon: # fluxkit-ignore RULE: REASON"));
    const source: SuppressionSource = typeof place === "string" ? { file, line: line + 1 } : { file, line: line + 1, document: place.document };
    const at = typeof place === "string" ? { path: "" } : { object: place.object, path: place.path };
    return directive.rules.map((rule): Suppression => ({ rule, reason: directive.reason, file, ...at, source, problems }));
  });
}

function noReason(rule: string, where: string): SuppressionProblem {
  return {
    rule: "suppress/no-reason",
    message: `fluxkit-ignore ${rule} gives no reason, so it is not applied`,
    fix: `say why the finding is wrong here, ${where}`,
  };
}

// ---- suppressions from the config

/** What is wrong with one `suppress` entry of the config (`field` is `suppress[2]`), if anything. */
export function suppressionConfigProblem(value: unknown, field: string): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return `${field} must be { rule, reason, file?, object?, path?, env? }`;
  const entry = value as Record<string, unknown>;
  const unknown = Object.keys(entry).find((key) => !(SUPPRESSION_KEYS as readonly string[]).includes(key));
  if (unknown !== undefined) return `${field}: unknown field ${JSON.stringify(unknown)}; known: ${SUPPRESSION_KEYS.join(", ")}`;
  if (typeof entry.rule !== "string" || !isRulePattern(entry.rule)) return `${field}.rule must be a rule id such as "schema/unknown-field" (or a pattern, "schema/*")`;
  if (typeof entry.reason !== "string" || entry.reason.trim() === "") return `${field}.reason must say why the finding is wrong here`;
  for (const key of ["file", "object", "path", "env"] as const) {
    if (entry[key] !== undefined && (typeof entry[key] !== "string" || entry[key] === "")) return `${field}.${key} must be a non-empty string`;
  }
  if (typeof entry.object === "string" && !/^[A-Za-z*][^/]*\/[^/]+$/.test(entry.object)) return `${field}.object must be "Kind/name"`;
  return undefined;
}

/** The config's suppressions, located at `configFile`'s `suppress[i]` for the findings about them. */
export function configSuppressions(entries: readonly SuppressionConfig[], configFile: string): Suppression[] {
  return entries.map((entry, i): Suppression => {
    const field = `suppress[${i}]`;
    const reason = entry.reason.trim();
    const problems = reason === "" ? [noReason(entry.rule, `in ${field}.reason`)] : [];
    return { rule: entry.rule, reason, env: entry.env, file: entry.file, object: entry.object, path: entry.path ?? "", source: { file: configFile, field }, problems };
  });
}

// ---- applying them

interface Matcher {
  readonly suppression: Suppression;
  readonly test: (finding: Finding) => boolean;
  used: boolean;
}

/** `Kind/name` as a pattern: `*` matches any run of characters, so does a `${VAR}` not yet substituted. */
function objectRegExp(object: string): RegExp {
  const parts = object.split(/\$\{[^}]*\}/);
  return new RegExp(`^${parts.map((part) => globRegExp(part).source.slice(1, -1)).join(".*")}$`);
}

function covers(path: string, findingPath: string): boolean {
  return path === "" || findingPath === path || (findingPath.startsWith(path) && (findingPath[path.length] === "." || findingPath[path.length] === "["));
}

function matcher(suppression: Suppression): Matcher {
  const rule = globRegExp(suppression.rule);
  const file = suppression.file === undefined ? undefined : globRegExp(suppression.file, true);
  const object = suppression.object === undefined ? undefined : objectRegExp(suppression.object);
  const test = (f: Finding): boolean =>
    rule.test(f.rule) &&
    (suppression.env === undefined || suppression.env === f.env) &&
    (file === undefined || file.test(f.file)) &&
    (object === undefined || object.test(f.document)) &&
    covers(suppression.path, f.path);
  return { suppression, test, used: false };
}

function aboutSuppression(s: Suppression, env: string, rule: string, message: string, fix: string): Finding {
  const line = s.source.line === undefined ? "" : `line ${s.source.line}: `;
  const inConfig = s.source.field !== undefined;
  return {
    rule,
    severity: "warning",
    env,
    file: s.source.file,
    document: inConfig ? "" : (s.object ?? ""),
    path: inConfig ? s.source.field! : s.path,
    message: `${line}${message}`,
    fix,
  };
}

/**
 * `findings` without those a suppression covers, plus a finding for every suppression that is
 * invalid, gives no reason or covers nothing in `env` (a config suppression scoped to another
 * environment is not reported). Order: the findings kept, then those about suppressions.
 */
export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[], env = findings[0]?.env ?? ""): Finding[] {
  const matchers = suppressions.filter((s) => s.problems.length === 0).map(matcher);
  const kept = findings.filter((f) => {
    let suppressed = false;
    for (const m of matchers) {
      if (m.test(f)) suppressed = m.used = true;
    }
    return !suppressed;
  });
  const about: Finding[] = [];
  const seen = new Set<string>();
  for (const s of suppressions) {
    for (const problem of s.problems) {
      // One comment naming several rules is several suppressions with the same problem: say it once.
      const key = `${s.source.file}\0${s.source.line}\0${s.source.field}\0${problem.rule}\0${problem.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      about.push(aboutSuppression(s, env, problem.rule, problem.message, problem.fix));
    }
  }
  for (const m of matchers) {
    const s = m.suppression;
    if (m.used || (s.env !== undefined && s.env !== env)) continue;
    const scope = [s.object, s.path || undefined].filter((part) => part !== undefined).join(" at ");
    about.push(
      aboutSuppression(s, env, "suppress/unused", `fluxkit-ignore ${s.rule} (${s.reason}) covers no finding${scope === "" ? "" : ` of ${scope}`}`,
        "remove it, or correct its rule id or where it stands"),
    );
  }
  return [...kept, ...about];
}

/** The override for `rule`: its own entry, else the longest pattern that matches it. */
function severityResolver(overrides: SeverityOverrides): (rule: string) => SeverityOverride | undefined {
  const patterns = Object.keys(overrides)
    .filter((key) => key.includes("*"))
    .sort((a, b) => b.length - a.length)
    .map((key) => ({ regExp: globRegExp(key), severity: overrides[key]! }));
  const cache = new Map<string, SeverityOverride | undefined>();
  return (rule) => {
    if (Object.hasOwn(overrides, rule)) return overrides[rule];
    if (!cache.has(rule)) cache.set(rule, patterns.find((p) => p.regExp.test(rule))?.severity);
    return cache.get(rule);
  };
}

/** Findings with each rule's severity as `overrides` says (`off` drops them). */
export function applySeverities(findings: readonly Finding[], overrides: SeverityOverrides): Finding[] {
  const resolve = severityResolver(overrides);
  return findings.flatMap((f) => {
    const severity = resolve(f.rule);
    if (severity === undefined || severity === f.severity) return [f];
    return severity === "off" ? [] : [{ ...f, severity }];
  });
}

/** What is wrong with the config's `severity` field, if anything. */
export function severityConfigProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return `severity must be { "rule/id": "error" | "warning" | "info" | "off" }`;
  for (const [rule, severity] of Object.entries(value)) {
    if (!isRulePattern(rule)) return `severity: ${JSON.stringify(rule)} is not a rule id (or a pattern, "schema/*")`;
    if (!SEVERITY_OVERRIDES.includes(severity as SeverityOverride)) return `severity[${JSON.stringify(rule)}] must be one of ${SEVERITY_OVERRIDES.join(", ")}`;
  }
  return undefined;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then by file, so the output reads top-down; stable within a file. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

export interface FinishOptions {
  /** The environment the findings are of; default: the first finding's. */
  readonly env?: string;
  readonly suppressions?: readonly Suppression[];
  readonly severity?: SeverityOverrides;
}

/**
 * The findings a report shows: suppressions applied (and their own findings added), then
 * severities overridden (so `"suppress/unused": "off"` works too), in the report's order.
 */
export function finishFindings(findings: readonly Finding[], options: FinishOptions = {}): Finding[] {
  const env = options.env ?? findings[0]?.env ?? "";
  const suppressed = applySuppressions(findings, options.suppressions ?? [], env);
  return sortFindings(options.severity ? applySeverities(suppressed, options.severity) : suppressed);
}
