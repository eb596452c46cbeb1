// `npm run validate`: see lib/render-cli.ts, or `npm run validate -- --help`.

import { fileURLToPath } from "node:url";
import { environments } from "../config/index.ts";
import { validateCommand } from "../lib/render-cli.ts";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

process.exitCode = validateCommand(process.argv.slice(2), { environments, repoRoot });
