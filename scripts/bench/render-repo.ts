// `fluxkit render ARGS` of this repository run from source, without the bundle: the bench's
// "from source" rows (under tsx, and with no loader on Node 24), beside bin/fluxkit.mjs.
//
//   node --import tsx scripts/bench/render-repo.ts --out DIR

import { fileURLToPath } from "node:url";
import * as configModule from "../../fluxkit.config.ts";
import { main } from "../../lib/cli/main.ts";

const configFile = fileURLToPath(new URL("../../fluxkit.config.ts", import.meta.url));
process.exitCode = await main(["render", ...process.argv.slice(2)], { cwd: process.cwd(), configFile, configModule });
