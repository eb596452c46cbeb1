// The import's repository style (lib/import/infer-style.ts) and names (lib/import/print.ts): style
// entries documents share under names they choose (`controllers.<app>`) become one path pattern,
// a document keeps only its departures, and identifiers read as a person would write them.

import { test } from "uvu";
import * as assert from "uvu/assert";
import type { ImportedDocument } from "../lib/import/files.ts";
import { inferSharedStyles, ownStyle } from "../lib/import/infer-style.ts";
import { camelCase } from "../lib/import/print.ts";

/** A HelmRelease whose one controller is named after the app, its capabilities written `{ drop: ["ALL"] }`. */
function release(app: string, flow = true): ImportedDocument {
  const at = `spec.values.controllers.${app}.containers.app.securityContext.capabilities`;
  return {
    object: { apiVersion: "helm.toolkit.fluxcd.io/v2", kind: "HelmRelease", metadata: { name: app }, spec: { values: { controllers: { [app]: { containers: { app: { securityContext: { capabilities: { drop: ["ALL"] } } } } } } } } },
    style: flow ? { [at]: { flow: true, flowSpaces: true }, [`${at}.drop`]: { flow: true }, [`${at}.drop[0]`]: { quote: "double" } } : {},
  };
}

test("entries at paths that differ only by a name each document chooses are shared as one pattern", () => {
  const docs = ["sonarr", "radarr", "plex", "bazarr"].map((app) => release(app));
  const shared = inferSharedStyles(docs).get("helm.toolkit.fluxcd.io/v2/HelmRelease");
  assert.equal(shared, {
    "spec.values.controllers.*.containers.app.securityContext.capabilities": { flow: true, flowSpaces: true },
    "spec.values.controllers.*.containers.app.securityContext.capabilities.drop": { flow: true },
    "spec.values.controllers.*.containers.app.securityContext.capabilities.drop[*]": { quote: "double" },
  });
  for (const doc of docs) assert.equal(ownStyle(doc, shared!), {}, "nothing of its own");
  assert.is(ownStyle(release("lidarr", false), shared!), undefined, "a document the pattern would restyle does not use it");
});

test("a pattern many documents would restyle is not shared", () => {
  const docs = [...["a", "b", "c", "d"].map((app) => release(app)), ...["e", "f"].map((app) => release(app, false))];
  assert.is(inferSharedStyles(docs).get("helm.toolkit.fluxcd.io/v2/HelmRelease"), undefined);
});

test("identifiers: leading capitals in lower case, words joined", () => {
  assert.is(camelCase("OCIRepository"), "ociRepository");
  assert.is(camelCase("HTTPRoute"), "httpRoute");
  assert.is(camelCase("TZ"), "tz");
  assert.is(camelCase("home-ops-runner-name"), "homeOpsRunnerName");
  assert.is(camelCase("2fa"), "_2fa");
});

test.run();
