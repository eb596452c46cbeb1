// This repository's fluxkit config: `npm run render` is `fluxkit render`, reading this file.
// The environments live in config/; each writes out/<env>/ (the default output folder).
import { defineConfig } from "./lib/config.ts";
import { environments } from "./config/index.ts";

export default defineConfig({ environments });
