// Flux post-build substitution, previewed: the files as kustomize-controller applies them once it
// has replaced each `${VAR}` with a Kustomization's variables, given the values of its
// `postBuild.substituteFrom` sources (a VARS_FILE), as flux-local does.
//
// Flux substitutes on each object's YAML text after kustomize build, so a value with YAML syntax
// in it can change what the text means. The preview substitutes the emitted text too (keeping
// it byte for byte otherwise) and checks that it still reads as the same data substituted field
// by field. Comments are left alone: kustomize build drops them, so Flux never sees them.

import { CST, isAlias, isMap, isScalar, isSeq, parseAllDocuments, parseDocument, Parser } from "yaml";
import { folderOfFluxPath } from "./k8s/flux.ts";
import type { FileTree } from "./tree.ts";
import { fieldPath, finding, type Finding } from "./validate/findings.ts";
import { dig, list, record, stringMap, text } from "./validate/rules/read.ts";
import { substituted, varReferences, type VarReference } from "./validate/rules/substitution.ts";
import { indexTree, KIND, type LocatedObject } from "./validate/rules/tree-index.ts";

/** A VARS_FILE read: variable values by substituteFrom source (`Secret/cluster-secrets`), then name. */
export type SourceValues = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** A VARS_FILE that is not YAML or has the wrong shape; one line per problem. */
export class VarsFileError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join("\n"));
    this.problems = problems;
  }
}

/** Flux reads substituteFrom sources in the Kustomization's namespace: ConfigMaps and Secrets. */
const SOURCE_KEY = /^(ConfigMap|Secret)\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
/** The variable names Flux accepts; it fails the Kustomization on any other ("var name is invalid"). */
const VAR_NAME = /^[_A-Za-z]\w*$/;

/** The `yaml` package's message without the source excerpt it appends. */
function firstLine(error: Error): string {
  return (error.message.split("\n")[0] ?? "").replace(/:$/, "");
}

function describe(node: unknown): string {
  if (isMap(node)) return "a map";
  if (isSeq(node)) return "a list";
  if (isAlias(node)) return "an alias";
  if (isScalar(node)) return node.value === null ? "null" : `a ${typeof node.value}`;
  return "nothing";
}

/**
 * Reads a VARS_FILE (YAML or JSON): a map from substituteFrom source (`Kind/name`) to that
 * source's variables, each a string, number or boolean on one line. Numbers and booleans keep
 * their text (`1.10` stays `1.10`), as the Secret holding them would. Every problem is reported.
 */
export function parseVarsFile(source: string, file: string): SourceValues {
  const doc = parseDocument(source);
  const problems = doc.errors.map((error) => `${file}: ${firstLine(error)}`);
  const values = new Map<string, Map<string, string>>();
  if (problems.length === 0 && !isMap(doc.contents)) {
    problems.push(`${file}: must be a map from substituteFrom source (Kind/name, e.g. Secret/cluster-secrets) to its variables, got ${describe(doc.contents)}`);
  }
  for (const { key, value } of problems.length === 0 && isMap(doc.contents) ? doc.contents.items : []) {
    const sourceKey = String(isScalar(key) ? key.value : key);
    if (!SOURCE_KEY.test(sourceKey)) {
      problems.push(`${file}: ${sourceKey}: not a substituteFrom source: top-level keys are Kind/name (Secret/cluster-secrets, ConfigMap/cluster-settings), each holding that source's variables`);
      continue;
    }
    if (!isMap(value)) {
      problems.push(`${file}: ${sourceKey}: must be a map of variables to values, got ${describe(value)}`);
      continue;
    }
    const vars = new Map<string, string>();
    values.set(sourceKey, vars);
    for (const pair of value.items) {
      const name = String(isScalar(pair.key) ? pair.key.value : pair.key);
      const at = `${file}: ${sourceKey}.${name}`;
      const scalar = isScalar(pair.value) && ["string", "number", "boolean"].includes(typeof pair.value.value) ? pair.value : undefined;
      const valueText = typeof scalar?.value === "string" ? scalar.value : scalar?.source;
      if (!VAR_NAME.test(name)) problems.push(`${at}: not a variable name Flux accepts (letters, digits and _, not starting with a digit)`);
      else if (valueText === undefined) problems.push(`${at}: must be a string, number or boolean, got ${describe(pair.value)}`);
      else if (/[\r\n]/.test(valueText)) problems.push(`${at}: must be one line: Flux removes line breaks from variable values`);
      else vars.set(name, valueText);
    }
  }
  if (problems.length > 0) throw new VarsFileError(problems);
  return values;
}

type Vars = ReadonlyMap<string, string>;

interface Substitution {
  readonly text: string;
  /** Variables with no value and no default. */
  readonly missing: readonly string[];
  /** References using an envsubst operation the preview does not evaluate. */
  readonly unsupported: readonly string[];
}

/**
 * One string substituted: `${VAR}`, `${VAR:=default}` and `${VAR:-default}` (the default when VAR
 * is unset or empty: Flux cannot tell them apart), `$${VAR}` written as `${VAR}`. Braces holding
 * no variable name are left as written; problems leave the reference as written too.
 */
function substitute(value: string, vars: Vars): Substitution {
  const missing: string[] = [];
  const unsupported: string[] = [];
  const replacement = (ref: VarReference): string => {
    if (ref.escaped) return ref.text.slice(1);
    if (ref.name === undefined) return ref.text;
    if (ref.operation !== "") {
      unsupported.push(ref.text);
      return ref.text;
    }
    const set = vars.get(ref.name);
    if (set !== undefined && (set !== "" || ref.fallback === undefined)) return set;
    if (ref.fallback !== undefined) return ref.fallback;
    missing.push(ref.name);
    return ref.text;
  };
  let result = "";
  let last = 0;
  for (const ref of varReferences(value)) {
    result += value.slice(last, ref.index) + replacement(ref);
    last = ref.index + ref.text.length;
  }
  return { text: result + value.slice(last), missing, unsupported };
}

type Report = (path: string, substitution: Substitution) => void;

/** The object with every key and string value substituted, problems reported with field paths. */
function substituteData(value: unknown, vars: Vars, report: Report, path: (string | number)[] = []): unknown {
  const substituteString = (s: string, at: (string | number)[]): string => {
    const result = substitute(s, vars);
    report(fieldPath(at), result);
    return result.text;
  };
  if (typeof value === "string") return substituteString(value, path);
  if (Array.isArray(value)) return value.map((item, i) => substituteData(item, vars, report, [...path, i]));
  const object = record(value);
  if (object === undefined) return value;
  return Object.fromEntries(
    Object.entries(object)
      .filter(([, item]) => item !== undefined)
      .map(([key, item]) => [substituteString(key, [...path, key]), substituteData(item, vars, report, [...path, key])]),
  );
}

/** How YAML 1.1 (as Kubernetes reads it) takes a text written as a plain scalar; unreadable text stays text. */
function plainScalar(source: string): unknown {
  const doc = parseDocument(source, { version: "1.1" });
  return doc.errors.length > 0 ? source : doc.toJS();
}

/**
 * Where YAML read the substituted text (`actual`) other than as the data substituted field by
 * field (`expected`); undefined when nowhere. A string that reads as a number, boolean or null is
 * the same when its text reads so as a plain scalar: `replicas: ${REPLICAS}` is meant to.
 */
function firstDifference(expected: unknown, actual: unknown, path: (string | number)[] = []): string | undefined {
  if (typeof expected === "string" && typeof actual !== "string" && (actual === null || typeof actual !== "object")) {
    return JSON.stringify(plainScalar(expected)) === JSON.stringify(actual) ? undefined : fieldPath(path);
  }
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    for (const [i, item] of expected.entries()) {
      const at = firstDifference(item, actual[i], [...path, i]);
      if (at !== undefined) return at;
    }
    return undefined;
  }
  const [e, a] = [record(expected), record(actual)];
  if (e !== undefined && a !== undefined) {
    if (Object.keys(e).length !== Object.keys(a).length) return fieldPath(path);
    for (const [key, item] of Object.entries(e)) {
      const at = Object.hasOwn(a, key) ? firstDifference(item, a[key], [...path, key]) : fieldPath([...path, key]);
      if (at !== undefined) return at;
    }
    return undefined;
  }
  return JSON.stringify(expected) === JSON.stringify(actual) ? undefined : fieldPath(path);
}

/** A Kustomization's variables and where they come from, for messages. */
interface KustomizationVars {
  readonly kustomization: LocatedObject;
  readonly vars: Vars;
  /** `Kind/name` of its substituteFrom sources, in order. */
  readonly sources: readonly string[];
}

/**
 * Flux's precedence (kustomize-controller, "Post build variable substitution"): substituteFrom
 * sources in order, a later one overriding an earlier one, then postBuild.substitute over all. A
 * source missing from the VARS_FILE is an error unless `optional`, as Flux fails the
 * Kustomization when such a source does not exist.
 */
function kustomizationVars(kustomization: LocatedObject, values: SourceValues, varsFile: string, findings: Finding[]): KustomizationVars {
  const postBuild = record(dig(kustomization.object, "spec", "postBuild"));
  const vars = new Map<string, string>();
  const sources = list(postBuild?.substituteFrom).map((source, i) => {
    const key = `${text(record(source)?.kind) ?? ""}/${text(record(source)?.name) ?? ""}`;
    const sourceValues = values.get(key);
    if (sourceValues !== undefined) for (const [name, value] of sourceValues) vars.set(name, value);
    else if (record(source)?.optional !== true) {
      findings.push(finding(kustomization.at, "resolve/missing-source", "error", `spec.postBuild.substituteFrom[${i}]`,
        `${key} is not in ${varsFile}: Flux fails the Kustomization when a source that is not optional does not exist`,
        `add ${key} with its variables to ${varsFile} (an empty map if none is used), or mark the source optional: true`));
    }
    return key;
  });
  // Flux removes line breaks from every value; the VARS_FILE's are refused instead, as a mistake.
  for (const [name, value] of Object.entries(stringMap(postBuild?.substitute))) vars.set(name, value.replaceAll("\n", ""));
  return { kustomization, vars, sources };
}

function problemFindings(object: LocatedObject, path: string, result: Substitution, { kustomization, sources }: KustomizationVars, varsFile: string): Finding[] {
  const ks = kustomization.at.document;
  return [
    ...result.missing.map((name) => finding(object.at, "resolve/undefined-var", "error", path,
      `\${${name}} has no value and no default: not in postBuild.substitute of ${ks}${sources.length > 0 ? ` nor under ${sources.join(", ")} in ${varsFile}` : ", which has no substituteFrom"}`,
      `${sources[0] !== undefined ? `add ${name} under ${sources[0]} in ${varsFile}` : `add ${name} to spec.postBuild.substitute of ${ks}`}, or give it a default: \${${name}:=value}`)),
    ...result.unsupported.map((ref) => finding(object.at, "resolve/unsupported", "error", path,
      `${ref}: the preview evaluates only \${VAR}, \${VAR:=default}, \${VAR:-default} and $\${VAR}`,
      "use one of those forms, or render without --resolve")),
  ];
}

interface ResolvedFile {
  readonly text: string;
  /** Each document as YAML reads the substituted text. */
  readonly objects: readonly unknown[];
}

/** One file of a Kustomization's folder, substituted where Flux substitutes, and checked. */
function resolveFile(source: string, objects: readonly LocatedObject[], ksVars: KustomizationVars, varsFile: string, findings: Finding[]): ResolvedFile {
  const tokens = [...new Parser().parse(source)];
  const documents = tokens.filter((token) => token.type === "document");
  const expected = objects.map((object, i) => {
    const document = documents[i];
    if (document === undefined) throw new Error(`${object.file}: ${documents.length} YAML documents for ${objects.length} objects`);
    if (!substituted(object)) return object.object;
    CST.visit(document, (item) => {
      for (const token of [item.key, item.value]) if (CST.isScalar(token)) token.source = substitute(token.source, ksVars.vars).text;
    });
    return substituteData(object.object, ksVars.vars, (path, result) => findings.push(...problemFindings(object, path, result, ksVars, varsFile)));
  });
  const text = tokens.map((token) => CST.stringify(token)).join("");
  const parsed = parseAllDocuments(text, { version: "1.1" });
  const read = objects.map((object, i) => {
    const doc = parsed[i];
    const yamlError = doc?.errors[0];
    const error = doc === undefined ? "its documents no longer line up" : yamlError && firstLine(yamlError);
    if (error !== undefined) {
      findings.push(finding(object.at, "resolve/invalid-yaml", "error", "", `after substitution the file is no longer valid YAML: ${error}`,
        "remove YAML syntax (quotes, ': ', ' #', leading *&!|>) from the variable's value"));
      return undefined;
    }
    const json = doc?.toJS() as unknown;
    const at = firstDifference(expected[i], json);
    if (at !== undefined) {
      findings.push(finding(object.at, "resolve/yaml-changed", "error", at,
        "after substitution the YAML reads differently from the substituted value: a variable's value holds YAML syntax (quotes, ': ', ' #', …)",
        "remove YAML syntax from the variable's value, or quote the field so that the value cannot break out"));
    }
    return json;
  });
  return { text, objects: read };
}

export interface Resolution {
  /** Path → text as Flux applies it; files no Flux Kustomization of the tree builds are unchanged. */
  readonly files: ReadonlyMap<string, string>;
  /** The tree with each substituted document's object as YAML reads its substituted text. */
  readonly tree: FileTree;
  /** Errors only: with any, the files must not be written. */
  readonly findings: readonly Finding[];
}

/**
 * Substitutes every file of every Flux Kustomization's folder (its `spec.path`) with that
 * Kustomization's variables, as Flux does after kustomize build. Kustomizations without
 * `spec.postBuild` substitute nothing, and files outside every folder (ks.yaml) are left as
 * written: Flux applies them through a parent Kustomization the tree does not hold.
 */
export function resolveTree(env: string, tree: FileTree, files: ReadonlyMap<string, string>, values: SourceValues, varsFile: string): Resolution {
  const index = indexTree(env, tree);
  const resolvedFiles = new Map(files);
  const resolvedTree = new Map(tree);
  const findings: Finding[] = [];
  // A folder two Kustomizations build takes the first one's variables, as the index takes its namespace.
  const done = new Set<string>();
  for (const kustomization of index.ofKind(KIND.fluxKustomization)) {
    const path = text(dig(kustomization.object, "spec", "path"));
    if (path === undefined || done.has(folderOfFluxPath(path)) || dig(kustomization.object, "spec", "postBuild") === undefined) continue;
    const folder = folderOfFluxPath(path);
    done.add(folder);
    const ksVars = kustomizationVars(kustomization, values, varsFile, findings);
    for (const file of index.filesIn(folder)) {
      const source = files.get(file);
      const treeFile = tree.get(file);
      if (source === undefined || treeFile === undefined) throw new Error(`${file}: in the tree but not rendered`);
      const resolved = resolveFile(source, index.objectsInFolder(folder).filter((object) => object.file === file), ksVars, varsFile, findings);
      resolvedFiles.set(file, resolved.text);
      resolvedTree.set(file, { ...treeFile, documents: treeFile.documents.map((doc, i) => ({ ...doc, object: (resolved.objects[i] ?? doc.object) as typeof doc.object })) });
    }
  }
  return { files: resolvedFiles, tree: resolvedTree, findings };
}
