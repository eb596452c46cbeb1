// Versions live in config/versions.yaml: the config reads them strictly, a changed version reaches
// every rendered file that carries it and nothing else, Renovate's regex manager (renovate.json)
// finds every entry, and CI (.github/workflows/ci.yaml) runs the README's checks.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "yaml";
import { base, versions } from "../config/base.ts";
import { home } from "../config/home.ts";
import { staging } from "../config/staging.ts";
import { loadVersions, VERSIONS_FILE } from "../config/versions.ts";
import type { Environment } from "../lib/environment.ts";
import { blockingErrors, renderEnvironment } from "../lib/render.ts";
import { REPO_ROOT } from "./helpers.ts";

const VERSIONS_TEXT = readFileSync(join(REPO_ROOT, VERSIONS_FILE), "utf8");
const APP = "kubernetes/apps/ai-system/agentgateway";
const CHART_SOURCES = [`${APP}/app/ocirepository.yaml`, `${APP}/crds/ocirepository.yaml`];

/**
 * The config's environments with `text` as config/versions.yaml: package.json and config/ copied
 * to a temporary folder, lib/ and node_modules/ linked (so the library is the same module).
 */
async function environmentsWithVersions(text: string): Promise<{ home: Environment; staging: Environment }> {
  const root = mkdtempSync(join(tmpdir(), "fluxkit-versions-"));
  try {
    cpSync(join(REPO_ROOT, "package.json"), join(root, "package.json")); // "type": "module"
    cpSync(join(REPO_ROOT, "config"), join(root, "config"), { recursive: true });
    symlinkSync(join(REPO_ROOT, "lib"), join(root, "lib"), "dir");
    symlinkSync(join(REPO_ROOT, "node_modules"), join(root, "node_modules"), "dir");
    writeFileSync(join(root, VERSIONS_FILE), text);
    const copy = (await import(pathToFileURL(join(root, "config", "index.ts")).href)) as typeof import("../config/index.ts");
    const byName = new Map(copy.environments.map((env) => [env.name, env]));
    const [copiedHome, copiedStaging] = [byName.get("home"), byName.get("staging")];
    assert.ok(copiedHome && copiedStaging, "the copied config has home and staging");
    return { home: copiedHome, staging: copiedStaging };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function withVersion(text: string, key: string, version: string): string {
  const line = new RegExp(`^${key}: .*$`, "m");
  assert.match(text, line, `${key} in ${VERSIONS_FILE}`);
  return text.replace(line, `${key}: ${version}`);
}

// --- config/versions.yaml ---------------------------------------------------------------------

test("config reads its chart version from config/versions.yaml", () => {
  assert.equal(loadVersions(VERSIONS_TEXT), versions);
  assert.is(base.chart.version, versions.kgateway);
  assert.is(versions.kgateway, "v2.1.2");
});

test("a new version in versions.yaml changes exactly the chart tags of home and staging", async () => {
  const old = versions.kgateway;
  const bumped = await environmentsWithVersions(withVersion(VERSIONS_TEXT, "kgateway", "v2.1.3"));
  for (const [env, changed] of [[home, bumped.home], [staging, bumped.staging]] as const) {
    const before = renderEnvironment(env);
    const after = renderEnvironment(changed);
    assert.is(blockingErrors(after), 0, `${env.name} still validates`);
    assert.equal([...after.files.keys()], [...before.files.keys()], `${env.name}: the same files`);
    const differing = [...before.files].filter(([path, text]) => after.files.get(path) !== text).map(([path]) => path);
    assert.equal(differing.sort(), [...CHART_SOURCES].sort(), `${env.name}: only the two OCIRepository files change`);
    for (const [path, text] of before.files) {
      if (!text.includes(old)) continue;
      assert.ok(CHART_SOURCES.includes(path), `${env.name} ${path} carries ${old} but is not a chart source`);
    }
    for (const path of CHART_SOURCES) {
      const text = before.files.get(path) ?? "";
      assert.is(text.split(`tag: ${old}\n`).length, 2, `${env.name} ${path}: one tag line`);
      assert.fixture(after.files.get(path) ?? "", text.replace(`tag: ${old}\n`, "tag: v2.1.3\n"));
    }
  }
});

test("versions.yaml: errors name the file and the key", () => {
  const fails = (text: string, ...parts: string[]) => {
    assert.throws(
      () => loadVersions(text),
      (error: Error) => [VERSIONS_FILE, ...parts].every((part) => error.message.includes(part)),
      `${JSON.stringify(text)} → ${parts.join(", ")}`,
    );
  };
  fails("kgateway: v2.1.2\nkgatway: v2.1.3\n", '"kgatway"', "unknown key", "kgateway");
  fails("kgateway: 2.10\n", "kgateway", "expected a version string, got number", 'quote it: kgateway: "2.10"');
  fails("kgateway:\n", "kgateway", "expected a version string, got nothing");
  fails("kgateway: [v2.1.2]\n", "kgateway", "expected a version string, got a collection");
  fails('kgateway: "v2.1.2 "\n', "kgateway", "not a version tag");
  fails("# only comments\n", "expected a mapping");
  fails("- kgateway\n", "expected a mapping", "a list");
  fails("other: v1\n", '"other"', "unknown key");
  fails("{}\n", "missing kgateway");
  fails("kgateway: v2.1.2\nkgateway: v2.1.3\n", "kgateway");
  fails("kgateway: 'v2.1.2\n", "kgateway: 'v2.1.2"); // the parser's message quotes the line
  assert.equal(loadVersions('kgateway: "2.10"\n'), { kgateway: "2.10" }, "a quoted number is a version");
  assert.ok(Object.isFrozen(loadVersions(VERSIONS_TEXT)));
});

// --- renovate.json ----------------------------------------------------------------------------

interface RenovateConfig {
  extends?: string[];
  ignorePaths?: string[];
  customManagers?: Array<{ customType?: string; managerFilePatterns?: string[]; matchStrings?: string[] }>;
  packageRules?: Array<{ matchFileNames?: string[]; postUpgradeTasks?: { commands?: string[]; fileFilters?: string[] } }>;
}

const renovate = JSON.parse(readFileSync(join(REPO_ROOT, "renovate.json"), "utf8")) as RenovateConfig;
const versionsManager = renovate.customManagers?.find((m) =>
  m.managerFilePatterns?.some((p) => p.startsWith("/") && new RegExp(p.slice(1, p.lastIndexOf("/"))).test(VERSIONS_FILE)),
);

/** Every match of the manager's regexes in `text`, as Renovate's regex manager would find them. */
function renovateMatches(text: string): Array<{ key: string; datasource?: string; depName?: string; currentValue?: string }> {
  return (versionsManager?.matchStrings ?? []).flatMap((source) =>
    [...text.matchAll(new RegExp(source, "g"))].map((match) => ({
      key: /\n([A-Za-z0-9_-]+):/.exec(match[0])?.[1] ?? "(no key)",
      datasource: match.groups?.["datasource"],
      depName: match.groups?.["depName"],
      currentValue: match.groups?.["currentValue"],
    })),
  );
}

test("renovate.json: recommended config, rendered output and golden files left alone", () => {
  assert.ok(renovate.extends?.includes("config:recommended"));
  assert.ok(renovate.ignorePaths?.includes("out/**"), "out/ only changes by re-rendering");
  assert.ok(renovate.ignorePaths?.includes("test/golden/**"), "the seed's golden files are as found");
});

test("renovate.json: the regex manager reads config/versions.yaml and captures every entry", () => {
  assert.ok(versionsManager, "a custom manager whose managerFilePatterns match config/versions.yaml");
  assert.is(versionsManager.customType, "regex");
  const registry = base.chart.registry.replace(/^oci:\/\//, "");
  assert.equal(renovateMatches(VERSIONS_TEXT), [
    { key: "kgateway", datasource: "docker", depName: `${registry}/${base.chart.name}`, currentValue: "v2.1.2" },
  ]);
  const entries = Object.keys(parse(VERSIONS_TEXT) as object);
  assert.equal(renovateMatches(VERSIONS_TEXT).map((m) => m.key), entries, "every entry has its `# renovate:` line");
  assert.equal(renovateMatches(withVersion(VERSIONS_TEXT, "kgateway", "v2.2.0")).map((m) => m.currentValue), ["v2.2.0"]);
  assert.equal(renovateMatches('# renovate: datasource=docker depName=a/b versioning=semver\nkgateway: "v1.0.0"\n').map((m) => m.currentValue), ["v1.0.0"]);
});

test("renovate.json: the regexes stay within RE2 (no lookaround, no backreferences)", () => {
  for (const source of versionsManager?.matchStrings ?? []) {
    assert.not.match(source, /\(\?[=!]|\(\?<[=!]|\\[1-9]/, source);
  }
});

test("renovate.json: a versions.yaml update re-renders out/ in the same branch", () => {
  const rule = renovate.packageRules?.find((r) => r.postUpgradeTasks !== undefined);
  assert.ok(rule?.matchFileNames?.includes(VERSIONS_FILE));
  assert.equal(rule?.postUpgradeTasks?.commands, ["npm ci", "npm run render"]);
  assert.equal(rule?.postUpgradeTasks?.fileFilters, ["out/**"]);
});

// --- .github/workflows/ci.yaml ----------------------------------------------------------------

interface Workflow {
  on?: Record<string, unknown>;
  jobs?: Record<string, { strategy?: { matrix?: { node?: unknown[] } }; steps?: Array<{ uses?: string; run?: string; with?: Record<string, unknown> }> }>;
}

const workflow = parse(readFileSync(join(REPO_ROOT, ".github/workflows/ci.yaml"), "utf8")) as Workflow;
const jobs = Object.values(workflow.jobs ?? {});
const runs = (job: (typeof jobs)[number]) => (job.steps ?? []).map((step) => step.run ?? "").join("\n");

test("ci.yaml: runs on pull requests and pushes to main", () => {
  assert.ok(workflow.on && "pull_request" in workflow.on);
  assert.equal((workflow.on?.["push"] as { branches?: string[] } | undefined)?.branches, ["main"]);
});

test("ci.yaml: npm test on Node 20, 22 and 24; render --check once, its diff in the job summary", () => {
  const testJobs = jobs.filter((job) => /^npm test$/m.test(runs(job)));
  assert.is(testJobs.length, 1);
  assert.equal(testJobs[0]?.strategy?.matrix?.node, [20, 22, 24]);
  const renderJobs = jobs.filter((job) => runs(job).includes("npm run render -- --check"));
  assert.is(renderJobs.length, 1);
  const render = renderJobs[0];
  assert.ok(render && render.strategy === undefined, "render --check runs once");
  assert.ok(runs(render).includes("$GITHUB_STEP_SUMMARY") && runs(render).includes("```diff"));
  for (const job of jobs) {
    const uses = (job.steps ?? []).map((step) => step.uses).filter((u) => u !== undefined);
    assert.equal(uses, ["actions/checkout@v4", "actions/setup-node@v4"]);
    assert.is((job.steps ?? []).find((step) => step.uses?.startsWith("actions/setup-node"))?.with?.["cache"], "npm");
    assert.match(runs(job), /^npm ci\b/m);
  }
  assert.is(render.steps?.find((step) => step.uses?.startsWith("actions/setup-node"))?.with?.["node-version"], 20);
});

test.run();
