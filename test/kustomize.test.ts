// Every folder of every environment that has a kustomization.yaml builds with `kubectl kustomize`
// (kustomize v5), so Flux's kustomize-controller can build it too.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { environments } from "../config/index.ts";
import { renderEnvironment } from "../lib/render.ts";

const root = mkdtempSync(join(tmpdir(), "fluxkit-kustomize-"));

for (const env of environments) {
  const { files } = renderEnvironment(env);
  for (const [path, text] of files) {
    mkdirSync(dirname(join(root, env.name, path)), { recursive: true });
    writeFileSync(join(root, env.name, path), text);
  }
  const folders = [...files.keys()].filter((path) => path.endsWith("/kustomization.yaml")).map(dirname);
  test(`${env.name}: renders at least one kustomization`, () => assert.ok(folders.length > 0));
  for (const folder of folders) {
    test(`${env.name}: kubectl kustomize ${folder}`, () => {
      const run = spawnSync("kubectl", ["kustomize", join(root, env.name, folder)], { encoding: "utf8" });
      assert.is(run.error, undefined, "kubectl must be installed");
      assert.is(run.status, 0, run.stderr);
      // Every file the folder lists contributes its documents.
      const listed = files.get(`${folder}/kustomization.yaml`)?.match(/^  - /gm)?.length ?? 0;
      assert.ok(listed > 0 && run.stdout.includes("kind:"), `${folder} built nothing`);
    });
  }
}

test.after(() => rmSync(root, { recursive: true, force: true }));

test.run();
