// Tree paths stay inside the tree, and folder kustomizations are derived from it.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { document } from "../lib/document.ts";
import { fluxKustomization } from "../lib/k8s/flux.ts";
import { kustomizeKustomization } from "../lib/k8s/kustomize.ts";
import { checkTreePath, fileTree, joinTrees, mountTree, withKustomizations } from "../lib/tree.ts";

test("bad tree paths are errors: absolute, .., ., backslashes, NUL, empty segments", () => {
  const bad: Array<[string, RegExp]> = [
    ["", /is empty/],
    ["/etc/passwd", /is absolute/],
    ["C:/x.yaml", /is absolute/],
    ["a/../../x.yaml", /\.\. segment/],
    ["./a.yaml", /\. or \.\. segment/],
    ["a\\b.yaml", /backslash/],
    ["a/b\0.yaml", /NUL/],
    ["a//b.yaml", /empty segment/],
    ["a/b/", /empty segment/],
  ];
  for (const [path, message] of bad) assert.throws(() => checkTreePath(path), message, JSON.stringify(path));
  assert.is(checkTreePath("kubernetes/apps/ai-system/x/ks.yaml"), "kubernetes/apps/ai-system/x/ks.yaml");
});

test("fileTree, mountTree and joinTrees check paths and refuse duplicates", () => {
  const doc = kustomizeKustomization({});
  assert.throws(() => fileTree([["../x.yaml", [doc]]]), /\.\. segment/);
  assert.throws(() => fileTree([["a.yaml", [doc]], ["a.yaml", [doc]]]), /given twice/);
  assert.throws(() => mountTree("../up", fileTree([["a.yaml", [doc]]])), /\.\. segment/);
  assert.throws(() => joinTrees(fileTree([["a.yaml", [doc]]]), fileTree([["a.yaml", [doc]]])), /in two trees/);
  assert.equal([...mountTree("k/apps", fileTree([["a.yaml", [doc]]])).keys()], ["k/apps/a.yaml"]);
});

test("kustomization.yaml lists the files of each folder a Flux Kustomization points at, in tree order", () => {
  const ks = fluxKustomization({
    metadata: { name: "x" },
    spec: { interval: "1h", path: "./apps/x/app", prune: true, sourceRef: { kind: "GitRepository", name: "flux-system" } },
  });
  const cm = document({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } });
  const tree = withKustomizations(
    fileTree([
      ["apps/x/ks.yaml", [ks]],
      ["apps/x/app/b.yaml", [cm]],
      ["apps/x/app/a.yaml", [cm]],
      ["apps/x/other/c.yaml", [cm]],
    ]),
  );
  assert.equal([...tree.keys()], ["apps/x/ks.yaml", "apps/x/app/kustomization.yaml", "apps/x/app/b.yaml", "apps/x/app/a.yaml", "apps/x/other/c.yaml"]);
  assert.equal((tree.get("apps/x/app/kustomization.yaml")?.documents[0]?.object as { resources?: string[] }).resources, ["b.yaml", "a.yaml"]);
});

test("a hand-made kustomization.yaml keeps its other fields; resources are derived", () => {
  const ks = fluxKustomization({
    metadata: { name: "x" },
    spec: { interval: "1h", path: "./app", prune: true, sourceRef: { kind: "GitRepository", name: "flux-system" } },
  });
  const handMade = kustomizeKustomization({ resources: ["stale.yaml"], namespace: "n" });
  const tree = withKustomizations(fileTree([["ks.yaml", [ks]], ["app/kustomization.yaml", [handMade]], ["app/a.yaml", [handMade]]]));
  assert.equal(tree.get("app/kustomization.yaml")?.documents[0]?.object, {
    apiVersion: "kustomize.config.k8s.io/v1beta1",
    kind: "Kustomization",
    resources: ["a.yaml"],
    namespace: "n",
  });
});

test.run();
