// The benchmark's floor: the least a renderer could do to write the same files. It reads a tree
// dumped as plain JSON ({ "<path>": [object, ...] } or, for a file carried as it is, { "<path>":
// "text" }), turns each document into YAML with `yaml.stringify` and writes each file, with no
// validation, no styles and no change detection.
// Plain JavaScript on purpose, so it runs under bare `node` as well as under tsx.
//
//   node scripts/bench/floor-writer.mjs TREE.json OUT_DIR

import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";

const [input, out] = process.argv.slice(2);
if (input === undefined || out === undefined) {
  process.stderr.write("usage: floor-writer.mjs TREE.json OUT_DIR\n");
  process.exit(2);
}

const tree = JSON.parse(fs.readFileSync(input, "utf8"));
for (const [file, content] of Object.entries(tree)) {
  const target = path.join(out, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, typeof content === "string" ? content : content.map((document) => `---\n${stringify(document)}`).join(""));
}
