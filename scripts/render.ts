// `npm run render`: see lib/render-cli.ts, or `npm run render -- --help`.

import { fileURLToPath } from "node:url";
import { environments } from "../config/index.ts";
import { renderCommand } from "../lib/render-cli.ts";

// From the script's own location, so the output lands in the repository whatever the cwd.
const repoRoot = fileURLToPath(new URL("..", import.meta.url));

process.exitCode = renderCommand(process.argv.slice(2), { environments, repoRoot });
