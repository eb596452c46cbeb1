// Flux Kustomizations resolve: their dependsOn names Kustomizations (checked when in the tree),
// and what they build builds. The cluster view reads each build the way kustomize-controller
// does and records what would fail it (a spec.path or a listed entry that is not in the tree) or
// leave a file out (an object file its folder's kustomization.yaml never names).

import { documentName } from "../../document.ts";
import { fieldPath, finding, type Finding } from "../findings.ts";
import type { RuleContext } from "./context.ts";
import { dig, list, record, text } from "./read.ts";
import { KIND, type LocatedObject, type TreeIndex } from "./tree-index.ts";

function dependsOnFindings(kustomization: LocatedObject, index: TreeIndex): Finding[] {
  return list(dig(kustomization.object, "spec", "dependsOn")).flatMap((dependency, i): Finding[] => {
    const name = text(record(dependency)?.name);
    const namespace = text(record(dependency)?.namespace) ?? kustomization.namespace;
    if (name === undefined || index.get(KIND.fluxKustomization, namespace, name) !== undefined) return [];
    return [finding(kustomization.at, "ref/flux-depends-on", "info", fieldPath(["spec", "dependsOn", i, "name"]),
      `Kustomization ${name} in namespace ${namespace} is not in the tree: an external dependency, not checked`,
      "nothing, if another part of the repository provides it")];
  });
}

export function fluxRules({ index }: RuleContext): Finding[] {
  return [
    ...index.ofKind(KIND.fluxKustomization).flatMap((k) => dependsOnFindings(k, index)),
    ...index.view.problems.map((problem) =>
      finding({ env: index.env, file: problem.at.file, document: documentName(problem.at.doc) }, "ref/flux-path", problem.severity, problem.path, problem.message, problem.fix)),
  ];
}
