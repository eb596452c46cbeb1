// Which typed builder writes a kind: found by asking the builders themselves (each one stamps its
// apiVersion and kind), so a builder added to lib/k8s/ is used by the import without a table here.

import * as certManager from "../k8s/cert-manager.ts";
import * as core from "../k8s/core.ts";
import * as flux from "../k8s/flux.ts";
import * as gateway from "../k8s/gateway.ts";
import * as kgateway from "../k8s/kgateway.ts";
import * as kustomize from "../k8s/kustomize.ts";
import * as monitoring from "../k8s/monitoring.ts";
import * as network from "../k8s/network.ts";
import * as rbac from "../k8s/rbac.ts";
import * as secrets from "../k8s/secrets.ts";
import * as workloads from "../k8s/workloads.ts";

const MODULES: readonly Record<string, unknown>[] = [core, workloads, rbac, flux, gateway, kgateway, kustomize, monitoring, network, secrets, certManager];

let byKind: ReadonlyMap<string, string> | undefined;

/**
 * `apiVersion/kind` → the name of the builder (exported by the package) that writes it. Only
 * functions that behave as `builderFor` builders count: data in, `{ apiVersion, kind, ...data }`
 * out, in that order (helpers such as `configMap(name, data)` do not).
 */
export function builderNames(): ReadonlyMap<string, string> {
  if (byKind) return byKind;
  const found = new Map<string, string>();
  for (const module of MODULES) {
    for (const [name, value] of Object.entries(module)) {
      if (typeof value !== "function") continue;
      let object: unknown;
      try {
        object = (value as (data: unknown) => { object?: unknown })({ probe: 1 })?.object;
      } catch {
        continue;
      }
      if (object === null || typeof object !== "object") continue;
      const { apiVersion, kind, ...rest } = object as Record<string, unknown>;
      const keys = Object.keys(object);
      if (typeof apiVersion !== "string" || typeof kind !== "string" || keys[0] !== "apiVersion" || keys[1] !== "kind") continue;
      if (keys.length !== 3 || rest["probe"] !== 1) continue;
      const key = `${apiVersion}/${kind}`;
      if (!found.has(key)) found.set(key, name);
    }
  }
  byKind = found;
  return found;
}
