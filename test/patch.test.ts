// Object patches on a finished tree: merge into one object, replace, delete objects and files.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { homeValues } from "../config/home.ts";
import { agentGateway } from "../lib/apps/agentgateway/index.ts";
import type { IGateway } from "../lib/k8s/gateway.ts";
import { kustomizeKustomization } from "../lib/k8s/kustomize.ts";
import { byKey, remove } from "../lib/merge.ts";
import { applyPatches, patchObject, putFile, removeFile, removeObject, renameFile, replaceObject, restyleObject } from "../lib/patch.ts";
import { emitTree, finishTree } from "../lib/render.ts";
import { verbatimFile } from "../lib/tree.ts";

const APP = "kubernetes/apps/ai-system/agentgateway";
const tree = agentGateway(homeValues);
const text = (t: typeof tree, file: string) => emitTree(finishTree(t)).get(`${APP}/${file}`) ?? "(missing)";

test("patchObject merges into one object, lists by key, and keeps the style", () => {
  const patched = applyPatches(tree, [
    patchObject<IGateway>({ kind: "Gateway", name: "agentgateway" }, { spec: { listeners: byKey("name", { http: remove, https: { port: 8443 } }) } }),
  ]);
  const gateway = text(patched, "app/gateway.yaml");
  assert.not.match(gateway, /name: http$/m);
  assert.match(gateway, /port: 8443/);
  assert.match(gateway, /external-dns.alpha.kubernetes.io\/target: "ai.\$\{SECRET_DOMAIN\}"/);
  assert.is(text(tree, "app/gateway.yaml").includes("port: 8443"), false, "the input tree is unchanged");
});

test("a patch that matches nothing is an error listing what is there", () => {
  assert.throws(() => patchObject({ kind: "Gateway", name: "gw" }, {})(tree), /no Gateway\/gw in the tree \(it has: Gateway\/agentgateway\)/);
  assert.throws(() => removeFile(`${APP}/app/nope.yaml`)(tree), /no file .*nope\.yaml/);
});

test("removeObject drops one document; a file left empty disappears with its kustomization entry", () => {
  const oneBackendLess = applyPatches(tree, [removeObject({ kind: "Backend", name: "litellm" })]);
  assert.not.match(text(oneBackendLess, "app/backends.yaml"), /litellm/);
  const noPdb = applyPatches(tree, [removeObject({ kind: "PodDisruptionBudget", name: "agentgateway" })]);
  assert.not.ok(noPdb.has(`${APP}/app/pdb.yaml`));
  assert.not.match(text(noPdb, "app/kustomization.yaml"), /pdb\.yaml/);
});

test("removeObject keeps files that held no documents before it: verbatim files", () => {
  const withNotes = new Map([...tree, [`${APP}/README.md`, verbatimFile("# notes\n")]]);
  const patched = applyPatches(withNotes, [removeObject({ kind: "PodDisruptionBudget", name: "agentgateway" })]);
  assert.is(patched.get(`${APP}/README.md`)?.text, "# notes\n");
  assert.not.ok(patched.has(`${APP}/app/pdb.yaml`));
});

test("removeFile, putFile and renameFile keep the kustomization derived", () => {
  const patched = applyPatches(tree, [
    removeFile(`${APP}/app/pdb.yaml`),
    renameFile(`${APP}/app/podmonitor.yaml`, `${APP}/app/monitoring.yaml`),
    putFile(`${APP}/app/extra.yaml`, [kustomizeKustomization({ resources: [] })]),
  ]);
  const resources = text(patched, "app/kustomization.yaml").split("\n").filter((l) => l.startsWith("  - ")).map((l) => l.slice(4));
  assert.equal(resources.slice(-3), ["networkpolicy.yaml", "monitoring.yaml", "extra.yaml"]);
  assert.throws(() => renameFile(`${APP}/app/gateway.yaml`, `${APP}/app/backends.yaml`)(tree), /exists/);
});

test("replaceObject and restyleObject", () => {
  const patched = applyPatches(tree, [
    restyleObject({ kind: "PodDisruptionBudget", name: "agentgateway" }, { "spec.minAvailable": { comment: "keep one" } }),
  ]);
  assert.match(text(patched, "app/pdb.yaml"), /  # keep one\n  minAvailable: 1/);
  const replaced = applyPatches(tree, [replaceObject({ kind: "PodDisruptionBudget", name: "agentgateway" }, kustomizeKustomization({}))]);
  assert.match(text(replaced, "app/pdb.yaml"), /kind: Kustomization/);
});

test.run();
