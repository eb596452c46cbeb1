// `npm run runbook`: see lib/render-cli.ts, or `npm run runbook -- --help`.

import { fileURLToPath } from "node:url";
import { environments } from "../config/index.ts";
import { runbookCommand } from "../lib/render-cli.ts";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

process.exitCode = runbookCommand(process.argv.slice(2), { environments, repoRoot });
