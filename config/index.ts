// Every environment of this repository, in render order.

import type { Environment } from "../lib/environment.ts";
import { seed } from "./seed.ts";

export const environments: readonly Environment[] = [seed];
