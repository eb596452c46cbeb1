// Kubernetes label selectors, the one matcher every selector rule uses: matchLabels plus
// matchExpressions, as NetworkPolicy, PodDisruptionBudget, monitors and affinity terms share.

import { list, record, stringMap, text } from "./read.ts";

type Labels = Readonly<Record<string, string>>;

function expressionHolds(expression: unknown, labels: Labels): boolean {
  const e = record(expression);
  const key = text(e?.key);
  if (key === undefined) return false;
  const value = Object.hasOwn(labels, key) ? labels[key] : undefined;
  const values = list(e?.values);
  switch (text(e?.operator)) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    default:
      return false; // the API server rejects other operators
  }
}

/**
 * Whether the selector selects an object with these labels. `{}` selects everything; what an
 * absent selector means differs by kind, so callers decide that before asking.
 */
export function selects(selector: unknown, labels: Labels): boolean {
  const s = record(selector);
  if (s === undefined) return false;
  for (const [key, value] of Object.entries(stringMap(s.matchLabels))) {
    if (labels[key] !== value) return false;
  }
  return list(s.matchExpressions).every((expression) => expressionHolds(expression, labels));
}

/** Every namespace carries its own name under this label; it is the only namespace label a tree shows. */
const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/**
 * Whether a namespaceSelector selects the namespace, or undefined when the selector reads
 * namespace labels the tree cannot tell (anything but kubernetes.io/metadata.name).
 */
export function selectsNamespace(selector: unknown, namespace: string): boolean | undefined {
  const s = record(selector);
  if (s === undefined) return undefined;
  const keys = [...Object.keys(record(s.matchLabels) ?? {}), ...list(s.matchExpressions).map((e) => text(record(e)?.key))];
  if (keys.some((key) => key !== NAMESPACE_NAME_LABEL)) return undefined;
  return selects(s, { [NAMESPACE_NAME_LABEL]: namespace });
}

/** `k=v,k2=v2`, as kubectl writes a selector. */
export function formatLabels(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels).map(([key, value]) => `${key}=${value}`).join(",");
}
