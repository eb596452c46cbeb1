// Writing generated files (the import scripts' output) safely: a file is replaced or deleted only
// when it carries its generator's header, so hand-written files in the same folder survive.

import { mkdir, readFile, readdir, rm, rmdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

/** Every file below `root/under`, as sorted `/`-separated paths relative to `root`; none if absent. */
export async function listFiles(root: string, under = ""): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(join(root, under), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const files: string[] = [];
  for (const entry of entries) {
    const path = under === "" ? entry.name : `${under}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await listFiles(root, path)));
    else files.push(path);
  }
  return files.sort();
}

async function removeEmptyFolders(root: string, under: string): Promise<void> {
  const folder = join(root, under);
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (entry.isDirectory()) await removeEmptyFolders(root, join(under, entry.name));
  }
  if (under !== "" && (await readdir(folder)).length === 0) await rmdir(folder);
}

/**
 * Replaces what an earlier run generated in `outDir` with `files`: files starting with
 * `headerPrefix` are deleted first; a file without it is never deleted, and overwriting one is
 * an error.
 */
export async function replaceGeneratedFiles(outDir: string, files: ReadonlyMap<string, string>, headerPrefix: string): Promise<void> {
  const generated: string[] = [];
  for (const path of await listFiles(outDir)) {
    const content = await readFile(join(outDir, path), "utf8");
    if (content.startsWith(headerPrefix)) generated.push(path);
    else if (files.has(path)) throw new Error(`${join(outDir, path)} exists and was not generated; refusing to overwrite it`);
  }
  for (const path of generated) await rm(join(outDir, path));
  if (generated.length > 0) await removeEmptyFolders(outDir, "");
  for (const path of [...files.keys()].sort()) {
    await mkdir(dirname(join(outDir, path)), { recursive: true });
    await writeFile(join(outDir, path), files.get(path) ?? "");
  }
}
