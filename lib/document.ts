// A document is a typed Kubernetes object plus how it is written. The object is plain data (no
// class instances), so merge, validate and emit all see the same thing.

import type { Style } from "./yaml/style.ts";

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
}

export interface DocumentOptions {
  /** Formatting by field path; see lib/yaml/style.ts. */
  readonly style?: Style;
  /** Comment lines written right after the document's `---`. */
  readonly comment?: string;
}

export interface Document<T extends KubeObject = KubeObject> extends DocumentOptions {
  readonly object: T;
  /**
   * Set for objects built with the untyped escape hatch (`untypedObject`): no model checked their
   * shape at compile time, so validation reports them.
   */
  readonly untyped?: true;
}

export function document<T extends KubeObject>(object: T, options: DocumentOptions = {}): Document<T> {
  return { object, ...options };
}

/** `Kind/name` for messages. */
export function documentName(doc: Document): string {
  return `${doc.object.kind}/${doc.object.metadata?.name ?? "(unnamed)"}`;
}
