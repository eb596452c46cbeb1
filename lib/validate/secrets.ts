// Secret hygiene of the rendered tree. Everything here ends up in git, so two things are errors:
// a plaintext `v1` Secret (`secret/plaintext`) and any string or map key shaped like a known
// credential (`secret/leaked-value`). Findings name where and what kind, never the value: they are
// printed in CI logs, which are as public as the repository.
//
// A deliberate false positive (documentation text, a test fixture) is allowed per document with
// the annotation `fluxkit.dev/allow-secret-pattern: "<field path>[, <field path>…]"`. It
// suppresses `secret/leaked-value` at exactly those paths, as the findings print them (for a map
// key, the path of the map that holds it), and nothing else.

import { documentName, type Document } from "../document.ts";
import type { FileTree } from "../tree.ts";
import { fieldPath, finding, type Finding } from "./findings.ts";

export const ALLOW_SECRET_PATTERN_ANNOTATION = "fluxkit.dev/allow-secret-pattern";

// Nothing from a token's alphabet may precede it, so `task-…` or `risk-…` never reads as `sk-…`.
const START = "(?<![A-Za-z0-9_-])";

// In match order: `sk-ant-` must come before `sk-`, which would also match it. Fixed-length
// tokens must also end there, so a longer identifier that merely starts alike is not one.
const KINDS: readonly { readonly kind: string; readonly source: string }[] = [
  { kind: "an Anthropic API key", source: `${START}sk-ant-[A-Za-z0-9_-]{20,}` },
  { kind: "an OpenAI API key", source: `${START}sk-[A-Za-z0-9_-]{20,}` },
  { kind: "a Google API key", source: `${START}AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])` },
  { kind: "a GitHub token", source: `${START}gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9])` },
  { kind: "a GitHub fine-grained token", source: `${START}github_pat_[A-Za-z0-9_]{22,}` },
  { kind: "a Slack token", source: `${START}xox[baprs]-[A-Za-z0-9-]{10,}` },
  { kind: "an AWS access key id", source: `${START}AKIA[0-9A-Z]{16}(?![A-Za-z0-9])` },
  // A PEM block is a secret whatever precedes it.
  { kind: "a PEM private key", source: "-----BEGIN [A-Z ]*PRIVATE KEY-----" },
];

// One regex run per string; group n+1 says which kind matched. A failed `exec` returns null
// without allocating, so only a hit costs a match array.
const SCAN = new RegExp(KINDS.map((k) => `(${k.source})`).join("|"));

// The shortest text any kind can match (`xox?-` + 10): shorter strings skip the regex.
const MIN_LENGTH = 15;

// SOPS writes every encrypted value as `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]`; its base64
// is ciphertext, not a credential, even where it happens to spell a token prefix.
const SOPS_VALUE_PREFIX = "ENC[AES256_GCM,data:";

// Stands in for a map key that is itself secret-shaped, in the paths of what lies under it.
const REDACTED_KEY = "(secret-shaped key)";

/** The kind of credential `text` contains, e.g. "an OpenAI API key", or undefined. */
export function secretKind(text: string): string | undefined {
  if (text.length < MIN_LENGTH || (text.startsWith("ENC[") && text.endsWith("]"))) return undefined;
  const match = SCAN.exec(text);
  if (match === null) return undefined;
  return KINDS[match.findIndex((m, i) => i > 0 && m !== undefined) - 1]?.kind;
}

/** `secret/plaintext` and `secret/leaked-value` findings for every document of `tree`. */
export function secretFindings(env: string, tree: FileTree): Finding[] {
  const findings: Finding[] = [];
  for (const [file, { documents }] of tree) {
    for (const doc of documents) {
      const scan: Scan = { env, file, doc, findings, path: [], allowed: undefined };
      if (doc.object.apiVersion === "v1" && doc.object.kind === "Secret") checkSecret(scan);
      scanValue(scan, doc.object);
    }
  }
  return findings;
}

interface Scan {
  readonly env: string;
  readonly file: string;
  readonly doc: Document;
  readonly findings: Finding[];
  /** Path of the value being scanned; pushed and popped, turned into text only for a finding. */
  readonly path: (string | number)[];
  /** The document's allowed paths, parsed at its first hit. */
  allowed: ReadonlySet<string> | undefined;
}

function report(scan: Scan, rule: string, path: string, message: string, fix: string): void {
  const at = { env: scan.env, file: scan.file, document: documentName(scan.doc) };
  scan.findings.push(finding(at, rule, "error", path, message, fix));
}

// ---- secret/plaintext

function checkSecret(scan: Scan): void {
  const object = scan.doc.object as { sops?: unknown; data?: unknown; stringData?: unknown };
  const sops = typeof object.sops === "object" && object.sops !== null;
  for (const field of ["data", "stringData"] as const) {
    const values = object[field];
    if (typeof values !== "object" || values === null) continue;
    for (const [key, value] of Object.entries(values)) {
      if (sops && typeof value === "string" && value.startsWith(SOPS_VALUE_PREFIX)) continue;
      const why = sops ? `its value is not sops-encrypted (${SOPS_VALUE_PREFIX}…)` : "the document has no top-level sops metadata";
      report(
        scan,
        "secret/plaintext",
        fieldPath([field, key]),
        `Secret key ${JSON.stringify(key)} is plaintext in git: ${why}`,
        "use an ExternalSecret (this repo's pattern) or encrypt the file with sops",
      );
    }
  }
}

// ---- secret/leaked-value

function scanValue(scan: Scan, value: unknown): void {
  if (typeof value === "string") {
    const kind = secretKind(value);
    if (kind !== undefined) leaked(scan, `value looks like ${kind}`);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      scan.path.push(i);
      scanValue(scan, value[i]);
      scan.path.pop();
    }
  } else if (value !== null && typeof value === "object") {
    // Documents are plain data (lib/document.ts): `for…in` sees exactly the own keys, without the
    // array `Object.keys` would allocate.
    for (const key in value) {
      const kind = secretKind(key);
      if (kind !== undefined) leaked(scan, `a map key here looks like ${kind}`);
      scan.path.push(kind === undefined ? key : REDACTED_KEY);
      scanValue(scan, (value as Record<string, unknown>)[key]);
      scan.path.pop();
    }
  }
}

function leaked(scan: Scan, message: string): void {
  const path = fieldPath(scan.path);
  scan.allowed ??= allowedPaths(scan.doc);
  if (scan.allowed.has(path)) return;
  report(
    scan,
    "secret/leaked-value",
    path,
    message,
    `move it into a Secret fed by an ExternalSecret and reference that; if it is not a secret, add "${path}" to the ${ALLOW_SECRET_PATTERN_ANNOTATION} annotation`,
  );
}

function allowedPaths(doc: Document): ReadonlySet<string> {
  const listed = doc.object.metadata?.annotations?.[ALLOW_SECRET_PATTERN_ANNOTATION] ?? "";
  return new Set(listed.split(",").map((p) => p.trim()).filter((p) => p !== ""));
}
