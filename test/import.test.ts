// fluxkit import DIR: a YAML tree → TypeScript sources and fluxkit.config.ts; then deleting the
// tree and running `fluxkit render` re-creates every file byte for byte, and the sources pass tsc.
// The seed's 15 golden files, the shared real repository (skipped without ../shared), and an
// import that refuses to overwrite a hand-written source.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { defineEnvironment, fileTree, renderEnvironment, verbatimFile } from "../lib/index.ts";
import { FLUXKIT, GOLDEN, readTree, REPO_ROOT, tempFolders } from "./helpers.ts";

const tempDir = tempFolders(test, "fluxkit-import-");
const CORPUS = join(REPO_ROOT, "..", "shared", "corpus", "onedr0p-home-ops", "kubernetes");
const LIBRARY = join(REPO_ROOT, "lib", "index.ts");
const TSC = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");

/** A repository holding `source` as kubernetes/. */
function repoWith(source: string): string {
  const repo = tempDir();
  cpSync(source, join(repo, "kubernetes"), { recursive: true });
  return repo;
}

function fluxkit(repo: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [FLUXKIT, ...args], { cwd: repo, encoding: "utf8", env: { ...process.env, FLUXKIT_BUNDLE_CACHE: join(repo, ".cache"), NO_COLOR: "1" } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** fluxkit init's compiler options; the library is imported by path here, so Node's types come from this checkout. */
function typecheck(repo: string): void {
  writeFileSync(join(repo, "tsconfig.json"), JSON.stringify({
    compilerOptions: {
      target: "ES2022", lib: ["ES2023"], module: "preserve", moduleResolution: "bundler", allowImportingTsExtensions: true,
      verbatimModuleSyntax: true, erasableSyntaxOnly: true, strict: true, noUncheckedIndexedAccess: true, skipLibCheck: true,
      noEmit: true, types: ["node"], typeRoots: [join(REPO_ROOT, "node_modules", "@types")],
    },
    include: ["fluxkit.config.ts", "config"],
  }));
  try {
    execFileSync(process.execPath, [TSC, "-p", "."], { cwd: repo, encoding: "utf8" });
  } catch (error) {
    assert.unreachable(`tsc failed on the imported sources:\n${(error as { stdout?: string }).stdout ?? error}`);
  }
}

/** Import kubernetes/, move it away, render, and compare every file. */
function roundTrip(source: string, renderArgs: string[] = []): { repo: string; summary: string } {
  const repo = repoWith(source);
  const before = readTree(join(repo, "kubernetes"));
  const imported = fluxkit(repo, "import", "kubernetes", "--library", LIBRARY);
  assert.is(imported.status, 0, imported.stderr);
  assert.equal(readTree(join(repo, "kubernetes")), before, "the import changes nothing under kubernetes/");
  renameSync(join(repo, "kubernetes"), join(repo, "as-read"));
  const rendered = fluxkit(repo, "render", ...renderArgs);
  assert.is(rendered.status, 0, rendered.stdout + rendered.stderr);
  const after = readTree(join(repo, "kubernetes"));
  assert.equal([...after.keys()], [...before.keys()], "the same files");
  for (const [file, text] of before) assert.is(after.get(file), text, `${file} re-rendered byte for byte`);
  return { repo, summary: imported.stdout };
}

test("the seed's 15 files: import, delete, render → the same bytes; the sources pass tsc", () => {
  // The seed is invalid on purpose (its mistakes are the point of the baseline).
  const { repo, summary } = roundTrip(join(GOLDEN, "seed", "kubernetes"), ["--allow-invalid"]);
  const [typed, untyped] = /15 files, 25 documents \((\d+) typed, (\d+) untyped\)/.exec(summary)!.slice(1).map(Number);
  // The seed's as-found mistakes (a list where TrafficPolicy wants an object, …) fail their models.
  assert.ok(typed! >= 20 && typed! + untyped! === 25, summary);
  assert.match(summary, /style entries per document: median \d+(\.\d+)?, max \d+/);
  assert.match(summary, /verbatim: 0 files/);
  const [ts, yaml] = /lines: (\d+) TypeScript for (\d+) in kubernetes\//.exec(summary)!.slice(1).map(Number);
  assert.ok(ts! <= yaml!, `TypeScript (${ts} lines) no longer than the YAML (${yaml})`);
  const app = readFileSync(join(repo, "config", "apps", "ai-system", "agentgateway.ts"), "utf8");
  assert.match(app, /^\/\/ Imported by fluxkit import from kubernetes\/apps\/ai-system\/agentgateway\//);
  assert.match(app, /fluxKustomization\(\{/, "typed builders");
  assert.match(app, /^const app = "agentgateway";$/m, "an anchored value repeated under an alias is one const");
  assert.match(readFileSync(join(repo, "fluxkit.config.ts"), "utf8"), /output: "\.",/);
  typecheck(repo);
});

const corpusTest = existsSync(CORPUS) ? test : test.skip;
if (!existsSync(CORPUS)) console.log("  (import of the shared real repository skipped: ../shared/corpus is absent)");

interface JsonFinding { rule: string; severity: string; file: string; document: string; path: string; message: string }

/** `fluxkit validate … --format json`: the one result's counts and findings, environment names left out. */
function validation(repo: string, ...args: string[]): { documents: number; counts: Record<string, number>; findings: string[] } {
  const run = fluxkit(repo, "validate", ...args, "--format", "json", "--no-cache");
  const [result] = (JSON.parse(run.stdout) as { results: { documents: number; counts: Record<string, number>; findings: JsonFinding[] }[] }).results;
  assert.ok(result, run.stdout + run.stderr);
  const findings = result.findings.map((f) => [f.rule, f.severity, f.file, f.document, f.path, f.message].join(" | ")).sort();
  return { documents: result.documents, counts: result.counts, findings };
}

corpusTest("the shared real repository (421 files): import, delete, render (valid) → every file byte for byte", () => {
  const { repo, summary } = roundTrip(CORPUS);
  console.log(summary.replace(/^/gm, "  ").split("\n").slice(0, 6).join("\n"));
  assert.match(summary, /421 files/);
  assert.match(summary, /kubernetes\/mod\.just: not YAML/, "verbatim files are listed with their reason");
  const [ts, yaml] = /lines: (\d+) TypeScript for (\d+) in kubernetes\//.exec(summary)!.slice(1).map(Number);
  assert.ok(ts! <= yaml!, `TypeScript (${ts} lines) no longer than the YAML (${yaml})`);
  assert.match(readFileSync(join(repo, "fluxkit.config.ts"), "utf8"), /declaresSubstituteFrom: false,/);
  typecheck(repo);

  // The imported environment validates exactly as the plain tree does: the same documents (verbatim
  // YAML included) and the same findings. Only the TypeScript adds something: an info per document
  // built with untypedObject, which a plain tree has no notion of.
  const asEnvironment = validation(repo);
  const asFolder = validation(repo, "kubernetes");
  const fromTypeScript = (f: string): boolean => f.startsWith("typing/untyped-object | info | ");
  assert.is(asFolder.counts.error, 0, asFolder.findings.join("\n"));
  assert.is(asFolder.counts.warning, 0, asFolder.findings.join("\n"));
  assert.is(asEnvironment.documents, asFolder.documents, "verbatim YAML files are validated too");
  assert.equal(asEnvironment.findings.filter((f) => !fromTypeScript(f)), asFolder.findings);
  assert.ok(asEnvironment.findings.some(fromTypeScript), "untyped documents are still reported, as infos");
});

test("verbatim YAML is validated as `validate DIR` reads it; declaresSubstituteFrom: false makes undeclared sources Flux's", () => {
  const files: Record<string, string> = {
    "kubernetes/apps/x/ks.yaml": [
      "apiVersion: kustomize.toolkit.fluxcd.io/v1", "kind: Kustomization", "metadata:", "  name: x", "  namespace: flux-system", "spec:",
      "  interval: 1h", "  path: ./kubernetes/apps/x/app", "  prune: true", "  sourceRef:", "    kind: GitRepository", "    name: flux-system",
      "  postBuild:", "    substituteFrom:", "      - kind: Secret", "        name: cluster-secrets", "",
    ].join("\n"),
    // kustomize reads a kustomization.yaml without apiVersion and kind as a Kustomization.
    "kubernetes/apps/x/app/kustomization.yaml": "resources:\n  - ./configmap.yaml\n",
    "kubernetes/apps/x/app/configmap.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: x\ndata:\n  host: ${SECRET_DOMAIN}\nspec: {}\n",
    "kubernetes/apps/x/app/values.yaml": "replicas: 1\n",
  };
  const environment = (declaresSubstituteFrom?: boolean) => defineEnvironment({
    name: "verbatim", description: "verbatim files", deploy: false, pathHeaders: false, deriveKustomizations: false,
    ...(declaresSubstituteFrom !== undefined && { declaresSubstituteFrom }),
    build: () => fileTree(Object.entries(files).map(([path, text]) => [path, verbatimFile(text)] as const)),
  });
  const shown = (declares?: boolean) => renderEnvironment(environment(declares)).validation.findings.map((f) => `${f.severity} ${f.rule} ${f.file} ${f.path}`);
  const declared = shown();
  assert.ok(declared.includes("error schema/unknown-field kubernetes/apps/x/app/configmap.yaml "), declared.join("\n"));
  assert.ok(declared.includes("warning flux/unverified-var kubernetes/apps/x/app/configmap.yaml data.host"), declared.join("\n"));
  const imported = shown(false);
  assert.ok(imported.includes("info flux/unverified-var kubernetes/apps/x/app/configmap.yaml data.host"), imported.join("\n"));
  assert.not.ok(imported.some((f) => f.startsWith("warning ")), imported.join("\n"));
});

test("the import refuses to overwrite a source it did not write, and then writes nothing", () => {
  const repo = repoWith(join(GOLDEN, "seed", "kubernetes"));
  mkdirSync(join(repo, "config"));
  writeFileSync(join(repo, "config", "index.ts"), "// mine\n");
  const run = fluxkit(repo, "import", "kubernetes", "--library", LIBRARY);
  assert.is(run.status, 1);
  assert.match(run.stderr, /config\/index\.ts exists and was not written by fluxkit import/);
  assert.is(readFileSync(join(repo, "config", "index.ts"), "utf8"), "// mine\n");
  assert.not.ok(existsSync(join(repo, "config", "apps")), "no module written");
  assert.not.ok(existsSync(join(repo, "fluxkit.config.ts")), "no config written");
});

test("a second import replaces its own sources; invalid YAML is an error naming file and line", () => {
  const repo = repoWith(join(GOLDEN, "seed", "kubernetes"));
  assert.is(fluxkit(repo, "import", "kubernetes", "--library", LIBRARY).status, 0);
  assert.is(fluxkit(repo, "import", "kubernetes", "--library", LIBRARY).status, 0, "its own files are replaced");
  writeFileSync(join(repo, "kubernetes", "broken.yaml"), "---\na: [1, 2\nb: c\n");
  const run = fluxkit(repo, "import", "kubernetes", "--library", LIBRARY);
  assert.is(run.status, 1);
  assert.match(run.stderr, /kubernetes\/broken\.yaml:\d+/);
});

test.run();
