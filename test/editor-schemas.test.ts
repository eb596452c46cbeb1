// Editor schemas: with `editorSchemas`, every document starts with a yaml-language-server modeline
// for its kind, right after its `---`; everything else stays as it was. Off by default.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { home } from "../config/home.ts";
import { seed } from "../config/seed.ts";
import { staging } from "../config/staging.ts";
import { document, type KubeObject } from "../lib/document.ts";
import { defineEnvironment } from "../lib/environment.ts";
import { blockingErrors, emitTree, finishTree, renderEnvironment } from "../lib/render.ts";
import { editorSchemaUrl, fileTree, withEditorSchemas } from "../lib/tree.ts";
import { REPO_ROOT, readTree } from "./helpers.ts";

const MODELINE = "# yaml-language-server: $schema=";
const plain = renderEnvironment(staging);
const withSchemas = renderEnvironment(defineEnvironment({ ...staging, name: "staging-schemas", editorSchemas: true }));

/** A file's documents as written: the text after each `---` line. */
function documentTexts(text: string): string[] {
  return text.split(/^---\n/m).slice(1);
}

/** The objects a YAML reader gets from a file; parse errors fail the test. */
function objects(text: string): unknown[] {
  return parseAllDocuments(text).map((doc) => {
    assert.equal(doc.errors, []);
    return doc.toJS() as unknown;
  });
}

test("off by default: home and staging render byte for byte what out/ holds, without modelines", () => {
  for (const env of [home, staging, seed]) assert.is(env.editorSchemas, undefined, env.name);
  for (const env of [home, staging]) {
    const files = renderEnvironment(env).files;
    assert.equal(new Map(files), readTree(join(REPO_ROOT, "out", env.name)), env.name);
    for (const [path, text] of files) assert.not.ok(text.includes("yaml-language-server"), `${env.name} ${path}`);
  }
});

test("with editorSchemas, every document starts with the modeline for its kind", () => {
  assert.equal([...withSchemas.files.keys()], [...plain.files.keys()]);
  let documents = 0;
  for (const [path, file] of withSchemas.tree) {
    const texts = documentTexts(withSchemas.files.get(path) ?? "");
    assert.is(texts.length, file.documents.length, path);
    file.documents.forEach((doc, i) => {
      documents++;
      const first = texts[i]?.split("\n")[0];
      assert.is(first, `${MODELINE}${editorSchemaUrl(doc.object)}`, `${path} document ${i}`);
    });
  }
  assert.ok(documents >= 20, `${documents} documents`);
});

test("with editorSchemas, only the modelines are new: head comments, doc comments and data stay", () => {
  for (const [path, text] of plain.files) {
    const schemaText = withSchemas.files.get(path) ?? "";
    const withoutModelines = schemaText.split("\n").filter((line) => !line.startsWith(MODELINE)).join("\n");
    assert.fixture(withoutModelines, text, path);
    assert.is(schemaText.split("\n")[0], `# ${path}`, `${path}: the head comment stays first, before the first ---`);
    assert.equal(objects(schemaText), objects(text), `${path} parses to the same objects`);
  }
  // A document comment follows the modeline: backends.yaml's documents are named by comments.
  const backends = withSchemas.files.get("kubernetes/apps/ai-system/agentgateway/app/backends.yaml") ?? "";
  assert.ok(
    backends.includes(`---\n${MODELINE}https://kubernetes-schemas.pages.dev/gateway.kgateway.dev/backend_v1alpha1.json\n# OpenAI Backend\napiVersion:`),
    backends.slice(0, 400),
  );
  const where = (r: typeof plain) => r.validation.findings.map((f) => [f.rule, f.severity, f.file, f.document, f.path]);
  assert.equal(where(withSchemas), where(plain), "the same validation findings");
  assert.is(blockingErrors(withSchemas), 0);
});

test("the default URLs: CRDs from kubernetes-schemas.pages.dev, kustomize from SchemaStore, built-ins from yannh", () => {
  const url = (apiVersion: string, kind: string) => editorSchemaUrl({ apiVersion, kind });
  assert.is(url("helm.toolkit.fluxcd.io/v2", "HelmRelease"), "https://kubernetes-schemas.pages.dev/helm.toolkit.fluxcd.io/helmrelease_v2.json");
  assert.is(url("kustomize.toolkit.fluxcd.io/v1", "Kustomization"), "https://kubernetes-schemas.pages.dev/kustomize.toolkit.fluxcd.io/kustomization_v1.json");
  assert.is(url("source.toolkit.fluxcd.io/v1beta2", "OCIRepository"), "https://kubernetes-schemas.pages.dev/source.toolkit.fluxcd.io/ocirepository_v1beta2.json");
  assert.is(url("gateway.networking.k8s.io/v1", "HTTPRoute"), "https://kubernetes-schemas.pages.dev/gateway.networking.k8s.io/httproute_v1.json");
  assert.is(url("kustomize.config.k8s.io/v1beta1", "Kustomization"), "https://json.schemastore.org/kustomization");
  const yannh = "https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/master-standalone-strict";
  assert.is(url("v1", "ConfigMap"), `${yannh}/configmap-v1.json`);
  assert.is(url("apps/v1", "Deployment"), `${yannh}/deployment-apps-v1.json`);
  assert.is(url("policy/v1", "PodDisruptionBudget"), `${yannh}/poddisruptionbudget-policy-v1.json`);
  assert.is(url("networking.k8s.io/v1", "NetworkPolicy"), `${yannh}/networkpolicy-networking-v1.json`);
  assert.is(url("rbac.authorization.k8s.io/v1", "ClusterRole"), `${yannh}/clusterrole-rbac-v1.json`);
});

test("a URL function of your own: undefined skips a document; a hand-written modeline is kept", () => {
  const configMap: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" } };
  const tree = fileTree([
    ["app/one.yaml", [document(configMap, { comment: "Settings" }), document({ ...configMap, kind: "Secret" })]],
    ["app/two.yaml", [document(configMap, { comment: "yaml-language-server: $schema=./mine.json\nHand-written" })]],
  ]);
  const only = (object: KubeObject) => (object.kind === "ConfigMap" ? "https://example.com/configmap.json" : undefined);
  const files = emitTree(finishTree(tree, { editorSchemas: only }));
  assert.fixture(
    files.get("app/one.yaml") ?? "",
    "# app/one.yaml\n---\n# yaml-language-server: $schema=https://example.com/configmap.json\n# Settings\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: a\n",
  );
  assert.fixture(
    files.get("app/two.yaml") ?? "",
    "# app/two.yaml\n---\n# yaml-language-server: $schema=./mine.json\n# Hand-written\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n",
  );
  assert.equal(emitTree(finishTree(tree, { editorSchemas: false })), emitTree(finishTree(tree)));
});

test("a URL with a space or line break is an error naming the file and document", () => {
  const tree = fileTree([["app/one.yaml", [document({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" } })]]]);
  for (const bad of ["https://x/a b.json", "https://x/a.json\napiVersion: v2", "https://x/\u0085a"]) {
    assert.throws(
      () => withEditorSchemas(tree, () => bad),
      (error: Error) => error.message.startsWith("app/one.yaml: ConfigMap/a: editor schema URL"),
      JSON.stringify(bad),
    );
  }
});

test.run();
