// lib/output-record.ts with lib/output.ts and lib/diff.ts: the record of what a render wrote makes
// an app removed from the config disappear from the output (and `--check` report it), while files
// no render wrote stay; the record itself is stable text, refused when odd, and written last.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { planDiff } from "../lib/diff.ts";
import { checkOutput, planOutput, writeOutput } from "../lib/output.ts";
import { parseRecord, planRecord, RECORD_FORMAT, recordText } from "../lib/output-record.ts";
import { applyPlan, differingFiles, WriteError } from "../lib/write.ts";
import { readTree, tempFolders } from "./helpers.ts";

const X = "kubernetes/apps/ns/x";
const Y = "kubernetes/apps/other/y";

/** Tree B: app x, the ns namespace file, a top-level file. */
const treeB = new Map([
  [`${X}/ks.yaml`, "x: ks\n"],
  [`${X}/app/helmrelease.yaml`, "x: hr\n"],
  [`${X}/app/kustomization.yaml`, "x: k\n"],
  ["kubernetes/apps/ns/kustomization.yaml", "ns: k\n"],
  ["kubernetes/flux/cluster.yaml", "cluster\n"],
]);

/** Tree A: tree B plus app y, alone in its namespace, whose namespace file lies outside the app folder. */
const yFiles = new Map([
  [`${Y}/ks.yaml`, "y: ks\n"],
  [`${Y}/app/helmrelease.yaml`, "y: hr\n"],
  ["kubernetes/apps/other/kustomization.yaml", "other: k\n"],
]);
const treeA = new Map([...treeB, ...yFiles]);

const tempDir = tempFolders(test, "fluxkit-record-");

function put(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** An output root rendered from tree A with its record, plus a hand-written README beside the apps. */
function renderedA(): { root: string; recordFile: string } {
  const base = tempDir();
  const root = join(base, "out", "home");
  const recordFile = join(base, ".fluxkit", "home.json");
  writeOutput({ files: treeA }, root, { recordFile });
  put(root, "README.md", "# mine\n");
  return { root, recordFile };
}

test("recordText: sorted paths, each once, a format and a final newline, whatever the input order", () => {
  const text = recordText(["b/ks.yaml", "a/x.yaml", "b/ks.yaml", "a/B.yaml"]);
  assert.is(text, `{\n  "format": "${RECORD_FORMAT}",\n  "files": [\n    "a/B.yaml",\n    "a/x.yaml",\n    "b/ks.yaml"\n  ]\n}\n`);
  assert.is(recordText(["a/B.yaml", "b/ks.yaml", "a/x.yaml"]), text);
  assert.equal(parseRecord(text, "r.json"), ["a/B.yaml", "a/x.yaml", "b/ks.yaml"]);
});

test("a first render writes every file and the record; a second plans nothing", () => {
  const { root, recordFile } = renderedA();
  assert.is(readFileSync(recordFile, "utf8"), recordText(treeA.keys()));
  const again = planOutput({ files: treeA }, root, { recordFile });
  assert.equal([again.write, again.remove, again.removeFolders, again.record?.changed], [[], [], [], false]);
  assert.is(differingFiles(again), 0);
});

test("an app removed from the config: exactly its files and the folders they leave empty go", () => {
  const { root, recordFile } = renderedA();
  const plan = planOutput({ files: treeB }, root, { recordFile });
  assert.equal(plan.write, []);
  assert.equal(plan.remove.map((file) => [file.path, file.old]).sort(), [...yFiles].sort());
  // Up to, not including, kubernetes/apps: it still holds ns.
  assert.equal(plan.removeFolders, [`${Y}/app`, Y, "kubernetes/apps/other"]);
  assert.equal([plan.record?.previous, plan.record?.files], [[...treeA.keys()].sort(), [...treeB.keys()].sort()]);
  applyPlan(root, plan);
  assert.equal(Object.fromEntries(readTree(root)), Object.fromEntries([...treeB, ["README.md", "# mine\n"]].sort()));
  assert.is(readFileSync(recordFile, "utf8"), recordText(treeB.keys()));
  const again = planOutput({ files: treeB }, root, { recordFile });
  assert.is(differingFiles(again), 0);
});

test("an app replaced by a new one in its namespace: the namespace folder stays for the new files", () => {
  const { root, recordFile } = renderedA();
  const withZ = new Map([...treeB, ["kubernetes/apps/other/z/ks.yaml", "z: ks\n"]]);
  const plan = planOutput({ files: withZ }, root, { recordFile });
  assert.equal(plan.removeFolders, [`${Y}/app`, Y]);
  applyPlan(root, plan);
  assert.equal([...readTree(root).keys()].filter((path) => path.startsWith("kubernetes/apps/other/")), ["kubernetes/apps/other/z/ks.yaml"]);
});

test("a hand-written file in the removed app's folder stays, and so does the folder", () => {
  const { root, recordFile } = renderedA();
  put(root, `${Y}/NOTES.md`, "why y went\n");
  const plan = planOutput({ files: treeB }, root, { recordFile });
  assert.equal(plan.remove.map((file) => file.path).sort(), [...yFiles.keys()].sort());
  assert.equal(plan.removeFolders, [`${Y}/app`]);
  applyPlan(root, plan);
  assert.is(readFileSync(join(root, Y, "NOTES.md"), "utf8"), "why y went\n");
  assert.equal([...readTree(root).keys()].filter((path) => path.startsWith("kubernetes/apps/other/")), [`${Y}/NOTES.md`]);
});

test("--check: the removed app's files and the stale record differ, and the diff names them", () => {
  const { root, recordFile } = renderedA();
  const check = checkOutput({ files: treeB }, root, "out/home", { recordFile, shownRecord: ".fluxkit/home.json" });
  assert.is(check.differing, yFiles.size + 1);
  const lines = check.diff.split("\n");
  assert.is(lines[0], "record .fluxkit/home.json updated: 0 added, 3 removed");
  for (const [path, text] of yFiles) {
    assert.ok(check.diff.includes(`--- a/out/home/${path}\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-${text}`), path);
  }
  assert.is(lines.filter((line) => line.startsWith("--- ")).length, yFiles.size);
  // Nothing was written by checking.
  assert.is(readFileSync(recordFile, "utf8"), recordText(treeA.keys()));
  assert.ok(readTree(root).has(`${Y}/ks.yaml`));
});

test("a missing record: nothing outside app folders is removed (as before records), then it is written", () => {
  const { root, recordFile } = renderedA();
  const oldRepository = join(dirname(recordFile), "none.json");
  const plan = planOutput({ files: treeB }, root, { recordFile: oldRepository });
  assert.equal([plan.write, plan.remove, plan.removeFolders], [[], [], []]);
  assert.equal([plan.record?.previous, plan.record?.changed], [undefined, true]);
  assert.is(differingFiles(plan), 1);
  assert.is(planDiff(plan, "out/home", "none.json"), `record none.json created (${treeB.size} files)\n`);
  applyPlan(root, plan);
  assert.is(readFileSync(oldRepository, "utf8"), recordText(treeB.keys()));
});

test("without a record file the plan is today's: app folders only, no record", () => {
  const { root } = renderedA();
  const plan = planOutput({ files: treeB }, root);
  assert.equal([plan.remove, plan.record], [[], undefined]);
  assert.is(planDiff(plan, "out/home"), "");
});

test("a record that is not JSON, of another format or listing a path out of the root is an error naming it", () => {
  const { root, recordFile } = renderedA();
  const refusedWith = (text: string, detail: RegExp) => {
    writeFileSync(recordFile, text);
    assert.throws(() => planOutput({ files: treeB }, root, { recordFile }), (error: Error) =>
      error instanceof WriteError && error.message.startsWith(`${recordFile}: `) && detail.test(error.message), text);
  };
  refusedWith("{ not json", /not valid JSON/);
  refusedWith("[]\n", /not an output record/);
  refusedWith(`{ "format": "fluxkit-output-record/2", "files": [] }`, /format is "fluxkit-output-record\/2"/);
  refusedWith(`{ "files": [] }`, /format is missing/);
  refusedWith(`{ "format": "${RECORD_FORMAT}", "files": {} }`, /files: expected an array/);
  refusedWith(`{ "format": "${RECORD_FORMAT}", "files": ["a", 3] }`, /files\[1\]: expected a string/);
  refusedWith(`{ "format": "${RECORD_FORMAT}", "files": ["../../.bashrc"] }`, /files\[0\]: tree path "..\/..\/.bashrc"/);
  refusedWith(`{ "format": "${RECORD_FORMAT}", "files": ["/etc/passwd"] }`, /files\[0\]: .* is absolute/);
  assert.ok(readTree(root).has(`${Y}/ks.yaml`));
});

test("a recorded path through a symbolic link is refused, and the link's target is untouched", () => {
  const { root, recordFile } = renderedA();
  const elsewhere = tempDir();
  put(elsewhere, "helmrelease.yaml", "precious\n");
  // y's app folder replaced by a link to a folder outside the root.
  applyPlan(root, { write: [], unchanged: [], remove: [{ path: `${Y}/app/helmrelease.yaml`, old: "" }], removeFolders: [`${Y}/app`] });
  symlinkSync(elsewhere, join(root, Y, "app"));
  assert.throws(() => planOutput({ files: treeB }, root, { recordFile }), (error: Error) =>
    error instanceof WriteError && error.message.includes(join(root, Y, "app")) && /symbolic link/.test(error.message));
  assert.equal(Object.fromEntries(readTree(elsewhere)), { "helmrelease.yaml": "precious\n" });
});

test("the record itself: a symbolic link, a folder, the root or a rendered file's place is refused; elsewhere below the root it is fine", () => {
  const { root, recordFile } = renderedA();
  const linked = join(dirname(recordFile), "linked.json");
  symlinkSync(recordFile, linked);
  assert.throws(() => planRecord(linked, root, treeB.keys()), (error: Error) => error instanceof WriteError && error.message.startsWith(`${linked} is a symbolic link`));
  assert.throws(() => planRecord(dirname(recordFile), root, treeB.keys()), (error: Error) => error instanceof WriteError && /is not a file/.test(error.message));
  const rendered = [...treeB.keys()][0]!;
  for (const inside of [join(root, rendered), join(root, rendered.split("/")[0]!), root]) {
    assert.throws(() => planRecord(inside, root, treeB.keys()), (error: Error) => error instanceof WriteError && /cannot take the place of rendered output/.test(error.message), inside);
  }
  assert.is(planRecord(join(root, ".fluxkit", "home.json"), root, treeB.keys()).previous, undefined);
});

test("a failed write leaves the old record, which still lists every file the old render wrote", () => {
  const { root, recordFile } = renderedA();
  const changed = new Map([...treeB, [`${X}/app/helmrelease.yaml`, "x: hr v2\n"]]);
  const plan = planOutput({ files: changed }, root, { recordFile });
  assert.throws(() => applyPlan(root, plan, { failAfter: 0 }), /injected failure/);
  assert.is(readFileSync(recordFile, "utf8"), recordText(treeA.keys()));
  assert.is(planOutput({ files: changed }, root, { recordFile }).remove.length, yFiles.size);
});

test.run();
