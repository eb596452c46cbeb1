// `npm run validate`: print every finding of every cluster; exit 1 on errors.
import { validateCommand } from "@homeops/fluxkit";
import { fileURLToPath } from "node:url";
import { environments } from "../config/index.ts";

process.exitCode = await validateCommand(process.argv.slice(2), { environments, repoRoot: fileURLToPath(new URL("..", import.meta.url)) });
