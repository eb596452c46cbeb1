// Names, namespaces, label keys and values, annotation keys: the syntax the API server checks
// before it stores anything (the CRDs' schemas cannot say it: metadata is not in them). A
// `${VAR}` stands for one letter, so only the text around it can fail.
//
// Upstream (kubernetes/kubernetes, staging/src/k8s.io/apimachinery):
//   pkg/util/validation/validation.go (008b365): IsDNS1123Label :166, IsDNS1123Subdomain :197,
//     IsDNS1035Label :231 (63 and 253 characters, lower case)
//   pkg/api/validate/content/kube.go (26c0309): IsLabelKey :43 (optional DNS-subdomain prefix,
//     name of 63), IsLabelValue :85 (empty or 63 characters)
//   pkg/apis/core/validation/validation.go: ValidateServiceName = NameIsDNS1035Label,
//     ValidateNamespaceName = NameIsDNSLabel; pkg/apis/rbac/validation: ValidateRBACName =
//     path.IsValidPathSegmentName (`system:foo` is a valid ClusterRole); pkg/apis/batch/validation:
//     a CronJob name longer than 52 characters is rejected (its Jobs append 11).
//   apiextensions-apiserver: custom resources are named as DNS subdomains.

import { fieldPath, finding, type Finding } from "../findings.ts";
import type { RuleContext } from "./context.ts";
import { withPlaceholders } from "./flux-text.ts";
import { kustomizeFiles } from "./kustomize-files.ts";
import { dig, record, text, type JsonRecord } from "./read.ts";
import { groupKind, KIND, type LocatedObject } from "./tree-index.ts";

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** What a value is checked as, and how the API server words it. */
interface NameFormat {
  readonly what: string;
  /** Why the value fails, or undefined when it is valid. */
  readonly problem: (value: string) => string | undefined;
}

function regexFormat(what: string, pattern: RegExp, max: number, rule: string): NameFormat {
  return {
    what,
    problem: (value) => {
      if (value.length > max) return `is ${value.length} characters, more than ${max}`;
      return pattern.test(value) ? undefined : `must be ${rule}`;
    },
  };
}

const DNS_SUBDOMAIN = regexFormat("a DNS-1123 subdomain", SUBDOMAIN, 253, "lower case letters, digits, '-' and '.', starting and ending with a letter or digit");
const DNS_LABEL = regexFormat("a DNS-1123 label", LABEL, 63, "lower case letters, digits and '-', starting and ending with a letter or digit");
const DNS_1035 = regexFormat("a DNS-1035 label", DNS1035, 63, "lower case letters, digits and '-', starting with a letter and ending with a letter or digit");
const CRON_JOB = regexFormat("a DNS-1123 subdomain of at most 52 characters", SUBDOMAIN, 52, "lower case letters, digits, '-' and '.', starting and ending with a letter or digit");
const PATH_SEGMENT: NameFormat = {
  what: "a path segment",
  problem: (value) => (value === "." || value === ".." ? "must not be . or .." : /[/%]/.test(value) ? "must not contain '/' or '%'" : undefined),
};

const LABEL_KEY: NameFormat = {
  what: "a label key",
  problem: (key) => {
    const parts = key.split("/");
    if (parts.length > 2) return "must be a name with at most one '/' after an optional DNS-subdomain prefix";
    const name = parts.at(-1) ?? "";
    if (parts.length === 2) {
      const prefix = parts[0] ?? "";
      const bad = prefix === "" ? "is empty" : DNS_SUBDOMAIN.problem(prefix);
      if (bad !== undefined) return `prefix "${prefix}" ${bad}`;
    }
    if (name.length > 63) return `name part is ${name.length} characters, more than 63`;
    return QUALIFIED.test(name) ? undefined : "name part must be letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  },
};

const LABEL_VALUE: NameFormat = {
  what: "a label value",
  problem: (value) => {
    if (value.length > 63) return `is ${value.length} characters, more than 63`;
    return value === "" || QUALIFIED.test(value) ? undefined : "must be empty or letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  },
};

const RBAC_KINDS: ReadonlySet<string> = new Set(["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"].map((kind) => groupKind("rbac.authorization.k8s.io", kind)));

/** The format of `metadata.name` for a kind. */
function nameFormat(kind: string): NameFormat {
  if (kind === "Namespace") return DNS_LABEL;
  if (kind === KIND.service) return DNS_1035;
  if (kind === groupKind("batch", "CronJob")) return CRON_JOB;
  if (RBAC_KINDS.has(kind)) return PATH_SEGMENT;
  return DNS_SUBDOMAIN;
}

/** A letter stands for each variable: valid in every format, and the shortest a value can be. */
const VAR_STANDS_FOR = "x";

/** `path` is the field path, or what makes it: most values pass, and their paths are never needed. */
function check(object: LocatedObject, rule: string, path: string | (() => string), value: string, format: NameFormat, fix: string): Finding[] {
  const problem = format.problem(value.includes("$") ? withPlaceholders(value, VAR_STANDS_FOR) : value);
  if (problem === undefined) return [];
  return [finding(object.at, rule, "error", typeof path === "string" ? path : path(), `"${value}" is not ${format.what}: it ${problem}; the API server rejects the object`, fix)];
}

/** Label maps the API server validates: metadata and pod-template labels, selectors' matchLabels, Flux commonMetadata. */
function labelMaps(value: unknown, path: (string | number)[], found: { path: (string | number)[]; map: JsonRecord; annotations: boolean }[]): void {
  // One path array, pushed and popped while walking; copied only for a label map found.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      labelMaps(value[i], path, found);
      path.pop();
    }
    return;
  }
  if (typeof value !== "object" || value === null) return;
  const object = value as JsonRecord;
  const parent = path.at(-1);
  for (const key in object) {
    const child = object[key];
    const map = record(child);
    if (map !== undefined && (parent === "metadata" || parent === "commonMetadata") && (key === "labels" || key === "annotations")) {
      found.push({ path: [...path, key], map, annotations: key === "annotations" });
    } else if (map !== undefined && key === "matchLabels") {
      found.push({ path: [...path, key], map, annotations: false });
    } else if (typeof child === "object" && child !== null) {
      path.push(key);
      labelMaps(child, path, found);
      path.pop();
    }
  }
}

/** Where labels live in an object; a HelmRelease's values and a ConfigMap's data are the chart's and the app's business. */
function labelFindings(object: LocatedObject): Finding[] {
  const found: { path: (string | number)[]; map: JsonRecord; annotations: boolean }[] = [];
  const { spec, data: _data, stringData: _stringData, ...rest } = object.object as Record<string, unknown>;
  labelMaps(rest, [], found);
  const specRecord = record(spec);
  if (specRecord !== undefined) {
    const { values: _values, ...specRest } = specRecord;
    labelMaps(object.kind === KIND.helmRelease ? specRest : specRecord, ["spec"], found);
  }
  const selector = record(dig(object.object, "spec", "selector"));
  if (object.kind === KIND.service && selector !== undefined) found.push({ path: ["spec", "selector"], map: selector, annotations: false });
  return found.flatMap(({ path, map, annotations }) =>
    Object.entries(map).flatMap(([key, value]) => {
      const at = (): string => fieldPath([...path, key]);
      const keyFindings = check(object, annotations ? "names/annotation-key" : "names/label-key", at, key, LABEL_KEY,
        "use letters, digits, '-', '_' and '.' (at most 63) after an optional DNS prefix and '/'");
      const valueText = text(value);
      if (annotations || valueText === undefined) return keyFindings;
      return [...keyFindings, ...check(object, "names/label-value", at, valueText, LABEL_VALUE, "shorten it to 63 characters of letters, digits, '-', '_' and '.'")];
    }),
  );
}

const NAMESPACE_FIX = "namespaces are DNS-1123 labels: lower case letters, digits and '-', at most 63";

function metadataFindings(object: LocatedObject): Finding[] {
  // The index holds the object as built: a Namespace kustomize renames after its kustomization's
  // `namespace:` (home-ops trees write `name: _`) has that name, checked where it is written.
  const format = object.kind === "Namespace" && object.name !== text(dig(object.doc.object, "metadata", "name")) ? undefined : nameFormat(object.kind);
  const name = text(dig(object.object, "metadata", "name"));
  const namespace = text(dig(object.object, "metadata", "namespace"));
  const target = object.kind === KIND.fluxKustomization ? text(dig(object.object, "spec", "targetNamespace")) : undefined;
  return [
    ...(format === undefined || name === undefined ? [] : check(object, "names/object-name", "metadata.name", name, format, `rename it: ${object.kind.split(".")[0]} names must be ${format.what}`)),
    ...(namespace === undefined ? [] : check(object, "names/object-name", "metadata.namespace", namespace, DNS_LABEL, NAMESPACE_FIX)),
    ...(target === undefined ? [] : check(object, "names/object-name", "spec.targetNamespace", target, DNS_LABEL, NAMESPACE_FIX)),
  ];
}

/** kustomize sets its `namespace:` on every object it builds. */
function kustomizationFindings(build: LocatedObject): Finding[] {
  const namespace = text(build.object.namespace);
  return namespace === undefined ? [] : check(build, "names/object-name", "namespace", namespace, DNS_LABEL, NAMESPACE_FIX);
}

export function nameRules({ index }: RuleContext): Finding[] {
  // Each document once: a Component's file applied by three apps has the same text three times.
  return [
    ...index.documents.flatMap((object) => [...metadataFindings(object), ...labelFindings(object)]),
    ...kustomizeFiles(index).flatMap(kustomizationFindings),
  ];
}
