// Flux substitution preview: `render --resolve VARS_FILE` as a user runs it, the VARS_FILE's
// checks, and Flux's syntax and precedence on a small tree of our own.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { environments } from "../config/index.ts";
import { document, type KubeObject } from "../lib/document.ts";
import { fluxKustomization, fluxPath } from "../lib/k8s/flux.ts";
import { emitTree, finishTree } from "../lib/render.ts";
import { renderCommand } from "../lib/render-cli.ts";
import { parseVarsFile, resolveTree, VarsFileError } from "../lib/substitute.ts";
import { fileTree } from "../lib/tree.ts";
import { Capture, FLUXKIT, readTree, REPO_ROOT, tempFolders } from "./helpers.ts";

const APP = "kubernetes/apps/ai-system/agentgateway";
const GATEWAY = `${APP}/app/gateway.yaml`;

const tempDir = tempFolders(test, "fluxkit-resolve-");

/** `fluxkit render` in a child process, as a user runs it. */
function renderCli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [FLUXKIT, "render", ...args], { cwd: REPO_ROOT, encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The same command in process: faster, for the failures. */
async function render(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await renderCommand(args, { environments, repoRoot: REPO_ROOT, stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

function varsFile(text: string): string {
  const file = join(tempDir(), "vars.yaml");
  writeFileSync(file, text);
  return file;
}

test("home: --resolve replaces ${SECRET_DOMAIN} everywhere, leaves {{ .FIELD }} and every other file alone", () => {
  const out = join(tempDir(), "home");
  const run = renderCli("--env", "home", "--resolve", varsFile("Secret/cluster-secrets:\n  SECRET_DOMAIN: example.com\n"), "--out", out);
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, /^home\s+15 files, 15 changed/m);
  const resolved = readTree(out);
  const committed = readTree(join(REPO_ROOT, "out", "home"));
  const gateway = resolved.get(GATEWAY)!;
  assert.ok(gateway.includes('    external-dns.alpha.kubernetes.io/target: "ai.example.com"\n'), gateway);
  assert.ok(gateway.includes('        external-dns.alpha.kubernetes.io/hostname: "ai.example.com"\n'), gateway);
  assert.is(gateway, committed.get(GATEWAY)!.replaceAll("${SECRET_DOMAIN}", "example.com"));
  for (const [path, text] of resolved) {
    assert.not.ok(text.includes("${"), `${path} still holds a variable`);
    if (path !== GATEWAY) assert.is(text, committed.get(path), `${path} changed`);
  }
  assert.ok(resolved.get(`${APP}/app/externalsecret.yaml`)!.includes('OPENAI_API_KEY: "{{ .OPENAI_API_KEY }}"'));
});

test("a variable without value or default fails naming env, file, field and variable; nothing is written", async () => {
  const out = join(tempDir(), "home");
  const file = varsFile("Secret/cluster-secrets: {}\n");
  const run = await render("--env", "home", "--resolve", file, "--out", out);
  assert.is(run.code, 1);
  assert.ok(run.stderr.includes(
    `ERROR resolve/undefined-var [home] ${GATEWAY} Gateway/agentgateway metadata.annotations["external-dns.alpha.kubernetes.io/target"]: \${SECRET_DOMAIN} has no value and no default: not in postBuild.substitute of Kustomization/agentgateway nor under Secret/cluster-secrets in ${file}`,
  ), run.stderr);
  assert.match(run.stderr, /GatewayParameters\/agentgateway spec\.kube\.service\.extraAnnotations/);
  assert.match(run.stderr, /home: substitution failed with 2 errors: nothing written/);
  assert.not.ok(existsSync(out));
});

test("a source missing from the VARS_FILE fails unless optional, as Flux does", async () => {
  const file = varsFile("Secret/other: {}\n");
  const run = await render("--env", "home", "--resolve", file, "--out", join(tempDir(), "home"));
  assert.is(run.code, 1);
  assert.match(run.stderr, /resolve\/missing-source \[home\] kubernetes\/apps\/ai-system\/agentgateway\/ks\.yaml Kustomization\/agentgateway spec\.postBuild\.substituteFrom\[0\]: Secret\/cluster-secrets is not in /);
});

test("--resolve needs one --env and an --out outside the committed tree; VARS_FILE problems name env and file", async () => {
  const file = varsFile("Secret/cluster-secrets:\n  SECRET_DOMAIN: [a]\n");
  assert.match((await render("--env", "home", "--resolve", file)).stderr, /--resolve needs --out DIR/);
  assert.is((await render("--resolve", file, "--out", tempDir())).code, 2);
  const inside = await render("--env", "home", "--resolve", file, "--out", "out/home/resolved");
  assert.is(inside.code, 2);
  assert.match(inside.stderr, /inside out\/home, which is committed/);
  const bad = await render("--env", "home", "--resolve", file, "--out", tempDir());
  assert.is(bad.code, 1);
  assert.is(bad.stderr, `error: env home: ${file}: Secret/cluster-secrets.SECRET_DOMAIN: must be a string, number or boolean, got a list\n`);
});

function problems(text: string): readonly string[] {
  try {
    parseVarsFile(text, "vars.yaml");
  } catch (error) {
    if (error instanceof VarsFileError) return error.problems;
    throw error;
  }
  assert.unreachable(`no problem in ${text}`);
  return [];
}

test("VARS_FILE: wrong shapes are errors with field paths, every one reported", () => {
  assert.equal(problems("SECRET_DOMAIN: example.com\n"), [
    "vars.yaml: SECRET_DOMAIN: not a substituteFrom source: top-level keys are Kind/name (Secret/cluster-secrets, ConfigMap/cluster-settings), each holding that source's variables",
  ]);
  assert.equal(problems("- a\n"), ["vars.yaml: must be a map from substituteFrom source (Kind/name, e.g. Secret/cluster-secrets) to its variables, got a list"]);
  assert.equal(problems(""), ["vars.yaml: must be a map from substituteFrom source (Kind/name, e.g. Secret/cluster-secrets) to its variables, got nothing"]);
  assert.equal(problems('{"Secret/a": "x", "Secret/b": {"A": {"x": 1}, "B": null, "1C": "y", "D": "a\\nb"}}'), [
    "vars.yaml: Secret/a: must be a map of variables to values, got a string",
    "vars.yaml: Secret/b.A: must be a string, number or boolean, got a map",
    "vars.yaml: Secret/b.B: must be a string, number or boolean, got null",
    "vars.yaml: Secret/b.1C: not a variable name Flux accepts (letters, digits and _, not starting with a digit)",
    "vars.yaml: Secret/b.D: must be one line: Flux removes line breaks from variable values",
  ]);
  assert.match(problems("Secret/a: [\n")[0]!, /^vars\.yaml: .+ at line \d+, column \d+$/);
  assert.match(problems("Secret/a: {A: 1}\nSecret/a: {B: 2}\n")[0]!, /^vars\.yaml: Map keys must be unique/);
});

test("VARS_FILE: YAML and JSON, numbers and booleans keep their text", () => {
  const yaml = parseVarsFile("Secret/s:\n  VERSION: 1.10\n  HEX: 0x1F\n  ON: true\n  NAME: x\nConfigMap/c: {}\n", "v.yaml");
  assert.equal([...yaml.get("Secret/s")!], [["VERSION", "1.10"], ["HEX", "0x1F"], ["ON", "true"], ["NAME", "x"]]);
  assert.equal([...yaml.get("ConfigMap/c")!], []);
  assert.equal([...parseVarsFile('{"Secret/s": {"PORT": 8080}}', "v.json").get("Secret/s")!], [["PORT", "8080"]]);
});

/**
 * A Flux Kustomization building `apps/demo` with these postBuild settings, that folder's objects
 * and, beside the Kustomization in apps/ks.yaml (outside its path), a ConfigMap using ${APP}.
 */
function resolveDemo(postBuild: object, objects: KubeObject[], vars: string) {
  const ks = fluxKustomization({
    metadata: { name: "demo", namespace: "default" },
    spec: { interval: "1h", path: fluxPath("apps/demo"), prune: true, sourceRef: { kind: "GitRepository", name: "flux-system" }, postBuild },
  });
  const tree = finishTree(fileTree([
    ["apps/ks.yaml", [ks, document(configMap("outside", { app: "${APP}" }))]],
    ["apps/demo/objects.yaml", objects.map((object, i) => document(object, i === 0 ? { comment: "keeps ${UNDEFINED_IN_COMMENT}" } : {}))],
  ]));
  const input = emitTree(tree);
  return { input, ...resolveTree("test", tree, input, parseVarsFile(vars, "vars.yaml"), "vars.yaml") };
}

function configMap(name: string, data: Record<string, string>, annotations?: Record<string, string>): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, ...(annotations && { annotations }) }, data } as KubeObject;
}

test("Flux syntax: values, defaults when unset or empty, escapes; comments and opted-out objects stay", () => {
  const result = resolveDemo(
    { substitute: { APP: "demo" }, substituteFrom: [{ kind: "Secret", name: "s" }] },
    [
      configMap("a", {
        value: "${APP}-${DOMAIN}",
        unsetDefault: "${UNSET:=one}",
        unsetDash: "${UNSET:-two}",
        emptyDefault: "${EMPTY:=three}",
        empty: "[${EMPTY}]",
        escaped: "$${APP}",
        template: "{{ .APP }}",
        "${APP}-key": "keys too",
      }),
      configMap("b", { kept: "${UNDEFINED}" }, { "kustomize.toolkit.fluxcd.io/substitute": "disabled" }),
    ],
    "Secret/s:\n  DOMAIN: example.com\n  EMPTY: ''\n",
  );
  assert.equal(result.findings, []);
  const text = result.files.get("apps/demo/objects.yaml")!;
  assert.ok(text.includes("# keeps ${UNDEFINED_IN_COMMENT}\n"), text);
  assert.equal(result.tree.get("apps/demo/objects.yaml")!.documents.map((doc) => (doc.object as { data?: unknown }).data), [
    {
      value: "demo-example.com",
      unsetDefault: "one",
      unsetDash: "two",
      emptyDefault: "three",
      empty: "[]",
      escaped: "${APP}",
      template: "{{ .APP }}",
      "demo-key": "keys too",
    },
    { kept: "${UNDEFINED}" },
  ]);
  assert.is(result.files.get("apps/ks.yaml"), result.input.get("apps/ks.yaml"), "files outside every Kustomization's path are applied as written");
});

test("Flux precedence: postBuild.substitute over every source, a later source over an earlier one; optional sources may be absent", () => {
  const result = resolveDemo(
    {
      substitute: { INLINE: "inline" },
      substituteFrom: [{ kind: "ConfigMap", name: "first" }, { kind: "Secret", name: "second" }, { kind: "Secret", name: "absent", optional: true }],
    },
    [configMap("a", { inline: "${INLINE}", both: "${BOTH}", first: "${ONLY_FIRST}" })],
    "ConfigMap/first: {INLINE: first, BOTH: first, ONLY_FIRST: first}\nSecret/second: {INLINE: second, BOTH: second}\n",
  );
  assert.equal(result.findings, []);
  assert.equal((result.tree.get("apps/demo/objects.yaml")!.documents[0]!.object as { data?: unknown }).data, { inline: "inline", both: "second", first: "first" });
});

test("a value that changes the YAML's structure is an error; a plain value that YAML types is what Flux applies", () => {
  const broken = resolveDemo({ substituteFrom: [{ kind: "Secret", name: "s" }] }, [configMap("a", { host: "ai.${DOMAIN}" })], "Secret/s: {DOMAIN: 'x # comment'}\n");
  assert.equal(broken.findings.map((f) => [f.rule, f.document, f.path]), [["resolve/yaml-changed", "ConfigMap/a", "data.host"]]);
  const invalid = resolveDemo({ substituteFrom: [{ kind: "Secret", name: "s" }] }, [configMap("a", { host: "ai.${DOMAIN}" })], "Secret/s: {DOMAIN: 'x: y'}\n");
  assert.equal(invalid.findings.map((f) => f.rule), ["resolve/invalid-yaml"]);
  const typed = resolveDemo({ substituteFrom: [{ kind: "Secret", name: "s" }] }, [configMap("a", { replicas: "${REPLICAS}" })], "Secret/s: {REPLICAS: 3}\n");
  assert.equal(typed.findings, []);
  assert.ok(typed.files.get("apps/demo/objects.yaml")!.includes("\n  replicas: 3\n"));
});

test("envsubst operations the preview cannot evaluate are errors, not guesses", () => {
  const result = resolveDemo({ substitute: { APP: "demo" } }, [configMap("a", { upper: "${APP^^}" })], "{}\n");
  assert.equal(result.findings.map((f) => [f.rule, f.path, f.message]), [
    ["resolve/unsupported", "data.upper", "${APP^^}: the preview evaluates only ${VAR}, ${VAR:=default}, ${VAR:-default} and $${VAR}"],
  ]);
});

test("without spec.postBuild Flux substitutes nothing, escapes and defaults included", () => {
  const ks = fluxKustomization({
    metadata: { name: "plain", namespace: "default" },
    spec: { interval: "1h", path: fluxPath("apps/plain"), prune: true, sourceRef: { kind: "GitRepository", name: "flux-system" } },
  });
  const tree = finishTree(fileTree([["apps/ks.yaml", [ks]], ["apps/plain/cm.yaml", [document(configMap("a", { x: "$${A} ${B:=b}" }))]]]));
  const files = emitTree(tree);
  const result = resolveTree("test", tree, files, new Map(), "vars.yaml");
  assert.equal(result.findings, []);
  assert.equal(result.files, files);
});

test.run();
