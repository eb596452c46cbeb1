// The benchmark's end-to-end render of a generated monorepo, as a user's own render script would
// do it: N copies of the AgentGateway app in two environments, rendered and validated in memory
// through the library path the CLI uses, then written (or, with --check, compared) under
// OUT/<env>/. Nothing is written unless every environment is free of errors.
//
//   node --import tsx scripts/bench/render-monorepo.ts N OUT [--check]

import * as path from "node:path";
import { parseArgs } from "node:util";
import { checkOutput, writeOutput } from "../../lib/output.ts";
import { blockingErrors, renderEnvironment } from "../../lib/render.ts";
import { monorepoEnvironments } from "./monorepo.ts";

const { positionals, values } = parseArgs({ allowPositionals: true, options: { check: { type: "boolean" } } });
const [count, out] = positionals;
const n = Number(count);
if (!Number.isInteger(n) || n < 1 || out === undefined) {
  process.stderr.write("usage: render-monorepo.ts N OUT [--check]\n");
  process.exit(2);
}

const rendered = monorepoEnvironments(n).map((env) => renderEnvironment(env));
const errors = rendered.reduce((sum, result) => sum + blockingErrors(result), 0);
if (errors > 0) {
  process.stderr.write(`${errors} validation errors: nothing written\n`);
  process.exit(1);
}
let differing = 0;
for (const result of rendered) {
  const root = path.resolve(out, result.env.name);
  if (values.check) differing += checkOutput(result, root).differing;
  else writeOutput(result, root);
}
process.stdout.write(`${rendered.reduce((sum, result) => sum + result.files.size, 0)} files${values.check ? `, ${differing} differ` : ""}\n`);
process.exitCode = differing > 0 ? 1 : 0;
