// This repository's fluxkit config: `npx fluxkit render` writes out/<cluster>/ for each.
import { defineConfig } from "@homeops/fluxkit";
import { environments } from "./config/index.ts";

export default defineConfig({ environments });
