// Objects a tree refers to but does not hold: a Secret the bootstrap creates, a Gateway another
// cluster app owns, a Service a chart installs. The config declares them
// (`externals: ["Secret/flux-system/cluster-secrets", "Gateway/network/external"]`) and a
// reference rule treats a declared object as present instead of reporting it missing.
//
//   Kind/namespace/name   that object in that namespace
//   Kind/name             that name in any namespace, or a cluster-scoped object
//
// `*` in the namespace or the name matches any run of characters (`Service/kube-system/*`). The
// kind is matched exactly: a kind never varies, and a misspelt kind would silently match nothing.

import { globRegExp } from "./glob.ts";

export interface ExternalObject {
  readonly kind: string;
  /** Absent: any namespace (and cluster-scoped objects). */
  readonly namespace?: string;
  readonly name: string;
}

/** Whether a reference rule should treat `kind` `namespace`/`name` as present. */
export type IsDeclaredExternal = (kind: string, namespace: string | undefined, name: string) => boolean;

const KIND = /^[A-Z][A-Za-z0-9]*$/;
// A DNS label, with `*` allowed: what a namespace can be, or a pattern of them.
const NAMESPACE = /^[a-z0-9*]([a-z0-9*-]*[a-z0-9*])?$/;
// Object names are DNS subdomains, paths or anything a CRD allows: only `/` and blanks are out.
const NAME = /^[^/\s]+$/;

/** The object an `externals` entry names; throws with what is wrong (the caller adds where). */
export function parseExternal(text: string): ExternalObject {
  const parts = text.split("/");
  const usage = `${JSON.stringify(text)} is not "Kind/namespace/name" or "Kind/name"`;
  if (parts.length !== 2 && parts.length !== 3) throw new Error(usage);
  const kind = parts[0]!;
  const name = parts[parts.length - 1]!;
  const namespace = parts.length === 3 ? parts[1]! : undefined;
  if (!KIND.test(kind)) throw new Error(`${usage}: the kind ${JSON.stringify(kind)} must be a Kind as written in YAML (Secret, HTTPRoute)`);
  if (namespace !== undefined && !NAMESPACE.test(namespace)) throw new Error(`${usage}: ${JSON.stringify(namespace)} is not a namespace`);
  if (!NAME.test(name)) throw new Error(`${usage}: the name is empty or has blanks`);
  return namespace === undefined ? { kind, name } : { kind, namespace, name };
}

interface CompiledExternal {
  readonly kind: string;
  readonly namespace: RegExp | undefined;
  readonly name: RegExp;
}

function compile(external: ExternalObject): CompiledExternal {
  return {
    kind: external.kind,
    namespace: external.namespace === undefined ? undefined : globRegExp(external.namespace),
    name: globRegExp(external.name),
  };
}

function matches(external: CompiledExternal, kind: string, namespace: string | undefined, name: string): boolean {
  if (external.kind !== kind || !external.name.test(name)) return false;
  // A declaration with a namespace names a namespaced object: it never matches a cluster-scoped one.
  return external.namespace === undefined || (namespace !== undefined && external.namespace.test(namespace));
}

/** Whether one of `declared` names the object. */
export function isDeclaredExternal(declared: readonly ExternalObject[], kind: string, namespace: string | undefined, name: string): boolean {
  return declaredExternals(declared)(kind, namespace, name);
}

/**
 * The config's `externals` entries as one predicate, patterns compiled once: what a rule context
 * carries so that every reference rule asks the same question the same way.
 */
export function declaredExternals(entries: readonly (string | ExternalObject)[]): IsDeclaredExternal {
  const compiled = entries.map((entry) => compile(typeof entry === "string" ? parseExternal(entry) : entry));
  return (kind, namespace, name) => compiled.some((external) => matches(external, kind, namespace, name));
}
