// Every environment of this repository, in render order.

import type { Environment } from "../lib/environment.ts";
import { home } from "./home.ts";
import { seed } from "./seed.ts";
import { staging } from "./staging.ts";

export const environments: readonly Environment[] = [home, staging, seed];
