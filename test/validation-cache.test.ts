// The validation cache: a render whose inputs are unchanged takes the last report instead of
// validating again (and loading the validator); anything validation reads is in the key.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildEnvironment } from "../lib/build.ts";
import { defineEnvironment } from "../lib/environment.ts";
import { helmRelease } from "../lib/k8s/flux.ts";
import { untypedObject } from "../lib/k8s/builder.ts";
import { fileTree } from "../lib/tree.ts";
import { cachedValidation, storeValidation, validationKey } from "../lib/validation-cache.ts";
import type { ValidationReport } from "../lib/validate/index.ts";
import { FLUXKIT, oneAppRepository, tempFolders } from "./helpers.ts";

const tempDir = tempFolders(test, "fluxkit-validation-cache-");

function environment(replicas: number, options: { untyped?: boolean; vars?: Record<string, string[]>; name?: string } = {}) {
  const release = { metadata: { name: "x" }, spec: { interval: "1h", chart: { spec: { chart: "x", sourceRef: { kind: "HelmRepository" as const, name: "x" } } }, values: { replicas } } };
  return defineEnvironment({
    name: options.name ?? "one",
    description: "",
    deploy: true,
    ...(options.vars && { substituteFromVars: options.vars }),
    build: () => fileTree([["kubernetes/apps/default/x/app/helmrelease.yaml", [options.untyped ? untypedObject({ apiVersion: "helm.toolkit.fluxcd.io/v2", kind: "HelmRelease", ...release }) : helmRelease(release)]]]),
  });
}

const report: ValidationReport = { findings: [], documents: 1, cel: { evaluated: 0, passed: 0, failed: 0, unevaluated: 0, transitionRules: 0 } as ValidationReport["cel"], uncheckedPatterns: 0 };

test("the key changes with the files, the untyped documents, the environment, the schema sources and the validator's build", () => {
  const cache = { dir: tempDir(), engine: "build-1" };
  const key = (env = environment(1), engine = cache.engine, sources = "") => validationKey({ ...cache, engine }, buildEnvironment(env), sources);
  assert.is(key(), key(), "the same inputs give the same key");
  const others = [
    key(environment(2)),
    key(environment(1, { untyped: true })),
    key(environment(1, { name: "two" })),
    key(environment(1, { vars: { "Secret/s": ["A"] } })),
    key(environment(1), "build-2"),
    key(environment(1), cache.engine, "crds/widget.yaml:1:2"),
  ];
  assert.is(new Set([key(), ...others]).size, others.length + 1);
});

test("a stored report is read back under its key only; a missing or broken entry is a miss", () => {
  const cache = { dir: tempDir(), engine: "build-1" };
  assert.is(cachedValidation(cache, "one", "k1"), undefined);
  storeValidation(cache, "one", "k1", report);
  assert.equal(cachedValidation(cache, "one", "k1"), report);
  assert.is(cachedValidation(cache, "one", "k2"), undefined);
  assert.is(cachedValidation(cache, "two", "k1"), undefined);
  writeFileSync(join(cache.dir, "validation-one.json"), "{ not json");
  assert.is(cachedValidation(cache, "one", "k1"), undefined);
});

test("fluxkit validate: a second run takes the cached report; an edit to the config's inputs validates again", () => {
  const repo = tempDir();
  const cacheDir = join(repo, ".cache");
  const writeApp = oneAppRepository(repo, 1);
  const validate = () => spawnSync(process.execPath, [FLUXKIT, "validate"], { cwd: repo, encoding: "utf8", env: { ...process.env, FLUXKIT_BUNDLE_CACHE: cacheDir } });
  const first = validate();
  assert.is(first.status, 0, first.stderr + first.stdout);
  // A report only the cache can hold: the next run prints it, so it did not validate again.
  const entryFile = join(cacheDir, "validation-one.json");
  const entry = JSON.parse(readFileSync(entryFile, "utf8")) as { key: string; report: ValidationReport };
  const planted = { rule: "test/planted", severity: "error", env: "one", file: "f.yaml", document: "X/y", path: "", message: "planted", fix: "none" };
  writeFileSync(entryFile, JSON.stringify({ key: entry.key, report: { ...entry.report, findings: [planted] } }));
  const cached = validate();
  assert.is(cached.status, 1);
  assert.match(cached.stdout, /^ERROR test\/planted \[one\]/m);
  // Another value in an imported module: another key, so a real validation.
  writeApp(2);
  const fresh = validate();
  assert.is(fresh.status, 0, fresh.stdout);
  assert.not.match(fresh.stdout, /planted/);
});

test.run();
