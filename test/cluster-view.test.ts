// The cluster view reads a tree the way kustomize-controller builds it: which objects each Flux
// Kustomization applies, in which namespace, and which files nothing applies.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { join } from "node:path";
import { validateFolder } from "../lib/cli/validate-folder.ts";
import { document, type KubeObject } from "../lib/document.ts";
import type { FileTree } from "../lib/tree.ts";
import { clusterView, type ClusterView } from "../lib/validate/cluster-view.ts";
import { Capture, REPO_ROOT } from "./helpers.ts";

type Files = Record<string, readonly object[]>;

function treeOf(files: Files): FileTree {
  return new Map(Object.entries(files).map(([path, objects]) => [path, { documents: objects.map((o) => document(o as KubeObject)) }]));
}

function ks(name: string, path: string, spec: object = {}, namespace?: string): object {
  return { apiVersion: "kustomize.toolkit.fluxcd.io/v1", kind: "Kustomization", metadata: { name, ...(namespace ? { namespace } : {}) }, spec: { path, ...spec } };
}

function kustomization(fields: object): object {
  return { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", ...fields };
}

function component(fields: object): object {
  return { apiVersion: "kustomize.config.k8s.io/v1alpha1", kind: "Component", ...fields };
}

function configMap(name: string, namespace?: string): object {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, ...(namespace ? { namespace } : {}) } };
}

/** `file Kind/name@namespace ← applier` for every application, sorted. */
function applications(view: ClusterView): string[] {
  return view.applied.map((a) => `${a.file} ${a.object.kind}/${a.object.metadata?.name}@${a.namespace ?? "-"} <- ${a.appliedBy?.object.metadata?.name ?? "root"}`).sort();
}

function problems(view: ClusterView): string[] {
  return view.problems.map((p) => `${p.severity} ${p.at.file} ${p.path}: ${p.message}`);
}

test("entries with and without ./, subfolders with their own kustomization.yaml, remote URLs ignored", () => {
  const view = clusterView(treeOf({
    "k/flux.yaml": [ks("apps", "./k/apps")],
    "k/apps/kustomization.yaml": [kustomization({ resources: ["./a.yaml", "b.yaml", "./sub", "https://github.com/x/y//config?ref=v1"] })],
    "k/apps/a.yaml": [configMap("a", "one")],
    "k/apps/b.yaml": [configMap("b", "two")],
    "k/apps/sub/kustomization.yaml": [kustomization({ resources: ["c.yaml"] })],
    "k/apps/sub/c.yaml": [configMap("c", "three")],
  }));
  assert.equal(applications(view), [
    "k/apps/a.yaml ConfigMap/a@one <- apps",
    "k/apps/b.yaml ConfigMap/b@two <- apps",
    "k/apps/sub/c.yaml ConfigMap/c@three <- apps",
    "k/flux.yaml Kustomization/apps@- <- root",
  ]);
  assert.equal(problems(view), []);
  assert.equal(view.skippedFiles, []);
});

test("components: kustomization.yaml's and the Flux Kustomization's, with their namespace", () => {
  const view = clusterView(treeOf({
    "k/ks.yaml": [ks("app", "./k/app", { components: ["../components/extra"] })],
    "k/app/kustomization.yaml": [kustomization({ resources: ["./a.yaml"], components: ["../components/alerts"] })],
    "k/app/a.yaml": [configMap("a")],
    "k/components/alerts/kustomization.yaml": [component({ resources: ["./alert.yaml"], namespace: "alerts" })],
    "k/components/alerts/alert.yaml": [configMap("alert")],
    "k/components/extra/kustomization.yaml": [component({ resources: ["./extra.yaml"] })],
    "k/components/extra/extra.yaml": [configMap("extra")],
  }));
  assert.equal(applications(view), [
    // A component's namespace applies to everything the parent holds so far, as kustomize runs it.
    "k/app/a.yaml ConfigMap/a@alerts <- app",
    "k/components/alerts/alert.yaml ConfigMap/alert@alerts <- app",
    "k/components/extra/extra.yaml ConfigMap/extra@- <- app",
    "k/ks.yaml Kustomization/app@- <- root",
  ]);
});

test("a folder without kustomization.yaml: every manifest below it, a subfolder with one as a unit", () => {
  const view = clusterView(treeOf({
    "k/ks.yaml": [ks("all", "./k/app")],
    "k/app/a.yaml": [configMap("a")],
    "k/app/deep/b.yaml": [configMap("b")],
    "k/app/built/kustomization.yaml": [kustomization({ resources: ["./c.yaml"] })],
    "k/app/built/c.yaml": [configMap("c")],
    "k/app/built/not-listed.yaml": [configMap("d")],
    "k/app/values.yaml": [],
  }));
  assert.equal(applications(view), [
    "k/app/a.yaml ConfigMap/a@- <- all",
    "k/app/built/c.yaml ConfigMap/c@- <- all",
    "k/app/deep/b.yaml ConfigMap/b@- <- all",
    "k/ks.yaml Kustomization/all@- <- root",
  ]);
  assert.equal(view.skippedFiles, ["k/app/built/not-listed.yaml"]);
  assert.equal(problems(view), ["error k/app/built/kustomization.yaml resources: not-listed.yaml is in k/app/built but not listed: Flux never applies it"]);
});

test("namespaces: targetNamespace over the folder's namespace over metadata; an outer namespace over an inner one; Namespace _ renamed", () => {
  const view = clusterView(treeOf({
    "k/flux.yaml": [ks("apps", "./k/apps", {}, "flux-system")],
    "k/apps/kustomization.yaml": [kustomization({ resources: ["./ns"] })],
    "k/apps/ns/kustomization.yaml": [kustomization({ namespace: "media", resources: ["./namespace.yaml", "./inner", "./app/ks.yaml"] })],
    "k/apps/ns/namespace.yaml": [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "_" } }],
    "k/apps/ns/inner/kustomization.yaml": [kustomization({ namespace: "inner", resources: ["./cm.yaml"] })],
    "k/apps/ns/inner/cm.yaml": [configMap("inner-cm", "written")],
    "k/apps/ns/app/ks.yaml": [ks("app", "./k/apps/ns/app/app", { targetNamespace: "target" })],
    "k/apps/ns/app/app/kustomization.yaml": [kustomization({ namespace: "ignored", resources: ["./cm.yaml"] })],
    "k/apps/ns/app/app/cm.yaml": [configMap("app-cm", "written")],
  }));
  assert.equal(applications(view), [
    "k/apps/ns/app/app/cm.yaml ConfigMap/app-cm@target <- app",
    "k/apps/ns/app/ks.yaml Kustomization/app@media <- apps",
    "k/apps/ns/inner/cm.yaml ConfigMap/inner-cm@media <- apps",
    "k/apps/ns/namespace.yaml Namespace/media@- <- apps",
    "k/flux.yaml Kustomization/apps@flux-system <- root",
  ]);
});

test("files applied by nothing: skipped when a kustomization governs them, roots when outside every one", () => {
  const view = clusterView(treeOf({
    "k/flux.yaml": [ks("apps", "./k/apps")],
    "k/apps/kustomization.yaml": [kustomization({ resources: ["./on"] })],
    "k/apps/on/kustomization.yaml": [kustomization({ resources: ["./cm.yaml"] })],
    "k/apps/on/cm.yaml": [configMap("on")],
    // Commented out of resources upstream: a kustomization governs it, no build reaches it.
    "k/apps/off/kustomization.yaml": [kustomization({ resources: ["./cm.yaml"] })],
    "k/apps/off/cm.yaml": [configMap("off")],
    "loose/cm.yaml": [configMap("loose")],
  }));
  assert.equal(view.skippedFiles, ["k/apps/off/cm.yaml"]);
  assert.ok(applications(view).includes("loose/cm.yaml ConfigMap/loose@- <- root"));
  assert.equal(problems(view), []);
});

test("what the build fails on: a spec.path, a resource or a component that is not in the tree", () => {
  const view = clusterView(treeOf({
    "k/ks.yaml": [ks("gone", "./k/nowhere"), ks("app", "./k/app", { components: ["../missing"] })],
    "k/app/kustomization.yaml": [kustomization({ resources: ["./absent.yaml", "./bare"] })],
    "k/app/bare/cm.yaml": [configMap("bare")],
  }));
  assert.equal(problems(view), [
    "error k/ks.yaml spec.path: ./k/nowhere is not a folder of the tree: Flux fails to build it",
    "error k/app/kustomization.yaml resources[0]: ./absent.yaml is listed but is neither a file nor a folder of the tree: the build fails",
    "error k/app/kustomization.yaml resources[1]: ./bare is a folder without a kustomization.yaml: the build fails",
    "error k/ks.yaml spec.components[0]: component ../missing is not a folder of the tree with a kustomization.yaml: the build fails",
  ]);
});

test("without any Flux Kustomization every object is applied as written", () => {
  const view = clusterView(treeOf({ "a/kustomization.yaml": [kustomization({ resources: [] })], "a/cm.yaml": [configMap("a", "x")] }));
  assert.equal(applications(view), ["a/cm.yaml ConfigMap/a@x <- root"]);
});

test("the rendered home tree (out/home) validates through validate DIR: 0 errors, 0 warnings", () => {
  const stdout = new Capture();
  const code = validateFolder(join(REPO_ROOT, "out", "home"), {}, { cwd: REPO_ROOT, stdout });
  assert.is(code, 0, stdout.text);
  assert.match(stdout.text, /^out\/home: 24 documents, 0 errors, 0 warnings, \d+ infos;.* 15 YAML files: 13 applied, 2 kustomize build files, 0 skipped/m);
});

test.run();
