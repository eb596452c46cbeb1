// The app-template values rule: what Helm's check against the chart's values schema rejects is an
// error naming the full values path; what it accepts (Flux variables included) passes; the real
// repository's releases all pass; and lib/models/app-template is what the import script writes.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parseAllDocuments } from "yaml";
import { document, type KubeObject } from "../lib/document.ts";
import { fileTree, type FileTree } from "../lib/tree.ts";
import type { Finding } from "../lib/validate/findings.ts";
import { crossObjectRules } from "../lib/validate/rules/index.ts";
import { APP_TEMPLATE_RULE, appTemplateValueRules, deploysAppTemplate } from "../lib/validate/rules/app-template.ts";
import { indexTree, KIND } from "../lib/validate/rules/tree-index.ts";
import { REPO_ROOT, readTree, tempFolders } from "./helpers.ts";

const SHARED = join(REPO_ROOT, "..", "shared");
const CHART = join(SHARED, "charts", "app-template");
const CORPUS = join(SHARED, "corpus", "onedr0p-home-ops");
const tempDir = tempFolders(test, "fluxkit-app-template-");

// ---- a release in a tree, the way the rules see it

const APP = "kubernetes/apps/default/demo/app";

type Manifest = KubeObject & { readonly spec: Record<string, unknown> };

function ociRepository(url: string): Manifest {
  return { apiVersion: "source.toolkit.fluxcd.io/v1", kind: "OCIRepository", metadata: { name: "demo" }, spec: { interval: "15m", url, ref: { tag: "5.1.0" } } };
}

function release(values: unknown, chart: Record<string, unknown> = { chartRef: { kind: "OCIRepository", name: "demo" } }): Manifest {
  return { apiVersion: "helm.toolkit.fluxcd.io/v2", kind: "HelmRelease", metadata: { name: "demo" }, spec: { interval: "1h", ...chart, values } };
}

function treeOf(objects: Record<string, KubeObject>): FileTree {
  return fileTree(Object.entries(objects).map(([file, object]) => [`${APP}/${file}`, [document(object)]]));
}

function findingsFor(values: unknown, url = "oci://ghcr.io/bjw-s-labs/helm/app-template"): Finding[] {
  return appTemplateValueRules({ index: indexTree("test", treeOf({ "helmrelease.yaml": release(values), "ocirepository.yaml": ociRepository(url) })) });
}

function appValues(container: Record<string, unknown>, controller: Record<string, unknown> = {}): unknown {
  return { controllers: { main: { ...controller, containers: { app: { image: { repository: "ghcr.io/demo/app", tag: "1.0.0" }, ...container } } } } };
}

test("a misspelt container key is an error at its full values path, with the spelling it meant", () => {
  const findings = findingsFor(appValues({ securtyContext: { readOnlyRootFilesystem: true } }));
  assert.is(findings.length, 1, JSON.stringify(findings));
  const [found] = findings;
  assert.is(found!.rule, APP_TEMPLATE_RULE);
  assert.is(found!.severity, "error");
  assert.is(found!.path, "spec.values.controllers.main.containers.app.securtyContext");
  assert.is(found!.file, `${APP}/helmrelease.yaml`);
  assert.is(found!.document, "HelmRelease/demo");
  assert.match(found!.message, 'unknown field "securtyContext"');
  assert.match(found!.fix, 'did you mean "securityContext"?');
});

test("the correct spelling, and a full everyday release, pass", () => {
  assert.equal(findingsFor(appValues({ securityContext: { readOnlyRootFilesystem: true } })), []);
  const values = {
    controllers: {
      main: {
        replicas: 2,
        strategy: "RollingUpdate",
        containers: {
          app: {
            image: { repository: "ghcr.io/demo/app", tag: "1.0.0" },
            env: { TZ: "Etc/UTC", PORT: 8080 },
            probes: { liveness: { enabled: true, custom: true, spec: { httpGet: { path: "/healthz", port: 8080 } } } },
            resources: { requests: { cpu: "10m" }, limits: { memory: "128Mi" } },
          },
        },
      },
      backup: { type: "cronjob", cronjob: { schedule: "@daily" }, containers: { app: { image: { repository: "busybox", tag: "1" } } } },
    },
    service: { app: { ports: { http: { port: 8080 } } } },
    route: { app: { hostnames: ["demo.example.com"], parentRefs: [{ name: "internal", namespace: "network" }] } },
    persistence: { config: { existingClaim: "demo" }, tmp: { type: "emptyDir" }, media: { type: "nfs", server: "nas", path: "/media" } },
  };
  assert.equal(findingsFor(values), []);
});

test("wrong types, unknown keys of other objects, and impossible persistence items are errors", () => {
  const paths = (values: unknown): string[] => findingsFor(values).map((f) => `${f.path}: ${f.message}`);
  assert.equal(paths(appValues({}, { replicas: "two" })), ["spec.values.controllers.main.replicas: app-template values: must be integer or null, got string"]);
  assert.equal(paths(appValues({}, { replica: 2 })).length, 1);
  assert.match(paths(appValues({}, { replica: 2 }))[0]!, /^spec\.values\.controllers\.main\.replica: .*unknown field "replica"/);
  assert.match(paths({ service: { app: { ports: { http: { port: 80, protocl: "TCP" } } } } })[0]!, /^spec\.values\.service\.app\.ports\.http\.protocl: /);
  // A statefulset's own block belongs to statefulsets: on a deployment it is unknown.
  assert.match(paths(appValues({}, { statefulset: { podManagementPolicy: "Parallel" } }))[0]!, /^spec\.values\.controllers\.main\.statefulset: .*unknown field/);
  assert.equal(paths(appValues({}, { type: "statefulset", statefulset: { podManagementPolicy: "Parallel" } })), []);
  // The controller's type picks the alternative the findings speak of.
  assert.equal(paths(appValues({}, { type: "cronjob", cronjob: {} })), ['spec.values.controllers.main.cronjob.schedule: app-template values: missing required field "schedule"']);
  assert.match(paths(appValues({}, { type: "statefulset", statefulset: { podManagmentPolicy: "Parallel" } }))[0]!, /^spec\.values\.controllers\.main\.statefulset\.podManagmentPolicy: /);
  // A configMap volume names its ConfigMap one way or the other.
  const [configMap] = findingsFor({ persistence: { config: { type: "configMap" } } });
  assert.is(configMap?.path, "spec.values.persistence.config");
  assert.match(configMap!.fix, "name");
});

test("a Flux variable passes wherever its substituted value could", () => {
  assert.equal(findingsFor(appValues({}, { replicas: "${REPLICAS}" })), []);
  assert.equal(findingsFor(appValues({ probes: { liveness: { enabled: "${PROBES_ENABLED:=true}" } } })), []);
  assert.equal(findingsFor({ service: { app: { type: "${SERVICE_TYPE}", ports: { http: { port: "${PORT}" } } } } }), []);
  // Only the variable is excused: a plain string is still not an integer.
  assert.is(findingsFor(appValues({}, { replicas: "REPLICAS" })).length, 1);
});

test("a null key is left out, as Helm's coalescing deletes it", () => {
  assert.equal(findingsFor(appValues({ securityContext: null }, { revisionHistoryLimit: null })), []);
});

test("releases of other charts are not checked; a HelmRepository chart named app-template is", () => {
  const misspelt = appValues({ securtyContext: {} });
  assert.equal(findingsFor(misspelt, "oci://ghcr.io/stefanprodan/charts/podinfo"), []);
  assert.equal(findingsFor(misspelt, "oci://ghcr.io/bjw-s-labs/helm/app-template-fork"), []);
  const byName = treeOf({ "helmrelease.yaml": release(misspelt, { chart: { spec: { chart: "app-template", sourceRef: { kind: "HelmRepository", name: "bjw-s" } } } }) });
  assert.is(appTemplateValueRules({ index: indexTree("test", byName) }).length, 1);
  // A chartRef to an OCIRepository that is not in the tree cannot be judged.
  const unresolved = treeOf({ "helmrelease.yaml": release(misspelt) });
  assert.equal(appTemplateValueRules({ index: indexTree("test", unresolved) }), []);
});

test("the rule runs with the other cross-object rules", () => {
  const tree = treeOf({ "helmrelease.yaml": release(appValues({ securtyContext: {} })), "ocirepository.yaml": ociRepository("oci://ghcr.io/bjw-s-labs/helm/app-template") });
  const ours = crossObjectRules("test", tree).filter((f) => f.rule === APP_TEMPLATE_RULE);
  assert.equal(ours.map((f) => f.path), ["spec.values.controllers.main.containers.app.securtyContext"]);
});

// ---- the real repository

/** The corpus as a tree, and how many of its files name the app-template chart's OCI url. */
function readCorpus(): { tree: FileTree; appTemplateUrls: number } {
  const entries: [string, KubeObject[]][] = [];
  let appTemplateUrls = 0;
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      const full = join(folder, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".yaml")) {
        const source = readFileSync(full, "utf8");
        if (/^\s*url: oci:\/\/ghcr\.io\/bjw-s-labs\/helm\/app-template\s*$/m.test(source)) appTemplateUrls++;
        const objects = parseAllDocuments(source)
          .map((doc) => doc.toJS({ maxAliasCount: -1 }) as unknown)
          .filter((o): o is KubeObject => typeof o === "object" && o !== null && "kind" in o);
        entries.push([relative(CORPUS, full), objects]);
      }
    }
  };
  walk(join(CORPUS, "kubernetes"));
  return { tree: fileTree(entries.map(([path, objects]) => [path, objects.map((o) => document(o))])), appTemplateUrls };
}

(existsSync(CORPUS) ? test : test.skip)("every app-template release of onedr0p/home-ops passes (skipped without ../shared)", () => {
  const { tree, appTemplateUrls } = readCorpus();
  const index = indexTree("corpus", tree);
  const releases = index.ofKind(KIND.helmRelease).filter((r) => deploysAppTemplate(r, index));
  // Every release reaches its OCIRepository (one per app here): a lookup that missed some would
  // pass them vacuously.
  assert.ok(appTemplateUrls > 20, `only ${appTemplateUrls} app-template OCIRepositories in the corpus`);
  assert.is(releases.length, appTemplateUrls);
  const start = performance.now();
  const findings = appTemplateValueRules({ index });
  const took = performance.now() - start;
  assert.equal(findings.map((f) => `${f.file} ${f.path}: ${f.message}`), []);
  assert.ok(took < 500, `checking ${releases.length} releases took ${took.toFixed(0)} ms`);
});

// ---- the generated folder

(existsSync(CHART) ? test : test.skip)("regenerating from the chart's schema reproduces lib/models/app-template byte for byte (skipped without ../shared)", () => {
  const out = join(tempDir(), "app-template");
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/import-chart-schema.ts", "--out", out, CHART], { cwd: REPO_ROOT, encoding: "utf8" });
  assert.is(run.status, 0, run.stderr);
  const generated = readTree(out);
  const committed = readTree(join(REPO_ROOT, "lib", "models", "app-template"));
  assert.equal([...generated.keys()], [...committed.keys()]);
  for (const [path, content] of generated) assert.ok(content === committed.get(path), `${path} differs from the committed file; run npm run import-chart-schema -- ../shared/charts/app-template`);
});

test.run();
