// Listing YAML files, the same way everywhere a folder of them is read (CRD sources, the
// config's schema sources): recursively, in code-unit order, so every machine reads alike.

import { readdirSync } from "node:fs";
import { join } from "node:path";

export function isYamlFile(name: string): boolean {
  return name.endsWith(".yaml") || name.endsWith(".yml");
}

/** Every `*.yaml`/`*.yml` file below `folder`, as paths under it, in code-unit order. */
export function yamlFilesUnder(folder: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...yamlFilesUnder(path));
    else if (entry.isFile() && isYamlFile(entry.name)) files.push(path);
  }
  return files;
}
