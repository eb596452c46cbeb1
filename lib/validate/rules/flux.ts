// Flux Kustomizations build (their dependsOn is depends-on.ts's). The cluster view reads each build the way kustomize-controller
// does and records what would fail it (a spec.path or a listed entry that is not in the tree) or
// leave a file out (an object file its folder's kustomization.yaml never names).

import { documentName } from "../../document.ts";
import { finding, type Finding } from "../findings.ts";
import type { RuleContext } from "./context.ts";

export function fluxRules({ index }: RuleContext): Finding[] {
  return [
    ...index.view.problems.map((problem) =>
      finding({ env: index.env, file: problem.at.file, document: documentName(problem.at.doc) }, "ref/flux-path", problem.severity, problem.path, problem.message, problem.fix)),
  ];
}
