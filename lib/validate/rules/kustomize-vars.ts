// A `${VAR}` in a kustomization.yaml field kustomize reads before Flux substitutes anything.
// kustomize-controller builds the folder first and substitutes the variables in the objects the
// build yields (fluxcd/kustomize-controller internal/controller/kustomization_controller.go
// `build` then `postBuild` substitution of each resource; fluxcd/pkg kustomize/kustomize_varsub.go
// `SubstituteVariables` runs on a built *resource.Resource; kustomize-controller#1126: "there is
// no code in kustomize-controller that would perform ... postBuild substitutions on itself").
// So a variable that only travels into the output (namespace, namePrefix, images' newTag,
// labels, an inline patch's content) is substituted there and works; a variable kustomize itself
// has to understand is read as its literal text:
// - a file or folder path (resources, components, patches[].path, generators' files and envs …):
//   no such file, the build fails;
// - a patch or replacement selector: kustomize matches names as anchored regular expressions
//   (kubernetes-sigs/kustomize api/types/selector.go, `^(?:${APP})$` matches nothing), so the
//   patch silently changes nothing;
// - replicas[].count: kustomize wants an integer, the kustomization does not load;
// - configMapGenerator/secretGenerator literals: the data is substituted, but the name's hash
//   was computed from the unsubstituted text, so a changed variable never rolls the pods.

import { fieldPath, finding, type Finding } from "../findings.ts";
import type { RuleContext } from "./context.ts";
import { hasVars } from "./flux-text.ts";
import { kustomizeFiles } from "./kustomize-files.ts";
import { list, record, type JsonRecord } from "./read.ts";
import type { LocatedObject } from "./tree-index.ts";

type Path = readonly (string | number)[];

interface Use {
  readonly path: Path;
  readonly value: string;
  readonly effect: "path" | "selector" | "integer" | "hash";
}

const EFFECT: Readonly<Record<Use["effect"], { severity: "error" | "warning"; says: string; fix: string }>> = {
  path: {
    severity: "error",
    says: "kustomize opens this path before Flux substitutes anything: no such file, and the build fails",
    fix: "write the path out; variables work only in the objects the build yields",
  },
  selector: {
    severity: "error",
    says: "kustomize selects by this text before Flux substitutes it, and no object matches: the patch silently changes nothing",
    fix: "select by a literal name, kind or label (a Component can select by kind and label)",
  },
  integer: {
    severity: "error",
    says: "kustomize reads this as an integer before Flux substitutes anything: the kustomization does not load",
    fix: "write the number, or set the field in the object where Flux substitutes it",
  },
  hash: {
    severity: "warning",
    says: "Flux substitutes it in the generated data, but the name's hash comes from the text before: a changed value does not roll the pods that mount it",
    fix: "put the variable in a plain ConfigMap or Secret resource, or set generatorOptions.disableNameSuffixHash",
  },
};

/** The strings holding a variable in a field that is a string or a list of strings. */
function stringsAt(value: unknown, path: Path, effect: Use["effect"], uses: Use[]): void {
  if (typeof value === "string") {
    if (hasVars(value)) uses.push({ path, value, effect });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => stringsAt(item, [...path, i], effect, uses));
  }
}

const SELECTOR_FIELDS = ["group", "version", "kind", "name", "namespace", "labelSelector", "annotationSelector"] as const;

function selectorAt(selector: unknown, path: Path, uses: Use[]): void {
  const s = record(selector);
  for (const field of SELECTOR_FIELDS) stringsAt(s?.[field], [...path, field], "selector", uses);
}

const PATH_LISTS = ["resources", "components", "crds", "patchesStrategicMerge", "generators", "transformers", "validators", "configurations"] as const;
const GENERATORS = ["configMapGenerator", "secretGenerator"] as const;

function uses(build: JsonRecord): Use[] {
  const found: Use[] = [];
  for (const field of PATH_LISTS) stringsAt(build[field], [field], "path", found);
  stringsAt(record(build.openapi)?.path, ["openapi", "path"], "path", found);
  for (const field of ["patches", "patchesJson6902"] as const) {
    list(build[field]).forEach((patch, i) => {
      stringsAt(record(patch)?.path, [field, i, "path"], "path", found);
      selectorAt(record(patch)?.target, [field, i, "target"], found);
    });
  }
  list(build.replacements).forEach((replacement, i) => {
    const r = record(replacement);
    stringsAt(r?.path, ["replacements", i, "path"], "path", found);
    selectorAt(r?.source, ["replacements", i, "source"], found);
    list(r?.targets).forEach((target, t) => selectorAt(record(target)?.select, ["replacements", i, "targets", t, "select"], found));
  });
  list(build.replicas).forEach((replica, i) => stringsAt(record(replica)?.count, ["replicas", i, "count"], "integer", found));
  for (const field of GENERATORS) {
    list(build[field]).forEach((generator, i) => {
      const g = record(generator);
      stringsAt(g?.files, [field, i, "files"], "path", found);
      stringsAt(g?.envs, [field, i, "envs"], "path", found);
      stringsAt(g?.env, [field, i, "env"], "path", found);
      if (record(build.generatorOptions)?.disableNameSuffixHash !== true && record(g?.options)?.disableNameSuffixHash !== true) {
        stringsAt(g?.literals, [field, i, "literals"], "hash", found);
      }
    });
  }
  return found;
}

function fileFindings(build: LocatedObject): Finding[] {
  return uses(build.object).map((use) => {
    const effect = EFFECT[use.effect];
    return finding(build.at, "kustomize/early-var", effect.severity, fieldPath(use.path), `"${use.value}": ${effect.says}`, effect.fix);
  });
}

export function kustomizeVarRules({ index }: RuleContext): Finding[] {
  return kustomizeFiles(index).flatMap(fileFindings);
}
