// Flux post-build substitution: every `${VAR}` in an object a Flux Kustomization builds must be
// defined by its postBuild.substitute or its substituteFrom sources, or Flux writes an empty
// string in its place. The sources' keys come from the environment's declarations (the Secrets
// live outside the tree) or from a ConfigMap or Secret the tree holds.

import type { Document, KubeObject } from "../../document.ts";
import { fieldPath, finding, type Finding } from "../findings.ts";
import type { CrossObjectOptions, RuleContext } from "./context.ts";
import { dataKeys, dig, list, record, stringMap, text } from "./read.ts";
import { KIND, type LocatedObject, type TreeIndex } from "./tree-index.ts";

/** Flux skips objects with this annotation or label set to `disabled`. */
const SUBSTITUTE_SWITCH = "kustomize.toolkit.fluxcd.io/substitute";

/** One `${…}` in a string, as Flux's envsubst reads it. */
export interface VarReference {
  /** Where it starts, and its text (`$${VAR}` escapes included). */
  readonly index: number;
  readonly text: string;
  /** `$${VAR}`: Flux writes `${VAR}` and substitutes nothing. */
  readonly escaped: boolean;
  /** The variable; undefined when the braces hold no variable name. */
  readonly name: string | undefined;
  /** The default of `${VAR:=x}`, `${VAR:-x}`, `${VAR=x}`, `${VAR-x}`, used when VAR is unset or empty. */
  readonly fallback: string | undefined;
  /** Any other envsubst operation after the name (`^^`, `:0:3`, `/a/b`); "" for none. */
  readonly operation: string;
}

export function varReferences(value: string): VarReference[] {
  if (!value.includes("${")) return [];
  return [...value.matchAll(/(\$?)\$\{([^{}]*)\}/g)].map((match) => {
    const [text, escape, body] = match;
    const parsed = /^([A-Za-z_]\w*)(.*)$/s.exec(body ?? "");
    const rest = parsed?.[2] ?? "";
    const defaultOperator = /^:?[=-]/.exec(rest)?.[0];
    return {
      index: match.index,
      text,
      escaped: escape === "$",
      name: parsed?.[1],
      fallback: defaultOperator === undefined ? undefined : rest.slice(defaultOperator.length),
      operation: defaultOperator === undefined ? rest : "",
    };
  });
}

/** Names of the variables a string needs: references without a default, escapes excepted. */
function requiredVars(value: string): string[] {
  return varReferences(value).flatMap((ref) => (ref.escaped || ref.fallback !== undefined || ref.name === undefined ? [] : [ref.name]));
}

interface VarUse {
  readonly name: string;
  readonly path: string;
}

/** Every required variable in an object's keys and string values, with its field path. */
function varUses(value: unknown, path: (string | number)[] = [], uses: VarUse[] = []): VarUse[] {
  if (typeof value === "string") {
    for (const name of requiredVars(value)) uses.push({ name, path: fieldPath(path) });
    return uses;
  }
  // One path array for the whole walk: pushed and popped, copied only into findings. No entry
  // lists either: this visits every value of every document.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      varUses(value[i], path, uses);
      path.pop();
    }
    return uses;
  }
  const object = record(value);
  for (const key in object) {
    path.push(key);
    for (const name of requiredVars(key)) uses.push({ name, path: fieldPath(path) });
    varUses(object[key], path, uses);
    path.pop();
  }
  return uses;
}

interface Definitions {
  readonly postBuild: boolean;
  readonly defined: ReadonlySet<string>;
  /** `Kind/name` of substituteFrom sources whose keys nobody declared. */
  readonly unverified: readonly string[];
}

const SOURCE_KINDS: Readonly<Record<string, string>> = { ConfigMap: KIND.configMap, Secret: KIND.secret };

function definitions(kustomization: LocatedObject, index: TreeIndex, options: CrossObjectOptions): Definitions {
  const postBuild = record(dig(kustomization.object, "spec", "postBuild"));
  const defined = new Set(Object.keys(record(postBuild?.substitute) ?? {}));
  const unverified: string[] = [];
  for (const source of list(postBuild?.substituteFrom)) {
    const kind = text(record(source)?.kind) ?? "";
    const key = `${kind}/${text(record(source)?.name) ?? ""}`;
    const inTree = index.get(SOURCE_KINDS[kind] ?? "", kustomization.namespace, text(record(source)?.name) ?? "");
    const keys = options.substituteFromVars?.[key] ?? (inTree && dataKeys(inTree.object));
    if (keys === undefined) unverified.push(key);
    else for (const name of keys) defined.add(name);
  }
  return { postBuild: postBuild !== undefined, defined, unverified };
}

/** Whether Flux substitutes in an object: not kustomize's own Kustomization, nor one opted out. */
export function substituted(object: LocatedObject): boolean {
  const metadata = dig(object.object, "metadata");
  return object.kind !== KIND.kustomization
    && stringMap(dig(metadata, "annotations"))[SUBSTITUTE_SWITCH] !== "disabled"
    && stringMap(dig(metadata, "labels"))[SUBSTITUTE_SWITCH] !== "disabled";
}

function varFinding(object: LocatedObject, use: VarUse, kustomization: LocatedObject, defs: Definitions, options: CrossObjectOptions): Finding {
  const ks = `${kustomization.at.document} (${kustomization.file})`;
  const fix = `add ${use.name} to spec.postBuild.substitute of ${ks}, or give it a default: \${${use.name}:=value}`;
  if (!defs.postBuild) {
    return finding(object.at, "flux/undefined-var", "error", use.path,
      `\${${use.name}} reaches the cluster as written: ${kustomization.at.document} has no spec.postBuild, so Flux substitutes nothing`, fix);
  }
  if (defs.unverified.length > 0) {
    const sources = defs.unverified.join(", ");
    // A plain YAML tree has nowhere to declare a Secret's keys: the variable is substituted later, by Flux.
    if (options.canDeclareSources === false) {
      return finding(object.at, "flux/unverified-var", "info", use.path,
        `\${${use.name}} is not in postBuild.substitute of ${kustomization.at.document}: Flux substitutes it from ${sources}, which the tree does not hold: not checked`,
        `make sure ${sources} defines ${use.name}`);
    }
    return finding(object.at, "flux/unverified-var", "warning", use.path,
      `\${${use.name}} is not in postBuild.substitute of ${kustomization.at.document}; it can only come from ${sources}, whose keys are not declared: not checked`,
      `declare the keys of ${sources} (substituteFromVars) so that \${${use.name}} is checked`);
  }
  const known = defs.defined.size > 0 ? [...defs.defined].join(", ") : "nothing";
  return finding(object.at, "flux/undefined-var", "error", use.path,
    `\${${use.name}} is not defined for ${kustomization.at.document} (it defines: ${known}): Flux substitutes an empty string`, fix);
}

export function substitutionRules({ index, options }: RuleContext): Finding[] {
  return index.ofKind(KIND.fluxKustomization).flatMap((kustomization) => {
    const objects = index.appliedTo(kustomization).filter(substituted);
    if (objects.length === 0) return [];
    const defs = definitions(kustomization, index, options);
    return objects.flatMap((object) =>
      varUses(object.object).filter((use) => !defs.defined.has(use.name)).map((use) => varFinding(object, use, kustomization, defs, options)),
    );
  });
}

/** A plain scalar the YAML text `value` would read as, the way Flux's substituted text is read again: numbers and booleans. */
function rereadScalar(value: string): string | number | boolean {
  if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(value)) return Number(value);
  if (value === "true" || value === "false") return value === "true";
  return value;
}

function substituteString(value: string, vars: Readonly<Record<string, string>>): string | number | boolean {
  const refs = varReferences(value);
  let out = "";
  let at = 0;
  for (const ref of refs) {
    const known = ref.name === undefined || ref.escaped ? undefined : (vars[ref.name] ?? ref.fallback);
    out += value.slice(at, ref.index) + (known ?? ref.text);
    at = ref.index + ref.text.length;
  }
  out += value.slice(at);
  // `runAsUser: ${PUID:=1000}` is text to Flux: after substitution YAML reads a number. The data
  // does not say whether the scalar was quoted; home-ops quote only where a string is wanted
  // from a string-looking value, so a whole-value reference is read again as a plain scalar.
  const whole = refs.length === 1 && refs[0]?.index === 0 && refs[0].text.length === value.length;
  return whole && out !== value ? rereadScalar(out) : out;
}

/**
 * `value` with its variables substituted, copied only where something changed: an unchanged
 * branch is the same object (no garbage at a thousand apps, and validation's per-value memory
 * still recognises it).
 */
function substituteValue(value: unknown, vars: Readonly<Record<string, string>>): unknown {
  if (typeof value === "string") return value.includes("${") ? substituteString(value, vars) : value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const after = substituteValue(item, vars);
      if (after !== item) (copy ??= [...value])[i] = after;
    }
    return copy ?? value;
  }
  const object = record(value);
  if (object === undefined) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key in object) {
    const item = object[key];
    const after = substituteValue(item, vars);
    // Assigning to a key the copy already has keeps the key order.
    if (after !== item) (copy ??= { ...object })[key] = after;
  }
  return copy ?? object;
}

/**
 * The document the schemas check: the object as built, with the variables the tree shows
 * substituted as Flux will (the applying Kustomization's postBuild.substitute, then each
 * reference's own default). A variable only a substituteFrom Secret defines stays as written.
 */
export function schemaPreview(object: LocatedObject): Document {
  const postBuild = object.appliedBy === undefined ? undefined : record(dig(object.appliedBy.object, "spec", "postBuild"));
  const built = object.object as unknown as KubeObject;
  if (postBuild === undefined || !substituted(object)) return built === object.doc.object ? object.doc : { ...object.doc, object: built };
  return { ...object.doc, object: substituteValue(built, stringMap(postBuild.substitute)) as KubeObject };
}
