// `fluxkit render` as a user runs it: a child process writing into temp folders. Plus the
// summary and colour helpers from lib/cli.ts, whose terminal cases a child process cannot reach.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { environments } from "../config/index.ts";
import { outputRoot, parseCommandArgs, selectEnvironments, summaryLines, UsageError, useColour } from "../lib/cli.ts";
import { GOLDEN, FLUXKIT, readTree, REPO_ROOT, tempFolders } from "./helpers.ts";

const APP = "kubernetes/apps/ai-system/agentgateway";
const HELMRELEASE = `${APP}/app/helmrelease.yaml`;
const golden = Object.fromEntries(readTree(join(GOLDEN, "seed")));
const ANSI = /\x1b\[/;

const tempDir = tempFolders(test, "fluxkit-render-");

/** Runs the CLI; every run also checks that output to a pipe carries no colour. */
function render(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [FLUXKIT, "render", ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  assert.not.match(run.stdout + run.stderr, ANSI, `colour in piped output of render ${args.join(" ")}`);
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function put(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/**
 * A folder as a render of seed leaves it: a copy of the golden files, which the first test shows
 * to be the same (copied file by file, as the golden folder is read-only).
 */
function renderedSeed(): string {
  const out = tempDir();
  for (const [path, text] of Object.entries(golden)) put(out, path, text);
  return out;
}

test("--env seed --out D writes the 15 golden files into an empty folder; a second run writes none", () => {
  const out = tempDir();
  const run = render("--env", "seed", "--out", out);
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, /^seed\s+15 files, 15 changed, 0 removed {2}\(\d+ ms\)$/m);
  assert.equal(Object.fromEntries(readTree(out)), golden);
  assert.match(render("--env", "seed", "--out", out).stdout, /15 files, 0 changed, 0 removed/);
  const check = render("--env", "seed", "--out", out, "--check");
  assert.is(check.code, 0, check.stdout);
  assert.match(check.stdout, /^seed\s+15 files, clean {2}\(\d+ ms\)$/m);
});

test("one changed byte: --check exits 1 with a diff naming the file, render restores it", () => {
  const out = renderedSeed();
  const original = golden[HELMRELEASE]!;
  writeFileSync(join(out, HELMRELEASE), original.replace("apiVersion", "apiVersioN"));
  const check = render("--env", "seed", "--out", out, "--check");
  assert.is(check.code, 1);
  assert.ok(check.stdout.includes(`--- a/${out.slice(1)}/${HELMRELEASE}\n+++ b/${out.slice(1)}/${HELMRELEASE}\n`), check.stdout);
  assert.match(check.stdout, /^-apiVersioN/m);
  assert.match(check.stdout, /^seed\s+15 files, 1 differ/m);
  assert.match(render("--env", "seed", "--out", out).stdout, /15 files, 1 changed, 0 removed/);
  assert.is(readFileSync(join(out, HELMRELEASE), "utf8"), original);
});

test("stray files in the app folder are reported and removed; files outside it are never touched", () => {
  const out = renderedSeed();
  const foreign = {
    "README.md": "# notes\n",
    "kubernetes/apps/other/x.yaml": "other: app\n",
    "kubernetes/apps/ai-system/namespace.yaml": "kind: Namespace\n",
  };
  for (const [path, text] of Object.entries(foreign)) put(out, path, text);
  put(out, `${APP}/app/stale.yaml`, "stale: true\n");
  const check = render("--env", "seed", "--out", out, "--check");
  assert.is(check.code, 1);
  assert.ok(check.stdout.includes(`--- a/${out.slice(1)}/${APP}/app/stale.yaml\n+++ /dev/null\n`), check.stdout);
  assert.match(render("--env", "seed", "--out", out).stdout, /15 files, 0 changed, 1 removed/);
  assert.equal(Object.fromEntries(readTree(out)), { ...golden, ...foreign });
});

test("a symbolic link in the app folder makes render refuse without writing; its target is untouched", () => {
  const out = renderedSeed();
  const target = join(tempDir(), "target.yaml");
  writeFileSync(target, "precious\n");
  symlinkSync(target, join(out, APP, "app", "link.yaml"));
  writeFileSync(join(out, HELMRELEASE), "edited\n");
  const run = render("--env", "seed", "--out", out);
  assert.is(run.code, 1);
  assert.ok(run.stderr.includes(join(out, APP, "app", "link.yaml")), run.stderr);
  assert.not.match(run.stderr, /^\s+at /m);
  assert.is(readFileSync(target, "utf8"), "precious\n");
  assert.is(readFileSync(join(out, HELMRELEASE), "utf8"), "edited\n");
});

test("errors are one line; --debug adds the stack", () => {
  const file = join(tempDir(), "a-file");
  writeFileSync(file, "");
  const plain = render("--env", "seed", "--out", file);
  assert.is(plain.code, 1);
  // The seed's expected findings take one line; the error itself takes one more.
  assert.match(plain.stderr, /^error: .*a-file.*\n$/m);
  assert.not.match(plain.stderr, /^\s+at /m);
  const debug = render("--env", "seed", "--out", file, "--debug");
  assert.is(debug.code, 1);
  assert.match(debug.stderr, /^\s+at /m);
});

test("usage errors exit 2; --help exits 0", () => {
  const unknown = render("--env", "nope");
  assert.is(unknown.code, 2);
  assert.is(unknown.stderr, `unknown environment "nope"; known: ${environments.map((env) => env.name).join(", ")}\n`);
  for (const args of [["--bogus"], ["--out"]]) {
    const run = render(...args);
    assert.is(run.code, 2, args.join(" "));
    assert.match(run.stderr, /Usage: fluxkit render/);
  }
  const help = render("--help");
  assert.is(help.code, 0);
  for (const env of environments) {
    assert.match(help.stdout, new RegExp(`${env.name} +${env.description.replace(/[()]/g, "\\$&")}`), env.name);
  }
});

test("selectEnvironments: deployed ones by default, named ones once each", () => {
  assert.equal(selectEnvironments(environments), environments.filter((env) => env.deploy));
  assert.equal(selectEnvironments(environments, ["seed", "seed"]).map((env) => env.name), ["seed"]);
});

test("outputRoot: the configured folder by default; --out is the root of one env, the parent of several", () => {
  assert.is(outputRoot("home", 2, undefined, "/repo/out/home"), "/repo/out/home");
  assert.is(outputRoot("home", 1, "/tmp/d", "/repo/out/home"), "/tmp/d");
  assert.is(outputRoot("home", 2, "/tmp/d", "/repo/out/home"), "/tmp/d/home");
  assert.is(outputRoot("home", 1, "rel", "/repo/out/home"), resolve("rel"));
});

test("colour only on a terminal without NO_COLOR", () => {
  assert.is(useColour({ isTTY: true }, {}), true);
  assert.is(useColour({ isTTY: true }, { NO_COLOR: "1" }), false);
  assert.is(useColour({ isTTY: true }, { NO_COLOR: "" }), false);
  assert.is(useColour({}, {}), false);
});

test("summaryLines align names and colour the status only when asked", () => {
  const plan = { write: [], unchanged: ["a", "b"], remove: [{ path: "c", old: "" }], removeFolders: [] };
  const summaries = [
    { name: "home", plan, ms: 38.4 },
    { name: "staging", plan, ms: 21 },
  ];
  assert.equal(summaryLines(summaries, false, false), [
    "home     2 files, 0 changed, 1 removed  (38 ms)",
    "staging  2 files, 0 changed, 1 removed  (21 ms)",
  ]);
  assert.equal(summaryLines(summaries.slice(1), true, false), ["staging  2 files, 1 differ  (21 ms)"]);
  assert.match(summaryLines(summaries.slice(1), true, true)[0]!, /\x1b\[31m1 differ\x1b\[0m/);
});

test("parseCommandArgs: long, --name=value, short and repeated options, -- and positionals; mistakes in words, with did you mean", () => {
  const options = { env: { type: "string", multiple: true }, out: { type: "string" }, check: { type: "boolean" }, help: { type: "boolean", short: "h" } } as const;
  assert.equal(parseCommandArgs(["--env", "a", "--env=b", "--check", "-h", "dir", "--", "--out"], options, true), {
    values: { env: ["a", "b"], check: true, help: true },
    positionals: ["dir", "--out"],
  });
  assert.equal(parseCommandArgs(["--out=-"], options, false).values, { out: "-" });
  const usage = (argv: string[], positionals = false): string => {
    try {
      parseCommandArgs(argv, options, positionals);
    } catch (error) {
      assert.instance(error, UsageError);
      return (error as Error).message;
    }
    return "no error";
  };
  assert.is(usage(["--chek"]), "unknown option --chek (did you mean --check?)");
  assert.is(usage(["-x"]), "unknown option -x");
  assert.is(usage(["--out"]), "option --out needs a value: --out VALUE");
  assert.is(usage(["--out", "--check"]), "option --out needs a value: --out VALUE");
  assert.is(usage(["--check=yes"]), "option --check takes no value");
  assert.is(usage(["stray"]), 'unexpected argument "stray"');
});

test.run();
