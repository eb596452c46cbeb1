// The check a Flux repository's users run today to see that it builds: `kubectl kustomize` on
// every folder that holds a kustomization.yaml, one after the other (as `find … | xargs` does).
// The floor `fluxkit validate DIR` is judged against. Prints the count of folders and failures.
//
//   node scripts/bench/kustomize-loop.mjs DIR

import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

/** Every folder below `dir` (itself included) that holds a kustomization.yaml, sorted. */
function kustomizeFolders(dir) {
  const entries = readdirSync(dir, { withFileTypes: true });
  const own = entries.some((e) => e.isFile() && /^kustomization\.ya?ml$/.test(e.name)) ? [dir] : [];
  return [...own, ...entries.filter((e) => e.isDirectory() && !e.name.startsWith(".")).sort((a, b) => (a.name < b.name ? -1 : 1)).flatMap((e) => kustomizeFolders(join(dir, e.name)))];
}

const [dir] = process.argv.slice(2);
if (dir === undefined) {
  process.stderr.write("usage: kustomize-loop.mjs DIR\n");
  process.exit(2);
}
let failed = 0;
const folders = kustomizeFolders(dir);
for (const folder of folders) {
  if (spawnSync("kubectl", ["kustomize", folder], { stdio: "ignore" }).status !== 0) failed += 1;
}
process.stdout.write(`${JSON.stringify({ folders: folders.length, failed })}\n`);
