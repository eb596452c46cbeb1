// The `fluxkit` command as a new user gets it: a fresh folder whose package.json is what
// `npm init -y` writes, the packed tarball installed and nothing else, then init, render,
// render --check and validate, and validate of a real repository's tree; on this Node and on
// Node 24. Plus what a consumer repository does with it: builders for core and cert-manager
// kinds, app-template values, a removed app.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { installConsumer, node24, once, packedPackage, PACKAGE_NAME, run, runOk, tempDir } from "./consumer.ts";

const CORPUS = join(import.meta.dirname, "..", "..", "shared", "corpus", "onedr0p-home-ops", "kubernetes");

const fresh = once((): string => {
  const dir = tempDir("fluxkit-fresh-");
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  runOk("npm", ["init", "-y"], dir);
  // What `npm install <tarball>` records; installConsumer points it at the tarball, offline.
  const manifestFile = join(dir, "package.json");
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Record<string, unknown>;
  writeFileSync(manifestFile, `${JSON.stringify({ ...manifest, dependencies: { [PACKAGE_NAME]: "*" } }, null, 2)}\n`);
  installConsumer(dir, packedPackage());
  return dir;
});

/** `npx fluxkit ARGS` with the given node, in `dir`. */
function fluxkit(node: string, dir: string, ...args: string[]) {
  return run(node, [join(dir, "node_modules", ".bin", "fluxkit"), ...args], dir);
}

function journey(node: string): void {
  const base = fresh();
  const dir = tempDir("fluxkit-journey-");
  try {
    cpSync(base, dir, { recursive: true, verbatimSymlinks: true });
    const init = fluxkit(node, dir, "init");
    assert.is(init.status, 0, init.stderr);
    assert.match(init.stdout, /created fluxkit\.config\.ts/);
    const render = fluxkit(node, dir, "render");
    assert.is(render.status, 0, render.stderr + render.stdout);
    assert.ok(existsSync(join(dir, "kubernetes", "apps", "default", "podinfo", "app", "helmrelease.yaml")), "the example app is rendered into kubernetes/");
    assert.ok(existsSync(join(dir, ".fluxkit", "home.json")), "the render's record");
    const check = fluxkit(node, dir, "render", "--check");
    assert.is(check.status, 0, check.stderr + check.stdout);
    assert.match(check.stdout, /^home\s+\d+ files, clean/m);
    const validate = fluxkit(node, dir, "validate");
    assert.is(validate.status, 0, validate.stderr + validate.stdout);
    assert.match(validate.stdout, /^home: \d+ documents, 0 errors, 0 warnings/m);
    const typecheck = fluxkit(node, dir, "typecheck");
    assert.is(typecheck.status, 0, typecheck.stderr + typecheck.stdout);
    if (existsSync(CORPUS)) {
      const corpus = fluxkit(node, dir, "validate", CORPUS);
      assert.ok(corpus.status === 0 || corpus.status === 1, corpus.stderr);
      assert.match(corpus.stdout, /kubernetes: \d+ documents, \d+ errors, \d+ warnings/);
    } else console.log("  (validate of the shared real repository skipped: ../shared/corpus is absent)");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("npm init -y, the tarball, then init, render, render --check, validate, typecheck: all exit 0 (this Node)", () => {
  journey(process.execPath);
});

test("the same on Node 24", () => {
  const { node, why } = node24();
  if (node === undefined) {
    console.log(`  (Node 24 skipped: ${why})`);
    return;
  }
  journey(node);
});

test.run();
