// The checks operators need (issue 11): for each rule, a mistake written as a YAML edit of the
// rendered home tree (out/home/kubernetes) that the rule catches, and a correct variant of the
// same edit that it passes. Then the real cluster of ../shared, which must raise none of them.

import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readYamlTree } from "../lib/cli/validate-folder.ts";
import type { Finding } from "../lib/validate/findings.ts";
import { declaredExternals } from "../lib/validate/externals.ts";
import { validateTree, type ValidationOptions } from "../lib/validate/index.ts";
import { REPO_ROOT } from "./helpers.ts";

const HOME = join(REPO_ROOT, "out", "home", "kubernetes");
const CORPUS = join(REPO_ROOT, "..", "shared", "corpus", "onedr0p-home-ops", "kubernetes");
const DECLARED = { substituteFromVars: { "Secret/cluster-secrets": ["SECRET_DOMAIN"] } };

const APP = "kubernetes/apps/ai-system/agentgateway";
const KS = `${APP}/ks.yaml`;
const ROUTES = `${APP}/app/httproutes.yaml`;
const GATEWAY = `${APP}/app/gateway.yaml`;
const RELEASE = `${APP}/app/helmrelease.yaml`;
const POLICY = `${APP}/app/networkpolicy.yaml`;
const SECRET = `${APP}/app/externalsecret.yaml`;
const BUILD = `${APP}/app/kustomization.yaml`;

/** The rules this file is about: names/, objects/, flux/duration, ports/, flux/depends-on*, kustomize/, gateway/, route/, yaml/. */
const OPERATOR_RULES = /^(names\/|objects\/|flux\/duration|ports\/|flux\/depends-on|kustomize\/|gateway\/|route\/|yaml\/)/;

type Edit = readonly [file: string, from: string | RegExp, to: string];

/** The home tree with text edits applied, validated as `fluxkit validate` reads a folder. */
function validateHomeWith(...edits: Edit[]): Finding[] {
  return validateHomeWithOptions({}, ...edits);
}

/** The same, with validation options besides the declared variables (externals). */
function validateHomeWithOptions(options: ValidationOptions, ...edits: Edit[]): Finding[] {
  const root = mkdtempSync(join(tmpdir(), "fluxkit-operator-"));
  try {
    cpSync(HOME, join(root, "kubernetes"), { recursive: true });
    for (const [file, from, to] of edits) {
      const path = join(root, file);
      const before = readFileSync(path, "utf8");
      const after = before.replace(from, to);
      assert.not.equal(after, before, `the edit of ${file} must change it: ${String(from)}`);
      writeFileSync(path, after);
    }
    return [...validateTree("edited", readYamlTree(join(root, "kubernetes"), root).tree, { ...DECLARED, ...options }).findings];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** `severity rule file document path` of one rule's findings. */
function of(findings: readonly Finding[], rule: string): string[] {
  return findings.filter((f) => f.rule === rule).map((f) => `${f.severity} ${f.rule} ${f.file} ${f.document} ${f.path}`).sort();
}

function operatorFindings(findings: readonly Finding[]): string[] {
  return findings.filter((f) => OPERATOR_RULES.test(f.rule) && f.severity !== "info").map((f) => `${f.severity} ${f.rule} ${f.file} ${f.document} ${f.path}: ${f.message}`);
}

/** A mistake: exactly these findings of the rule. */
function catches(rule: string, edits: readonly Edit[], expected: readonly string[]): void {
  assert.equal(of(validateHomeWith(...edits), rule), [...expected]);
}

/** The corrected variant: no error or warning from any operator rule. */
function passes(edits: readonly Edit[]): void {
  assert.equal(operatorFindings(validateHomeWith(...edits)), []);
}

test("the rendered home tree raises nothing from the operator rules", () => {
  assert.equal(operatorFindings(validateHomeWith()), []);
});

// ── 1. names and label values ───────────────────────────────────────────────────────────────

test("names/object-name: an upper-case or underscored name; a lower-case one passes", () => {
  catches("names/object-name", [[ROUTES, "name: llm-routes", "name: LLM_routes"]], [`error names/object-name ${ROUTES} HTTPRoute/LLM_routes metadata.name`]);
  passes([[ROUTES, "name: llm-routes", "name: llm-routes.v2"]]);
});

test("names/object-name: a variable never fails, the text around it does", () => {
  catches("names/object-name", [[ROUTES, "name: llm-routes", "name: ${APP}_routes"]], [`error names/object-name ${ROUTES} HTTPRoute/\${APP}_routes metadata.name`]);
  passes([[ROUTES, "name: llm-routes", "name: ${APP}-routes"]]);
});

test("names/object-name: kustomization.yaml's namespace is a DNS label", () => {
  catches("names/object-name", [[BUILD, "kind: Kustomization\n", "kind: Kustomization\nnamespace: AI.system\n"]], [`error names/object-name ${BUILD} Kustomization/(unnamed) namespace`]);
  passes([[BUILD, "kind: Kustomization\n", "kind: Kustomization\nnamespace: ai-system\n"]]);
});

test("names/label-value: a label value of 64 characters; 63 pass", () => {
  catches("names/label-value", [[GATEWAY, "app: agentgateway", `app: ${"a".repeat(64)}`]], [`error names/label-value ${GATEWAY} Gateway/agentgateway metadata.labels.app`]);
  passes([[GATEWAY, "app: agentgateway", `app: ${"a".repeat(63)}`]]);
});

test("names/label-key: a selector key with two slashes; a prefixed key passes", () => {
  catches("names/label-key", [[POLICY, "app.kubernetes.io/name: agentgateway", "example.com/app/name: agentgateway"]],
    [`error names/label-key ${POLICY} NetworkPolicy/agentgateway spec.podSelector.matchLabels["example.com/app/name"]`]);
  passes([[POLICY, "app.kubernetes.io/name: agentgateway", "example.com/name: agentgateway"]]);
});

// ── 2. one identity twice ───────────────────────────────────────────────────────────────────

test("objects/duplicate: two HTTPRoutes named alike in one namespace; distinct names pass", () => {
  catches("objects/duplicate", [[ROUTES, "name: llm-routes", "name: https-redirect"]], [`error objects/duplicate ${ROUTES} HTTPRoute/https-redirect metadata.name`]);
  passes([[ROUTES, "name: llm-routes", "name: llm-routes-v2"]]);
});

// ── 3. durations ────────────────────────────────────────────────────────────────────────────

const REFRESH = "  name: &name llm-provider-secrets\nspec:\n";

test("duration/syntax: an ExternalSecret refreshed every 1d; 1h30m passes", () => {
  catches("duration/syntax", [[SECRET, REFRESH, `${REFRESH}  refreshInterval: 1d\n`]], [`error duration/syntax ${SECRET} ExternalSecret/llm-provider-secrets spec.refreshInterval`]);
  passes([[SECRET, REFRESH, `${REFRESH}  refreshInterval: 1h30m\n`]]);
});

test("duration/syntax: a variable's default is checked, the variable alone never", () => {
  catches("duration/syntax", [[SECRET, REFRESH, `${REFRESH}  refreshInterval: \${REFRESH:=1d}\n`]], [`error duration/syntax ${SECRET} ExternalSecret/llm-provider-secrets spec.refreshInterval`]);
  passes([[SECRET, REFRESH, `${REFRESH}  refreshInterval: \${REFRESH:=24h}\n`]]);
});

test("duration/zero-interval: a HelmRelease with interval 0s; 1h passes", () => {
  catches("duration/zero-interval", [[RELEASE, "interval: 1h", "interval: 0s"]], [`warning duration/zero-interval ${RELEASE} HelmRelease/agentgateway spec.interval`]);
  passes([[RELEASE, "interval: 1h", "interval: 30m"]]);
});

// ── 4. ports ────────────────────────────────────────────────────────────────────────────────

const METRICS_PORT = "port: 15020";
const METRICS_PATH = "spec.ingress[2].ports[0].port";

test("ports/range: a NetworkPolicy port above 65535; 15021 passes", () => {
  catches("ports/range", [[POLICY, METRICS_PORT, "port: 150200"]], [`error ports/range ${POLICY} NetworkPolicy/agentgateway ${METRICS_PATH}`]);
  passes([[POLICY, METRICS_PORT, "port: 15021"]]);
});

test("ports/name: a port name of 18 characters, and a quoted number; a short name passes", () => {
  catches("ports/name", [[POLICY, METRICS_PORT, "port: prometheus-metrics"]], [`error ports/name ${POLICY} NetworkPolicy/agentgateway ${METRICS_PATH}`]);
  catches("ports/name", [[POLICY, METRICS_PORT, 'port: "15020"']], [`error ports/name ${POLICY} NetworkPolicy/agentgateway ${METRICS_PATH}`]);
  passes([[POLICY, METRICS_PORT, "port: metrics"]]);
});

// ── 5. dependsOn ────────────────────────────────────────────────────────────────────────────

test("flux/depends-on-missing: a misspelt Kustomization in a namespace the tree holds; the right name passes", () => {
  const findings = validateHomeWith([KS, "- name: agentgateway-crds", "- name: agentgateway-crd"]);
  assert.equal(of(findings, "flux/depends-on-missing"), [`error flux/depends-on-missing ${KS} Kustomization/agentgateway spec.dependsOn[0].name`]);
  assert.match(findings.find((f) => f.rule === "flux/depends-on-missing")!.message, 'did you mean "agentgateway-crds"?');
  // A dependency in a namespace the tree does not hold (security) is another app's: no error.
  passes([[KS, "- name: external-secrets-stores", "- name: external-secrets-store"]]);
  // Named with its namespace, explicitly.
  passes([[KS, "- name: agentgateway-crds\n      namespace: *namespace", "- name: agentgateway-crds\n      namespace: ai-system"]]);
});

const CRDS_SPEC = "  name: &app agentgateway-crds\n  namespace: &namespace ai-system\nspec:\n";

test("flux/depends-on-cycle: two Kustomizations waiting for each other; one way passes", () => {
  catches("flux/depends-on-cycle", [[KS, CRDS_SPEC, `${CRDS_SPEC}  dependsOn:\n    - name: agentgateway\n`]], [
    `error flux/depends-on-cycle ${KS} Kustomization/agentgateway spec.dependsOn[0].name`,
    `error flux/depends-on-cycle ${KS} Kustomization/agentgateway-crds spec.dependsOn[0].name`,
  ]);
  passes([[KS, CRDS_SPEC, `${CRDS_SPEC}  dependsOn:\n    - name: external-secrets-stores\n      namespace: security\n`]]);
});

// ── 6. variables kustomize reads before Flux substitutes ────────────────────────────────────

const KIND_LINE = "kind: Kustomization\n";
const PATCH = (name: string) => `${KIND_LINE}patches:\n  - target:\n      kind: HTTPRoute\n      name: ${name}\n    patch: |-\n      - op: add\n        path: /metadata/labels/tier\n        value: \${APP}\n`;

test("kustomize/early-var: a resource path and a patch target with a variable; the variable in the patch's content passes", () => {
  catches("kustomize/early-var", [[BUILD, "  - pdb.yaml", "  - ${APP}-pdb.yaml"]], [`error kustomize/early-var ${BUILD} Kustomization/(unnamed) resources[8]`]);
  catches("kustomize/early-var", [[BUILD, KIND_LINE, PATCH("${APP}-routes")]], [`error kustomize/early-var ${BUILD} Kustomization/(unnamed) patches[0].target.name`]);
  passes([[BUILD, KIND_LINE, PATCH("llm-routes")]]);
});

test("kustomize/early-var: namespace and images travel into the output, where Flux substitutes them", () => {
  passes([[BUILD, KIND_LINE, `${KIND_LINE}images:\n  - name: cr.kgateway.dev/kgateway\n    newTag: \${TAG:=v2.1.2}\n`]]);
});

test("kustomize/early-var: generator literals are substituted after the name's hash; disabling the hash passes", () => {
  const generator = (options: string) => `${KIND_LINE}configMapGenerator:\n  - name: routes-config\n    literals:\n      - DOMAIN=\${SECRET_DOMAIN}\n${options}`;
  catches("kustomize/early-var", [[BUILD, KIND_LINE, generator("")]], [`warning kustomize/early-var ${BUILD} Kustomization/(unnamed) configMapGenerator[0].literals[0]`]);
  passes([[BUILD, KIND_LINE, generator("    options:\n      disableNameSuffixHash: true\n")]]);
});

// ── 7. Gateway API attachment ───────────────────────────────────────────────────────────────

const TO_HTTPS = "    - name: agentgateway\n      sectionName: https";
const HTTPS_LISTENER = "    - name: https\n      protocol: HTTPS\n      port: 443\n";
const LLM_SPEC = "  name: llm-routes\nspec:\n";

test("gateway/port: a port no listener of that name listens on; 443 passes", () => {
  catches("gateway/port", [[ROUTES, TO_HTTPS, `${TO_HTTPS}\n      port: 8443`]], [`error gateway/port ${ROUTES} HTTPRoute/llm-routes spec.parentRefs[0].port`]);
  passes([[ROUTES, TO_HTTPS, "    - name: agentgateway\n      port: 443"]]);
});

test("gateway/hostname: route hostnames outside the listener's; one under its wildcard passes", () => {
  const listener = (hostname: string): Edit => [GATEWAY, HTTPS_LISTENER, `${HTTPS_LISTENER}      hostname: "${hostname}"\n`];
  const hostnames = (...names: string[]): Edit => [ROUTES, LLM_SPEC, `${LLM_SPEC}  hostnames:\n${names.map((n) => `    - "${n}"\n`).join("")}`];
  const expected = [`error gateway/hostname ${ROUTES} HTTPRoute/llm-routes spec.hostnames`];
  catches("gateway/hostname", [listener("*.example.com"), hostnames("ai.example.org")], expected);
  // The wildcard matches names under it, not the domain itself.
  catches("gateway/hostname", [listener("*.example.com"), hostnames("example.com")], expected);
  passes([listener("*.example.com"), hostnames("example.com", "ai.example.com")]);
  // Variables: the same text on both sides meets; an unknown value is never failed.
  passes([listener("*.${SECRET_DOMAIN}"), hostnames("ai.${SECRET_DOMAIN}")]);
  passes([listener("*.${SECRET_DOMAIN}"), hostnames("ai.example.org")]);
});

test("gateway/not-allowed: a listener whose protocol or allowedRoutes.kinds excludes HTTPRoutes; HTTPRoute listed passes", () => {
  const expected = [`error gateway/not-allowed ${ROUTES} HTTPRoute/https-redirect spec.parentRefs[0]`];
  catches("gateway/not-allowed", [[GATEWAY, "protocol: HTTP\n", "protocol: TCP\n"]], expected);
  const kinds = (kind: string): Edit => [GATEWAY, "      allowedRoutes:\n        namespaces:\n          from: Same", `      allowedRoutes:\n        kinds:\n          - kind: ${kind}\n        namespaces:\n          from: Same`];
  catches("gateway/not-allowed", [kinds("GRPCRoute")], expected);
  passes([kinds("HTTPRoute")]);
});

test("gateway/*: what ref/parent reports (a missing Gateway or listener, a refused namespace) is not reported twice", () => {
  const findings = validateHomeWith([ROUTES, TO_HTTPS, "    - name: agentgateway\n      sectionName: htps"]);
  assert.equal(findings.filter((f) => f.rule.startsWith("gateway/")), []);
  assert.equal(of(findings, "ref/parent"), [`error ref/parent ${ROUTES} HTTPRoute/llm-routes spec.parentRefs[0].sectionName`]);
});

// ── 8. shadowed route rules ─────────────────────────────────────────────────────────────────

const ANTHROPIC_PATH = "type: PathPrefix\n            value: /anthropic";

test("route/shadowed: a later rule with the same match as an earlier one; a longer prefix after a shorter one passes", () => {
  catches("route/shadowed", [[ROUTES, ANTHROPIC_PATH, "type: PathPrefix\n            value: /openai"]], [`warning route/shadowed ${ROUTES} HTTPRoute/llm-routes spec.rules[1].matches[0]`]);
  // /openai/v2 is more specific than the earlier /openai: it wins its requests, whatever the order.
  passes([[ROUTES, ANTHROPIC_PATH, "type: PathPrefix\n            value: /openai/v2"]]);
  // An Exact match beats a PathPrefix of the same value.
  passes([[ROUTES, ANTHROPIC_PATH, "type: Exact\n            value: /openai"]]);
});

// ── 9. regexes RE2 cannot compile ───────────────────────────────────────────────────────────

test("route/regex: a lookahead and a backreference; an RE2 regex passes", () => {
  const regex = (value: string): Edit => [ROUTES, ANTHROPIC_PATH, `type: RegularExpression\n            value: '${value}'`];
  const expected = [`error route/regex ${ROUTES} HTTPRoute/llm-routes spec.rules[1].matches[0].path.value`];
  catches("route/regex", [regex("/anthropic(?!/admin).*")], expected);
  catches("route/regex", [regex("/(a+)/\\1")], expected);
  passes([regex("/anthropic(/[^a][^/]*)?")]);
  passes([regex("/v[12]/(?i:models)/[(?=]")]);
});

// ── 10. strings the YAML readers change ─────────────────────────────────────────────────────

const VALUES = "    agentgateway:\n      enabled: true\n";
const TARGET = 'external-dns.alpha.kubernetes.io/target: "ai.${SECRET_DOMAIN}"';
const TARGET_PATH = 'metadata.annotations["external-dns.alpha.kubernetes.io/target"]';

test("yaml/boolean-key: an unquoted `on` key; quoted, it passes", () => {
  catches("yaml/boolean-key", [[RELEASE, VALUES, `${VALUES}      on: true\n`]], [`warning yaml/boolean-key ${RELEASE} HelmRelease/agentgateway spec.values.agentgateway.true`]);
  passes([[RELEASE, VALUES, `${VALUES}      "on": true\n`]]);
});

test("yaml/merge-key: a quoted \"<<\" key; an unquoted merge passes", () => {
  catches("yaml/merge-key", [[RELEASE, VALUES, `${VALUES}      "<<": {replicas: 2}\n`]], [`warning yaml/merge-key ${RELEASE} HelmRelease/agentgateway spec.values.agentgateway["<<"]`]);
  passes([[RELEASE, VALUES, `${VALUES.replace("agentgateway:", "agentgateway: &gateway")}    proxy:\n      <<: *gateway\n`]]);
});

test("yaml/control-character: NEL and DEL in a value; a tab passes", () => {
  const expected = [`warning yaml/control-character ${GATEWAY} Gateway/agentgateway ${TARGET_PATH}`];
  catches("yaml/control-character", [[GATEWAY, TARGET, 'external-dns.alpha.kubernetes.io/target: "ai.\\N${SECRET_DOMAIN}"']], expected);
  catches("yaml/control-character", [[GATEWAY, TARGET, 'external-dns.alpha.kubernetes.io/target: "ai.\\x7F${SECRET_DOMAIN}"']], expected);
  passes([[GATEWAY, TARGET, 'external-dns.alpha.kubernetes.io/target: "ai.\\t${SECRET_DOMAIN}"']]);
});

// ── The real cluster: none of these rules fires ─────────────────────────────────────────────

test("the shared corpus raises nothing from the operator rules", () => {
  if (!existsSync(CORPUS)) {
    console.log(`skipped: ${CORPUS} is absent`);
    return;
  }
  const { tree } = readYamlTree(CORPUS, join(CORPUS, ".."));
  assert.equal(operatorFindings(validateTree("corpus", tree).findings), []);
});

// ---- references: a typo, an object outside the tree, a declared external, a Certificate's Secret

test("references: a near name is an error with did you mean; a Gateway the tree does not hold is an info; a declared external is neither", () => {
  const typo = validateHomeWith([ROUTES, "    - name: agentgateway\n      sectionName: http", "    - name: agentgatewy\n      sectionName: http"]);
  assert.equal(of(typo, "ref/parent"), [`error ref/parent ${ROUTES} HTTPRoute/https-redirect spec.parentRefs[0].name`]);
  assert.match(typo.find((f) => f.rule === "ref/parent")!.fix, /did you mean "agentgateway"\?/);

  const elsewhere: Edit = [ROUTES, "    - name: agentgateway\n      sectionName: http", "    - name: external\n      namespace: network\n      sectionName: http"];
  const outside = validateHomeWith(elsewhere);
  assert.equal(of(outside, "ref/parent"), [`info ref/parent ${ROUTES} HTTPRoute/https-redirect spec.parentRefs[0].name`]);
  assert.match(outside.find((f) => f.rule === "ref/parent")!.fix, /externals: \["Gateway\/network\/external"\]/);
  assert.equal(of(validateHomeWithOptions({ externals: declaredExternals(["Gateway/network/external"]) }, elsewhere), "ref/parent"), []);
});

test("references: a TLS Secret a cert-manager Certificate issues is present", () => {
  assert.equal(of(validateHomeWith(), "ref/tls-secret").length, 1, "without a Certificate: a reminder");
  const certificate = "---\napiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: production\nspec:\n  secretName: sklab-dev-production-tls\n  issuerRef:\n    name: letsencrypt\n    kind: ClusterIssuer\n  dnsNames:\n    - sklab.dev\n";
  assert.equal(of(validateHomeWith([GATEWAY, /\n$/, `\n${certificate}`]), "ref/tls-secret"), []);
});

test.run();
