// Keys and strings that do not survive the YAML readers between the repository and the API
// server unchanged. kustomize reads and writes with go-yaml v3 (kyaml), which follows YAML 1.2
// for scalars; kubectl and the API server's YAML decoding (sigs.k8s.io/yaml, go-yaml v2) follow
// YAML 1.1. So:
// - a key written `on`, `yes`, `off`, `y` … unquoted is the boolean true/false to a 1.1 reader
//   and a string to kustomize: this tree, read as Kubernetes reads it, shows it as the key
//   "true"/"false" (go-yaml v2 resolve.go: the 1.1 boolean table);
// - `<<` is a merge key only unquoted and in a mapping; a literal "<<" key (quoted, or built
//   from data) reaches the object as a field named `<<`;
// - NEL (U+0085), LINE/PARAGRAPH SEPARATOR (U+2028/9) are line breaks to go-yaml (yamlh.go
//   is_break), so a plain or folded scalar holding one comes back changed; DEL (U+007F) and the
//   other C0 controls are outside YAML's printable set (YAML 1.1 §5.1 c-printable), so go-yaml
//   v2 refuses to read them unescaped ("control characters are not allowed").
// Warnings: what happens depends on how the file is written and which tool reads it first.

import { fieldPath, finding, type Finding } from "../findings.ts";
import type { RuleContext } from "./context.ts";
import { record } from "./read.ts";
import type { LocatedObject } from "./tree-index.ts";

const BOOLEAN_KEYS: ReadonlySet<string> = new Set(["true", "false"]);
// eslint-disable-next-line no-control-regex
const MANGLED_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0085\u2028\u2029]/;

function characterName(value: string): string {
  const c = MANGLED_CHARACTER.exec(value)?.[0] ?? "";
  const names: Record<string, string> = { "\u0085": "NEL (U+0085)", "\u007f": "DEL (U+007F)", "\u2028": "LINE SEPARATOR (U+2028)", "\u2029": "PARAGRAPH SEPARATOR (U+2029)" };
  return names[c] ?? `the control character U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

function walk(object: LocatedObject, value: unknown, path: (string | number)[], findings: Finding[]): void {
  if (typeof value === "string") {
    if (MANGLED_CHARACTER.test(value)) {
      findings.push(finding(object.at, "yaml/control-character", "warning", fieldPath(path),
        `the value holds ${characterName(value)}, which go-yaml reads as a line break or refuses: kustomize or the API server gets another string`,
        "remove the character, or write it as an escape in a double-quoted string (\"\\N\", \"\\x7F\") and check the applied object"));
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(object, item, [...path, i], findings));
    return;
  }
  const map = record(value);
  if (map === undefined) return;
  for (const [key, child] of Object.entries(map)) {
    const at = [...path, key];
    if (BOOLEAN_KEYS.has(key)) {
      findings.push(finding(object.at, "yaml/boolean-key", "warning", fieldPath(at),
        `the key is the boolean ${key}: written on/off/yes/no/y/n/true/false without quotes, YAML 1.1 (kubectl, the API server) reads a boolean and kustomize reads the word`,
        `quote the key as meant ("on", "yes" …)`));
    } else if (key === "<<") {
      findings.push(finding(object.at, "yaml/merge-key", "warning", fieldPath(at),
        "a literal \"<<\" key: a merge key only when unquoted in a mapping; here it reaches the object as a field named <<",
        "write the merged fields out, or use an unquoted `<<: *anchor`"));
    } else if (MANGLED_CHARACTER.test(key)) {
      findings.push(finding(object.at, "yaml/control-character", "warning", fieldPath(at),
        `the key holds ${characterName(key)}, which go-yaml reads as a line break or refuses`, "remove the character from the key"));
    }
    walk(object, child, at, findings);
  }
}

export function yamlStringRules({ index }: RuleContext): Finding[] {
  return index.documents.flatMap((object) => {
    const findings: Finding[] = [];
    walk(object, object.object, [], findings);
    return findings;
  });
}
