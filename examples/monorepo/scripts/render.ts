// `npm run render`: every cluster into out/<cluster>/ (`npm run render -- --help` for the flags).
import { renderCommand } from "@homeops/fluxkit";
import { fileURLToPath } from "node:url";
import { environments } from "../config/index.ts";

process.exitCode = await renderCommand(process.argv.slice(2), { environments, repoRoot: fileURLToPath(new URL("..", import.meta.url)) });
