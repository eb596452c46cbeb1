// Type-level tests for lib/merge.ts: `tsc -p .` fails if an accepted overlay stops type-checking
// or a `@ts-expect-error` line stops being an error. Nothing here runs.

import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import { append, byKey, merge, mergeOverlays, remove, replace } from "../lib/merge.ts";
import type { Overlay } from "../lib/merge.ts";

interface Listener {
  name: string;
  port: number;
  protocol?: string;
}

interface Values {
  replicas: number;
  image: { repository: string; tag?: string };
  gateway: {
    listeners: Listener[];
    tls?: { secretName: string; options?: { minVersion: string } };
  };
  models: readonly string[];
  labels?: Record<string, string>;
}

declare const base: Values;

// Accepted overlays.
merge(base, { replicas: 3, image: { tag: "1.2" } });
merge(base, { image: { tag: remove }, labels: { team: "ai", legacy: remove } });
merge(base, { gateway: { tls: remove } });
merge(base, { gateway: { tls: { options: { minVersion: "1.3" } } } });
merge(base, {
  replicas: (replicas) => replicas + 1,
  models: (models) => models.filter((model) => model !== "gpt-3.5"),
});
merge(base, { image: replace({ repository: "ghcr.io/x" }), models: ["claude-haiku"] });
merge(base, { replicas: undefined }); // no change
merge(base, {
  gateway: {
    listeners: byKey("name", {
      https: { port: 8443, protocol: remove },
      metrics: remove,
      grpc: append({ name: "grpc", port: 9090 }),
      admin: (listener) => ({ ...listener, port: listener.port + 1 }),
    }),
  },
});
merge(base.gateway.listeners, byKey("name", { https: { port: 1 } }));

const home: Overlay<Values> = { replicas: 1 };
const staging: Overlay<Values> = { image: { tag: "rc" } };
merge(base, home, staging);
merge(base, mergeOverlays(home, staging));
export const composed: Overlay<Values> = mergeOverlays(home, { replicas: 2 });

// An expected type, even `unknown`, must not displace the base's type.
declare function render(value: unknown): void;
render(merge(base, { gateway: { listeners: byKey("name", { https: { port: 1 } }) } }));
// @ts-expect-error typos are still caught there
render(merge(base, { gateway: { listeners: byKey("name", { https: { prot: 1 } }) } }));

// The result is a T again, also for nested merges and in generic code.
merge(merge(base, home), { image: { tag: "2" } });
// @ts-expect-error the outer merge checks against the inner merge's type
merge(merge(base, home), { image: { tga: "2" } });
export function withOverlays<T>(value: T, ...overlays: Overlay<T>[]): T {
  return merge(value, ...overlays);
}

declare const deployment: IDeployment;
merge(deployment, {
  spec: { template: { spec: { containers: byKey("name", { app: { image: "app:2", args: remove } }) } } },
});

// Rejected overlays.

// @ts-expect-error misspelt key at depth 1
merge(base, { replica: 3 });

// @ts-expect-error misspelt key at depth 3
merge(base, { gateway: { tls: { option: { minVersion: "1.3" } } } });

// @ts-expect-error misspelt key at depth 4
merge(base, { gateway: { tls: { options: { minVerison: "1.3" } } } });

// @ts-expect-error wrong scalar type
merge(base, { replicas: "3" });

// @ts-expect-error an object where a scalar belongs
merge(base, { replicas: { value: 3 } });

// @ts-expect-error remove on a required key
merge(base, { image: { repository: remove } });

// @ts-expect-error a function returning the wrong type
merge(base, { replicas: (replicas) => String(replicas) });

// @ts-expect-error replace with the wrong shape
merge(base, { image: replace({ repo: "x" }) });

// @ts-expect-error replace(undefined) is remove's job
merge(base, { image: { tag: replace(undefined) } });

// @ts-expect-error byKey on a key that is not a field of the items
merge(base, { gateway: { listeners: byKey("nmae", { https: { port: 1 } }) } });

// @ts-expect-error byKey on a field that is not a string
merge(base, { gateway: { listeners: byKey("port", {}) } });

// @ts-expect-error byKey on a list of scalars
merge(base, { models: byKey("name", {}) });

// @ts-expect-error byKey on an object
merge(base, { image: byKey("repository", {}) });

// @ts-expect-error misspelt key inside a byKey patch
merge(base, { gateway: { listeners: byKey("name", { https: { prot: 1 } }) } });

// @ts-expect-error appended items must be complete
merge(base, { gateway: { listeners: byKey("name", { grpc: append({ name: "grpc" }) }) } });

// @ts-expect-error mergeOverlays checks overlays against the given type
mergeOverlays<Values>(home, { replica: 2 });

// @ts-expect-error mergeOverlays checks overlays against the expected type
merge(base, mergeOverlays(home, { replica: 2 }));

merge(deployment, {
  // @ts-expect-error misspelt key deep inside a Kubernetes object
  spec: { template: { spec: { containers: byKey("name", { app: { imag: "app:2" } }) } } },
});
