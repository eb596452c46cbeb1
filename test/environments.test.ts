// The environments: home is the seed with exactly its corrections, staging differs from home in
// exactly the listed ways, and one value renamed in base moves every reference.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { join } from "node:path";
import { base } from "../config/base.ts";
import { home, homeValues } from "../config/home.ts";
import { staging } from "../config/staging.ts";
import { agentGatewayEnvironment } from "../lib/apps/agentgateway/index.ts";
import { merge } from "../lib/merge.ts";
import { renderEnvironment } from "../lib/render.ts";
import { GOLDEN, readTree } from "./helpers.ts";

const APP = "kubernetes/apps/ai-system/agentgateway";
const homeFiles = renderEnvironment(home).files;
const stagingFiles = renderEnvironment(staging).files;

/** Lines of `b` that are not in `a` at the same place: a small line diff for assertions. */
function changedLines(a: string | undefined, b: string | undefined): { removed: string[]; added: string[] } {
  const before = (a ?? "").split("\n");
  const after = (b ?? "").split("\n");
  const removed = before.filter((line) => !after.includes(line));
  const added = after.filter((line) => !before.includes(line));
  return { removed: removed.map((l) => l.trim()), added: added.map((l) => l.trim()) };
}

test("home is the seed except for the files its corrections touch", () => {
  const golden = readTree(join(GOLDEN, "seed"));
  const corrected = ["gateway.yaml", "helmrelease.yaml", "httproutes.yaml", "kustomization.yaml", "networkpolicy.yaml", "trafficpolicies.yaml"];
  const chartSources = [`${APP}/app/ocirepository.yaml`, `${APP}/crds/ocirepository.yaml`];
  for (const [path, text] of golden) {
    const name = path.slice(`${APP}/app/`.length);
    if (path.startsWith(`${APP}/app/`) && (corrected.includes(name) || name === "servicemonitor.yaml")) continue;
    if (chartSources.includes(path)) continue;
    assert.fixture(homeFiles.get(path) ?? "(missing)", text, path);
  }
  for (const path of chartSources) {
    assert.equal(changedLines(golden.get(path), homeFiles.get(path)), {
      removed: ["apiVersion: source.toolkit.fluxcd.io/v1beta2"],
      added: ["apiVersion: source.toolkit.fluxcd.io/v1"],
    }, `${path}: the seed's deprecated OCIRepository version, and nothing else`);
  }
  assert.not.ok(homeFiles.has(`${APP}/app/servicemonitor.yaml`), "the PodMonitor replaces the ServiceMonitor");
  assert.ok(homeFiles.has(`${APP}/app/podmonitor.yaml`));
  for (const name of corrected) assert.is.not(homeFiles.get(`${APP}/app/${name}`), golden.get(`${APP}/app/${name}`), name);
  assert.equal(changedLines(golden.get(`${APP}/app/kustomization.yaml`), homeFiles.get(`${APP}/app/kustomization.yaml`)), {
    removed: ["- servicemonitor.yaml"],
    added: ["- podmonitor.yaml"],
  });
});

test("staging drops the PodDisruptionBudget file and its kustomization entry", () => {
  assert.not.ok(stagingFiles.has(`${APP}/app/pdb.yaml`));
  assert.equal(changedLines(homeFiles.get(`${APP}/app/kustomization.yaml`), stagingFiles.get(`${APP}/app/kustomization.yaml`)), {
    removed: ["- pdb.yaml"],
    added: [],
  });
});

test("staging differs from home only in the files the overlay names", () => {
  const changed = [...homeFiles.keys()].filter((path) => homeFiles.get(path) !== stagingFiles.get(path)).map((p) => p.slice(APP.length + 1));
  assert.equal(changed.sort(), [
    "app/backends.yaml",
    "app/externalsecret.yaml",
    "app/gateway.yaml",
    "app/helmrelease.yaml",
    "app/kustomization.yaml",
    "app/pdb.yaml",
    "app/podmonitor.yaml",
    "app/trafficpolicies.yaml",
  ]);
  assert.equal([...stagingFiles.keys()].filter((p) => !homeFiles.has(p)), []);
});

test("staging: LoadBalancer IP and TLS secret", () => {
  assert.equal(changedLines(homeFiles.get(`${APP}/app/gateway.yaml`), stagingFiles.get(`${APP}/app/gateway.yaml`)), {
    removed: ["name: sklab-dev-production-tls", 'lbipam.cilium.io/ips: "10.50.0.30"'],
    added: ["name: sklab-dev-staging-tls", 'lbipam.cilium.io/ips: "10.60.0.30"'],
  });
});

test("staging: one debug controller replica with smaller resources and no anti-affinity", () => {
  const { removed, added } = changedLines(homeFiles.get(`${APP}/app/helmrelease.yaml`), stagingFiles.get(`${APP}/app/helmrelease.yaml`));
  assert.equal(added, ["replicaCount: 1", 'logLevel: "debug"', 'cpu: "50m"', 'memory: "64Mi"', 'cpu: "250m"', 'memory: "256Mi"']);
  assert.ok(removed.includes("affinity:") && removed.includes("replicaCount: 2"));
  assert.not.match(stagingFiles.get(`${APP}/app/helmrelease.yaml`) ?? "", /affinity/);
});

test("staging: its own 1Password item in all four ExternalSecrets", () => {
  const text = stagingFiles.get(`${APP}/app/externalsecret.yaml`) ?? "";
  assert.is(text.match(/key: agentgateway-staging$/gm)?.length, 4);
  assert.not.match(text, /key: agentgateway$/m);
});

test("staging: cheaper models, no gpt-4 failover group; Gemini unchanged", () => {
  const { removed, added } = changedLines(homeFiles.get(`${APP}/app/backends.yaml`), stagingFiles.get(`${APP}/app/backends.yaml`));
  assert.equal(added, ['model: "gpt-4o-mini"', 'model: "claude-3-5-haiku-20241022"']);
  assert.ok(removed.includes("- name: gpt-4"));
  assert.match(stagingFiles.get(`${APP}/app/backends.yaml`) ?? "", /model: gemini-2\.5-flash-lite/);
});

test("staging: rate limit and scrape interval", () => {
  assert.equal(changedLines(homeFiles.get(`${APP}/app/trafficpolicies.yaml`), stagingFiles.get(`${APP}/app/trafficpolicies.yaml`)).added, ["maxTokens: 20", "tokensPerFill: 2"]);
  assert.equal(changedLines(homeFiles.get(`${APP}/app/podmonitor.yaml`), stagingFiles.get(`${APP}/app/podmonitor.yaml`)).added, ["interval: 60s"]);
});

test("renaming the Gateway in base moves every reference to it, and nothing else", () => {
  const renamed = agentGatewayEnvironment({
    name: "renamed",
    description: "",
    deploy: false,
    values: merge(homeValues, { gateway: { name: "ai-gateway" } }),
  });
  const files = renderEnvironment(renamed).files;
  const diffs = Object.fromEntries(
    [...homeFiles.keys()]
      .filter((path) => homeFiles.get(path) !== files.get(path))
      .map((path) => [path.slice(APP.length + 1), changedLines(homeFiles.get(path), files.get(path))]),
  );
  const selector = () => ({ removed: ["app.kubernetes.io/name: agentgateway"], added: ["app.kubernetes.io/name: ai-gateway"] });
  assert.equal(diffs, {
    // The Gateway, its GatewayParameters (named after it), the parametersRef and the proxy anti-affinity.
    "app/gateway.yaml": {
      removed: ["name: agentgateway", "name: agentgateway", "name: agentgateway", "app.kubernetes.io/name: agentgateway"],
      added: ["name: ai-gateway", "name: ai-gateway", "name: ai-gateway", "app.kubernetes.io/name: ai-gateway"],
    },
    // Both routes' parentRefs.
    "app/httproutes.yaml": { removed: ["- name: agentgateway", "- name: agentgateway"], added: ["- name: ai-gateway", "- name: ai-gateway"] },
    "app/networkpolicy.yaml": selector(),
    "app/pdb.yaml": selector(),
    "app/podmonitor.yaml": selector(),
  });
});

test("a missing cluster value is an error naming the environment and the field", () => {
  const incomplete = agentGatewayEnvironment({ name: "bare", description: "", deploy: false, values: base });
  assert.throws(() => renderEnvironment(incomplete), (error: Error) =>
    /^env bare: values: required values not set: gateway\.loadBalancerIP \(.+\); gateway\.tlsSecretName/.test(error.message),
  );
});

test.run();
