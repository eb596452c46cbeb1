// Flux `dependsOn`: a Kustomization waits for Kustomizations, a HelmRelease for HelmReleases
// (same namespace unless the entry names one). A dependency that does not exist, or a cycle,
// keeps the dependent from ever applying: the controller logs "dependency ... not found" or "not
// ready" and requeues forever (fluxcd/kustomize-controller internal/controller/
// kustomization_controller.go `checkDependencies`; fluxcd/helm-controller
// internal/controller/helmrelease_controller.go `checkDependencies`).
//
// A tree is often part of a repository (one app rendered, other apps elsewhere), so a missing
// dependency is an error only when the tree holds objects of that kind in the namespace the
// entry names: then the namespace is the tree's to know, and a near name is the likely meant one.
// Otherwise the dependency is outside the tree: an info, flux/depends-on-external.

import { didYouMean } from "../../suggest.ts";
import { fieldPath, finding, type Finding } from "../findings.ts";
import type { RuleContext } from "./context.ts";
import { hasVars } from "./flux-text.ts";
import { dig, list, record, text } from "./read.ts";
import { KIND, type LocatedObject, type TreeIndex } from "./tree-index.ts";

const DEPENDENT_KINDS = [KIND.fluxKustomization, KIND.helmRelease] as const;

interface Dependency {
  readonly from: LocatedObject;
  readonly index: number;
  readonly namespace: string;
  readonly name: string;
  /** The object of the tree it names, if any. */
  readonly target: LocatedObject | undefined;
}

function dependencies(object: LocatedObject, index: TreeIndex): Dependency[] {
  return list(dig(object.object, "spec", "dependsOn")).flatMap((entry, i) => {
    const name = text(record(entry)?.name);
    if (name === undefined) return [];
    const namespace = text(record(entry)?.namespace) ?? object.namespace;
    return [{ from: object, index: i, namespace, name, target: index.get(object.kind, namespace, name) }];
  });
}

const KIND_NAME = (kind: string): string => kind.split(".")[0] ?? kind;

function missingFindings(dependency: Dependency, index: TreeIndex): Finding[] {
  const { from, namespace, name } = dependency;
  // A name Flux substitutes is known once it has: not checked.
  if (dependency.target !== undefined || hasVars(name) || hasVars(namespace)) return [];
  const path = fieldPath(["spec", "dependsOn", dependency.index, "name"]);
  const siblings = index.inNamespace(from.kind, namespace).map((o) => o.name);
  if (siblings.length > 0) {
    return [finding(from.at, "flux/depends-on-missing", "error", path,
      `no ${KIND_NAME(from.kind)} ${name} in namespace ${namespace}${didYouMean(name, siblings)}: ${from.at.document} waits for it forever and is never applied`,
      `name one of the ${KIND_NAME(from.kind)}s of namespace ${namespace}, or set namespace: on the entry if it lives elsewhere`)];
  }
  return [finding(from.at, "flux/depends-on-external", "info", path,
    `${KIND_NAME(from.kind)} ${name} in namespace ${namespace} is not in the tree: an external dependency, not checked`,
    "nothing, if another part of the repository provides it")];
}

/** The cycles of the dependency graph (Tarjan's strongly connected components), each as its members' in-cycle edges. */
function cycleEdges(edges: ReadonlyMap<LocatedObject, readonly Dependency[]>): Dependency[][] {
  const order = new Map<LocatedObject, number>();
  const low = new Map<LocatedObject, number>();
  const stack: LocatedObject[] = [];
  const onStack = new Set<LocatedObject>();
  const cycles: Dependency[][] = [];
  const visit = (node: LocatedObject): void => {
    order.set(node, order.size);
    low.set(node, order.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const { target } of edges.get(node) ?? []) {
      if (target === undefined) continue;
      if (!order.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, order.get(target)!));
      }
    }
    if (low.get(node) !== order.get(node)) return;
    const members = new Set<LocatedObject>();
    for (let member = stack.pop(); member !== undefined; member = member === node ? undefined : stack.pop()) {
      onStack.delete(member);
      members.add(member);
    }
    const inCycle = [...members].flatMap((member) => (edges.get(member) ?? []).filter((d) => d.target !== undefined && members.has(d.target)));
    if (inCycle.length > 0) cycles.push(inCycle);
  };
  for (const node of edges.keys()) if (!order.has(node)) visit(node);
  return cycles;
}

function cycleFindings(cycle: readonly Dependency[]): Finding[] {
  const names = [...new Set(cycle.map((d) => `${d.from.namespace}/${d.from.name}`))].sort();
  return cycle.map((d) =>
    finding(d.from.at, "flux/depends-on-cycle", "error", fieldPath(["spec", "dependsOn", d.index, "name"]),
      `dependsOn cycle among ${KIND_NAME(d.from.kind)}s ${names.join(", ")}: each waits for the other to be ready, so none is ever applied`,
      "remove the entry that points back, so the dependencies form an order"));
}

export function dependsOnRules({ index }: RuleContext): Finding[] {
  return DEPENDENT_KINDS.flatMap((kind) => {
    // One node per object: a Kustomization applied twice (a Component) is still one object.
    const edges = new Map<LocatedObject, Dependency[]>();
    for (const object of index.ofKind(kind)) {
      const node = index.get(kind, object.namespace, object.name) ?? object;
      if (!edges.has(node)) edges.set(node, dependencies(node, index));
    }
    return [...[...edges.values()].flat().flatMap((d) => missingFindings(d, index)), ...cycleEdges(edges).flatMap(cycleFindings)];
  });
}
