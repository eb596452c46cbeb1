// lib/write.ts: plans compare bytes with the disk, touch only owned app folders and files the last
// render wrote, refuse symbolic links, and applying a plan never leaves a half-written file or a
// temp file behind.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { TreePathError } from "../lib/tree.ts";
import { appFolders, applyPlan, planWrite, WriteError } from "../lib/write.ts";
import { readTree, tempFolders } from "./helpers.ts";

const APP = "kubernetes/apps/ns/app";

/** What the renderer produces now. */
const rendered = new Map([
  [`${APP}/ks.yaml`, "ks: new\n"],
  [`${APP}/app/helmrelease.yaml`, "helmrelease: new\n"],
  [`${APP}/app/kustomization.yaml`, "kustomization: same\n"],
  [`${APP}/crds/crd.yaml`, "crd: added\n"],
]);

/** What the disk holds before: two changed, one same, one stray in a nested folder, three foreign. */
const before = {
  [`${APP}/ks.yaml`]: "ks: old\n",
  [`${APP}/app/helmrelease.yaml`]: "helmrelease: old\n",
  [`${APP}/app/kustomization.yaml`]: "kustomization: same\n",
  [`${APP}/old/stale/stale.yaml`]: "stale: true\n",
  "README.md": "# mine\n",
  "kubernetes/apps/ns/kustomization.yaml": "ns: mine\n",
  "kubernetes/apps/other/x.yaml": "other: mine\n",
};

const FOREIGN = ["README.md", "kubernetes/apps/ns/kustomization.yaml", "kubernetes/apps/other/x.yaml"] as const;

const tempDir = tempFolders(test, "fluxkit-write-");

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

test("appFolders: the folders that directly hold a ks.yaml", () => {
  assert.equal(appFolders([`${APP}/ks.yaml`, `${APP}/app/helmrelease.yaml`, "kubernetes/apps/b/c/ks.yaml", "ks.yaml.bak"]), [
    APP,
    "kubernetes/apps/b/c",
  ]);
});

test("planWrite into a missing root writes everything and removes nothing", () => {
  const plan = planWrite(join(tempDir(), "missing"), rendered, appFolders(rendered.keys()));
  assert.equal(plan.write.map((file) => [file.path, file.old]), [...rendered.keys()].map((path) => [path, undefined]));
  assert.equal([plan.unchanged, plan.remove, plan.removeFolders], [[], [], []]);
});

test("planWrite compares bytes and lists stray files and the folders they leave empty", () => {
  const root = tempDir();
  writeFiles(root, before);
  const plan = planWrite(root, rendered, appFolders(rendered.keys()));
  assert.equal(plan.write.map((file) => [file.path, file.old]), [
    [`${APP}/ks.yaml`, "ks: old\n"],
    [`${APP}/app/helmrelease.yaml`, "helmrelease: old\n"],
    [`${APP}/crds/crd.yaml`, undefined],
  ]);
  assert.equal(plan.unchanged, [`${APP}/app/kustomization.yaml`]);
  assert.equal(plan.remove, [{ path: `${APP}/old/stale/stale.yaml`, old: "stale: true\n" }]);
  assert.equal(plan.removeFolders, [`${APP}/old/stale`, `${APP}/old`]);
});

test("applyPlan makes owned folders equal to the render and leaves everything else alone", () => {
  const root = tempDir();
  writeFiles(root, before);
  applyPlan(root, planWrite(root, rendered, appFolders(rendered.keys())));
  const expected = new Map([...rendered, ...FOREIGN.map((path) => [path, before[path]] as const)]);
  assert.equal(Object.fromEntries(readTree(root)), Object.fromEntries(expected));
  const again = planWrite(root, rendered, appFolders(rendered.keys()));
  assert.equal([again.write, again.remove, again.removeFolders], [[], [], []]);
});

test("a symbolic link inside an owned folder is refused, and its target is untouched", () => {
  const root = tempDir();
  const outside = join(tempDir(), "target.yaml");
  writeFileSync(outside, "precious\n");
  writeFiles(root, before);
  symlinkSync(outside, join(root, APP, "app", "link.yaml"));
  assert.throws(() => planWrite(root, rendered, appFolders(rendered.keys())), (error: Error) =>
    error instanceof WriteError && error.message.includes(join(root, APP, "app", "link.yaml")));
  assert.is(readFileSync(outside, "utf8"), "precious\n");
});

test("a symbolic link on the way to a rendered file is refused", () => {
  const root = tempDir();
  const elsewhere = tempDir();
  writeFiles(elsewhere, { "helmrelease.yaml": "precious\n" });
  mkdirSync(join(root, APP), { recursive: true });
  symlinkSync(elsewhere, join(root, APP, "app"));
  assert.throws(() => planWrite(root, rendered, []), (error: Error) =>
    error instanceof WriteError && error.message.includes(join(root, APP, "app")));
  assert.equal(Object.fromEntries(readTree(elsewhere)), { "helmrelease.yaml": "precious\n" });
});

test("paths that could leave the root are refused", () => {
  const root = tempDir();
  const isPathError = (error: Error) => error instanceof TreePathError;
  assert.throws(() => planWrite(root, new Map([["../escape.yaml", "x\n"]]), []), isPathError);
  assert.throws(() => planWrite(root, new Map(), [".."]), isPathError);
});

test("planWrite removes files the last render wrote that are gone from the render, and only those", () => {
  const root = tempDir();
  const gone = { "kubernetes/apps/old/y/ks.yaml": "y: old\n", "kubernetes/apps/old/y/app/hr.yaml": "y: old\n", "kubernetes/apps/ns/ns.yaml": "ns: old\n" };
  writeFiles(root, { ...before, ...gone, "kubernetes/apps/old/mine.yaml": "mine\n" });
  // Listed but already gone, and listed but rendered again: neither is removed.
  const previous = [...Object.keys(gone), "kubernetes/apps/gone/z/ks.yaml", `${APP}/ks.yaml`];
  const plan = planWrite(root, rendered, appFolders(rendered.keys()), previous);
  assert.equal(plan.remove.map((file) => [file.path, file.old]).sort(), [
    ...Object.entries(gone),
    [`${APP}/old/stale/stale.yaml`, "stale: true\n"],
  ].sort());
  // kubernetes/apps/old keeps mine.yaml, so it stays; so does kubernetes/apps/ns (it holds the app).
  // Deepest first, so each folder is empty by the time it is removed.
  assert.equal(plan.removeFolders, [`${APP}/old/stale`, `${APP}/old`, "kubernetes/apps/old/y/app", "kubernetes/apps/old/y"]);
  applyPlan(root, plan);
  const expected = new Map([...rendered, ...FOREIGN.map((path) => [path, before[path]] as const), ["kubernetes/apps/old/mine.yaml", "mine\n"]]);
  assert.equal(Object.fromEntries(readTree(root)), Object.fromEntries([...expected].sort()));
});

test("planWrite: a recorded file that is now a folder of rendered files is replaced by them, not refused", () => {
  const root = tempDir();
  writeFiles(root, before);
  const plan = planWrite(root, rendered, appFolders(rendered.keys()), [`${APP}/app`]);
  assert.equal(plan.remove.map((file) => file.path), [`${APP}/old/stale/stale.yaml`]);
});

test("planWrite: a recorded file behind a symbolic link is refused, and its target is untouched", () => {
  const root = tempDir();
  const elsewhere = tempDir();
  writeFiles(elsewhere, { "hr.yaml": "precious\n" });
  writeFiles(root, before);
  mkdirSync(join(root, "kubernetes/apps/old/y"), { recursive: true });
  symlinkSync(elsewhere, join(root, "kubernetes/apps/old/y/app"));
  assert.throws(() => planWrite(root, rendered, [], ["kubernetes/apps/old/y/app/hr.yaml"]), (error: Error) =>
    error instanceof WriteError && error.message.includes(join(root, "kubernetes/apps/old/y/app")));
  symlinkSync(join(elsewhere, "hr.yaml"), join(root, "kubernetes/apps/old/y/link.yaml"));
  assert.throws(() => planWrite(root, rendered, [], ["kubernetes/apps/old/y/link.yaml"]), (error: Error) =>
    error instanceof WriteError && error.message.includes("link.yaml") && error.message.includes("symbolic link"));
  assert.throws(() => planWrite(root, rendered, [], ["../escape.yaml"]), (error: Error) => error instanceof TreePathError);
  assert.equal(Object.fromEntries(readTree(elsewhere)), { "hr.yaml": "precious\n" });
});

test("a failure part-way leaves every file old or new and no temp file", () => {
  const rootAsBefore = () => {
    const root = tempDir();
    writeFiles(root, before);
    return root;
  };
  const writes = planWrite(rootAsBefore(), rendered, []).write.length;
  for (let failAfter = 0; failAfter < writes; failAfter++) {
    const root = rootAsBefore();
    const plan = planWrite(root, rendered, appFolders(rendered.keys()));
    assert.throws(() => applyPlan(root, plan, { failAfter }), /injected failure/);
    const disk = readTree(root);
    for (const [path, text] of rendered) {
      const now = disk.get(path);
      assert.ok(now === text || now === (before as Record<string, string>)[path], `${path} after failing at ${failAfter}: ${now}`);
    }
    assert.equal([...disk.keys()].filter((path) => path.endsWith(".tmp")), [], `temp files after failing at ${failAfter}`);
    // Writes come first, so nothing was removed yet.
    assert.is(disk.get(`${APP}/old/stale/stale.yaml`), "stale: true\n");
  }
});

test.run();
