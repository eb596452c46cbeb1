// Every cluster of this repository, in render order.

import type { Environment } from "@homeops/fluxkit";
import { home } from "./home.ts";
import { lab } from "./lab.ts";

export const environments: readonly Environment[] = [home, lab];
