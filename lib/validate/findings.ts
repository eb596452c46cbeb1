// A finding is one thing validation has to say about the rendered tree: which rule, how bad,
// where exactly (env, file, document, field path), what is wrong and how to fix it.

export type Severity = "error" | "warning" | "info";

export interface Finding {
  /** Stable rule id, e.g. `schema/unknown-field`, `ref/backend-missing`. */
  readonly rule: string;
  readonly severity: Severity;
  /** Environment name; filled in by the caller that knows it. */
  readonly env: string;
  /** Tree path of the file, e.g. `kubernetes/apps/ai-system/agentgateway/app/gateway.yaml`. */
  readonly file: string;
  /** `Kind/name` of the document. */
  readonly document: string;
  /** Field path in the document, dotted with [n] for list items: `spec.rules[0].backendRefs[0].name`. */
  readonly path: string;
  readonly message: string;
  /** One line: what to change. */
  readonly fix: string;
}

/** Where a finding is; validators build findings relative to one document. */
export interface FindingLocation {
  readonly env: string;
  readonly file: string;
  readonly document: string;
}

export function finding(at: FindingLocation, rule: string, severity: Severity, path: string, message: string, fix: string): Finding {
  return { rule, severity, ...at, path, message, fix };
}

/** `a.b[0].c` from path segments. */
export function fieldPath(segments: readonly (string | number)[]): string {
  let text = "";
  for (const s of segments) {
    if (typeof s === "number") text += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) text += text === "" ? s : `.${s}`;
    else text += `[${JSON.stringify(s)}]`;
  }
  return text;
}

/** One line per finding, for terminals and CI logs. */
export function formatFinding(f: Finding): string {
  return `${f.severity.toUpperCase()} ${f.rule} [${f.env}] ${f.file} ${f.document} ${f.path}: ${f.message} (fix: ${f.fix})`;
}

/** How many findings of each severity. */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}
