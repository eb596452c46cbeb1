// The checks operators need (issue 11): for each rule, a mistake written as a YAML edit of the
// rendered home tree (out/home/kubernetes) that the rule catches, and a correct variant of the
// same edit that it passes. Then the real cluster of ../shared, which must raise none of them.

import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Writable } from "node:stream";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readYamlTree, validateFolder } from "../lib/cli/validate-folder.ts";
import type { Finding } from "../lib/validate/findings.ts";
import { declaredExternals } from "../lib/validate/externals.ts";
import { validateTree, type ValidationOptions } from "../lib/validate/index.ts";
import { REPO_ROOT } from "./helpers.ts";

const HOME = join(REPO_ROOT, "out", "home", "kubernetes");
const CORPUS = join(REPO_ROOT, "..", "shared", "corpus", "onedr0p-home-ops", "kubernetes");

const APP = "kubernetes/apps/ai-system/agentgateway";
const KS = `${APP}/ks.yaml`;
const ROUTES = `${APP}/app/httproutes.yaml`;
const GATEWAY = `${APP}/app/gateway.yaml`;
const RELEASE = `${APP}/app/helmrelease.yaml`;
const POLICY = `${APP}/app/networkpolicy.yaml`;
const SECRET = `${APP}/app/externalsecret.yaml`;
const BUILD = `${APP}/app/kustomization.yaml`;
const TRAFFIC = `${APP}/app/trafficpolicies.yaml`;

/**
 * The rules this file is about: names/, objects/, flux/duration, ports/, flux/depends-on*,
 * kustomize/, gateway/, route/, yaml/, ref/reference-grant, netpol/dns-blocked. (The Helm values
 * and ignored-field tests below look at their rule alone: other edits here change the values.)
 */
const OPERATOR_RULES = /^(names\/|objects\/|flux\/duration|ports\/|flux\/depends-on|kustomize\/|gateway\/|route\/|yaml\/|ref\/reference-grant|netpol\/dns-blocked)/;

type Edit = readonly [file: string, from: string | RegExp, to: string];

/** A copy of the home tree, in a repository root of its own, with text edits applied. */
function editedHome(edits: readonly Edit[]): string {
  const root = mkdtempSync(join(tmpdir(), "fluxkit-operator-"));
  try {
    cpSync(HOME, join(root, "kubernetes"), { recursive: true });
    for (const [file, from, to] of edits) {
      const path = join(root, file);
      // A file the tree does not have is created: its edit replaces "" with the whole text.
      mkdirSync(dirname(path), { recursive: true });
      const before = existsSync(path) ? readFileSync(path, "utf8") : "";
      const after = before.replace(from, to);
      assert.not.equal(after, before, `the edit of ${file} must change it: ${String(from)}`);
      writeFileSync(path, after);
    }
    return root;
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

/** What `fluxkit validate kubernetes --format json` prints, read back: one tree's report. */
interface FolderReport {
  readonly results: readonly { readonly name: string; readonly findings: readonly Finding[] }[];
}

/** `fluxkit validate DIR --format json`, run in process from `cwd`: the findings it prints. */
function validateDir(dir: string, cwd: string): Finding[] {
  const chunks: string[] = [];
  const stdout = new Writable({ write: (chunk: Buffer | string, _encoding, done) => { chunks.push(String(chunk)); done(); } });
  validateFolder(dir, { format: "json" }, { cwd, stdout });
  const report = JSON.parse(chunks.join("")) as FolderReport;
  assert.equal(report.results.length, 1, "validate DIR reports one tree");
  return [...report.results[0]!.findings];
}

/**
 * The home tree with text edits applied, validated by `fluxkit validate DIR --format json` in
 * process: the command's own path (repository-root detection, `# fluxkit-ignore` suppressions,
 * the findings it prints), its JSON read back.
 */
function validateHomeWith(...edits: Edit[]): Finding[] {
  const root = editedHome(edits);
  try {
    return validateDir("kubernetes", root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * The same, with validation options `validate DIR` cannot take (it reads no config, so nothing
 * declares externals there): `validateTree` on the tree as the command reads it, for the few
 * cases about what a config declares.
 */
function validateHomeWithOptions(options: ValidationOptions, ...edits: Edit[]): Finding[] {
  const root = editedHome(edits);
  try {
    return [...validateTree("edited", readYamlTree(join(root, "kubernetes"), root).tree, { canDeclareSources: false, ...options }).findings];
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

// ── 11. cross-namespace references and their ReferenceGrants ───────────────────────────────

// A second app, in namespace observability, so that the tree holds the target namespace.
const GRAFANA = "kubernetes/apps/observability/grafana";
const GRAFANA_APP: readonly Edit[] = [
  [`${GRAFANA}/ks.yaml`, "", "---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: grafana\n  namespace: observability\nspec:\n  targetNamespace: observability\n  interval: 30m\n  path: ./kubernetes/apps/observability/grafana/app\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n    namespace: flux-system\n"],
  [`${GRAFANA}/app/service.yaml`, "", "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: grafana\nspec:\n  selector:\n    app.kubernetes.io/name: grafana\n  ports:\n    - name: http\n      port: 80\n      targetPort: 3000\n"],
];
const LITELLM_REF = "        - name: litellm\n          group: gateway.kgateway.dev\n          kind: Backend";
const TO_GRAFANA: Edit = [ROUTES, LITELLM_REF, "        - name: grafana\n          namespace: observability\n          port: 80"];
const TLS_REF = "            name: sklab-dev-production-tls";
const TLS_IN = (namespace: string): Edit => [GATEWAY, TLS_REF, `${TLS_REF}\n            namespace: ${namespace}`];
const grant = (from: string, to: string): Edit => [`${GRAFANA}/app/referencegrant.yaml`, "",
  `---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: from-ai-system\nspec:\n  from:\n${from}  to:\n${to}`];
const FROM_ROUTES = "    - group: gateway.networking.k8s.io\n      kind: HTTPRoute\n      namespace: ai-system\n";
const TO_GRAFANA_SERVICE = '    - group: ""\n      kind: Service\n      name: grafana\n';
const BACKEND_NAMESPACE = "spec.rules[3].backendRefs[0].namespace";
const CERTIFICATE_NAMESPACE = "spec.listeners[1].tls.certificateRefs[0].namespace";

test("ref/reference-grant: a backendRef to a Service of another namespace the tree holds, with no grant there; a grant admitting it passes", () => {
  const expected = [`error ref/reference-grant ${ROUTES} HTTPRoute/llm-routes ${BACKEND_NAMESPACE}`];
  catches("ref/reference-grant", [...GRAFANA_APP, TO_GRAFANA], expected);
  // A grant for another kind of referrer, or for another Service, admits nothing here.
  catches("ref/reference-grant", [...GRAFANA_APP, TO_GRAFANA, grant(FROM_ROUTES.replace("HTTPRoute", "GRPCRoute"), TO_GRAFANA_SERVICE)], expected);
  catches("ref/reference-grant", [...GRAFANA_APP, TO_GRAFANA, grant(FROM_ROUTES.replace("ai-system", "default"), TO_GRAFANA_SERVICE)], expected);
  catches("ref/reference-grant", [...GRAFANA_APP, TO_GRAFANA, grant(FROM_ROUTES, TO_GRAFANA_SERVICE.replace("grafana", "loki"))], expected);
  passes([...GRAFANA_APP, TO_GRAFANA, grant(FROM_ROUTES, TO_GRAFANA_SERVICE)]);
  // A `to` without a name admits every Service of the namespace.
  passes([...GRAFANA_APP, TO_GRAFANA, grant(FROM_ROUTES, '    - group: ""\n      kind: Service\n')]);
  // The same namespace needs no grant.
  passes([...GRAFANA_APP, [ROUTES, LITELLM_REF, "        - name: litellm\n          namespace: ai-system\n          group: gateway.kgateway.dev\n          kind: Backend"]]);
});

test("ref/reference-grant: a listener's certificate Secret in another namespace; a grant from Gateways to that Secret passes", () => {
  catches("ref/reference-grant", [...GRAFANA_APP, TLS_IN("observability")], [`error ref/reference-grant ${GATEWAY} Gateway/agentgateway ${CERTIFICATE_NAMESPACE}`]);
  // A grant for HTTPRoutes does not admit a Gateway's reference.
  catches("ref/reference-grant", [...GRAFANA_APP, TLS_IN("observability"), grant(FROM_ROUTES, '    - group: ""\n      kind: Secret\n')],
    [`error ref/reference-grant ${GATEWAY} Gateway/agentgateway ${CERTIFICATE_NAMESPACE}`]);
  passes([...GRAFANA_APP, TLS_IN("observability"), grant(FROM_ROUTES.replace("HTTPRoute", "Gateway"), '    - group: ""\n      kind: Secret\n      name: sklab-dev-production-tls\n')]);
});

test("ref/reference-grant: a namespace the tree does not hold is an info until its grant is declared", () => {
  const outside = validateHomeWith(TLS_IN("network"));
  assert.equal(of(outside, "ref/reference-grant"), [`info ref/reference-grant ${GATEWAY} Gateway/agentgateway ${CERTIFICATE_NAMESPACE}`]);
  assert.match(outside.find((f) => f.rule === "ref/reference-grant")!.fix, 'externals: ["ReferenceGrant/network/*"]');
  // `validate DIR` reads no config: the declaration goes through validateTree (see validateHomeWithOptions).
  assert.equal(of(validateHomeWithOptions({ externals: declaredExternals(["ReferenceGrant/network/*"]) }, TLS_IN("network")), "ref/reference-grant"), []);
  assert.equal(of(validateHomeWithOptions({ externals: declaredExternals(["ReferenceGrant/security/*"]) }, TLS_IN("network")), "ref/reference-grant").length, 1);
});

// ── 12. NetworkPolicy egress that blocks DNS ────────────────────────────────────────────────

const DNS_RULE = "    - to:\n        - namespaceSelector: {}\n      ports:\n        - protocol: UDP\n          port: 53\n        - protocol: TCP\n          port: 53\n";
const NO_DNS: Edit = [POLICY, DNS_RULE, ""];
const egressPolicy = (name: string, selector: string, egress: string): Edit => [POLICY, /\n$/,
  `\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  podSelector: ${selector}\n  policyTypes:\n    - Egress\n${egress}`];
const DNS_EGRESS = `  egress:\n${DNS_RULE}`;

test("netpol/dns-blocked: egress isolated and no rule admits port 53; DNS over UDP alone, or from a namespace-wide policy, passes", () => {
  const expected = [`warning netpol/dns-blocked ${POLICY} NetworkPolicy/agentgateway spec.egress`];
  catches("netpol/dns-blocked", [NO_DNS], expected);
  // DNS allowed for other pods does not help these.
  catches("netpol/dns-blocked", [NO_DNS, egressPolicy("dns", "\n    matchLabels:\n      app.kubernetes.io/name: litellm", DNS_EGRESS)], expected);
  passes([[POLICY, DNS_RULE, DNS_RULE.replace("        - protocol: TCP\n          port: 53\n", "")]]);
  // Policies add up: a policy of the namespace selecting every pod allows it for these too.
  passes([NO_DNS, egressPolicy("dns", "{}", DNS_EGRESS)]);
  // A policy with no egress rule denies all egress on purpose: its pods look nothing up.
  passes([egressPolicy("deny-egress", "\n    matchLabels:\n      app.kubernetes.io/name: batch", "")]);
});

// ── 13. Helm values against the chart, fields the controller ignores ────────────────────────

const APP_TEMPLATE_SOURCE: Edit = [`${APP}/app/ocirepository.yaml`, /\n$/,
  "\n---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: app-template\nspec:\n  interval: 12h\n  url: oci://ghcr.io/bjw-s-labs/helm/app-template\n  ref:\n    tag: 4.4.0\n"];
const echoRelease = (securityKey: string): Edit => [RELEASE, /\n$/,
  `\n---\napiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: echo\nspec:\n  interval: 1h\n  chartRef:\n    kind: OCIRepository\n    name: app-template\n  values:\n    controllers:\n      echo:\n        containers:\n          app:\n            image:\n              repository: ghcr.io/mendhak/http-https-echo\n              tag: "37"\n            ${securityKey}:\n              readOnlyRootFilesystem: true\n`];

test("helm/app-template-values: a misspelt container key in an app-template release; the right key passes", () => {
  const findings = validateHomeWith(APP_TEMPLATE_SOURCE, echoRelease("securtyContext"));
  assert.equal(of(findings, "helm/app-template-values"), [`error helm/app-template-values ${RELEASE} HelmRelease/echo spec.values.controllers.echo.containers.app.securtyContext`]);
  assert.match(findings.find((f) => f.rule === "helm/app-template-values")!.fix, 'did you mean "securityContext"?');
  assert.equal(of(validateHomeWith(APP_TEMPLATE_SOURCE, echoRelease("securityContext")), "helm/app-template-values"), []);
  // The same values under a release of another chart are not app-template's to judge.
  assert.equal(of(validateHomeWith(echoRelease("securtyContext")), "helm/app-template-values"), []);
});

const CONTROLLER = "    controller:\n      replicaCount: 2\n";

test("helm/unknown-value: a kgateway value the chart does not have, or in the wrong place; a value it reads passes", () => {
  catches("helm/unknown-value", [[RELEASE, CONTROLLER, `${CONTROLLER}      service:\n        tpye: ClusterIP\n`]], [`warning helm/unknown-value ${RELEASE} HelmRelease/agentgateway spec.values.controller.service.tpye`]);
  const misplaced = validateHomeWith([RELEASE, CONTROLLER, `${CONTROLLER}      nodeSelector:\n        kubernetes.io/arch: amd64\n`]);
  assert.equal(of(misplaced, "helm/unknown-value"), [`warning helm/unknown-value ${RELEASE} HelmRelease/agentgateway spec.values.controller.nodeSelector`]);
  assert.match(misplaced.find((f) => f.rule === "helm/unknown-value")!.fix, "move it to spec.values.nodeSelector");
  assert.equal(of(validateHomeWith([RELEASE, CONTROLLER, `${CONTROLLER}      service:\n        type: ClusterIP\n`]), "helm/unknown-value"), []);
});

const RATE_LIMIT = "      name: llm-routes\n  rateLimit:";

/** A rule's errors and warnings (the home tree has kgateway/ignored-field infos: Backends' apiVersion). */
function problems(findings: readonly Finding[], rule: string): string[] {
  return of(findings, rule).filter((line) => !line.startsWith("info "));
}

test("kgateway/ignored-field: a TrafficPolicy field agentgateway does not read, and Gateway infrastructure labels; where kgateway reads them passes", () => {
  assert.equal(problems(validateHomeWith([TRAFFIC, RATE_LIMIT, "      name: llm-routes\n  timeouts:\n    request: 60s\n  rateLimit:"]), "kgateway/ignored-field"),
    [`warning kgateway/ignored-field ${TRAFFIC} TrafficPolicy/rate-limits spec.timeouts`]);
  assert.equal(problems(validateHomeWith([GATEWAY, "  infrastructure:\n", "  infrastructure:\n    labels:\n      tier: edge\n"]), "kgateway/ignored-field"),
    [`warning kgateway/ignored-field ${GATEWAY} Gateway/agentgateway spec.infrastructure.labels`]);
  // A field agentgateway reads; labels where kgateway reads them, on the GatewayParameters.
  assert.equal(problems(validateHomeWith([TRAFFIC, RATE_LIMIT, "      name: llm-routes\n  rbac:\n    policy:\n      matchExpressions:\n        - \"true\"\n  rateLimit:"]), "kgateway/ignored-field"), []);
  assert.equal(problems(validateHomeWith([GATEWAY, "    service:\n      extraAnnotations:\n", "    service:\n      extraLabels:\n        tier: edge\n      extraAnnotations:\n"]), "kgateway/ignored-field"), []);
});

// ── The real cluster: none of these rules fires ─────────────────────────────────────────────

test("the shared corpus raises nothing from the operator rules", () => {
  if (!existsSync(CORPUS)) {
    console.log(`skipped: ${CORPUS} is absent`);
    return;
  }
  assert.equal(operatorFindings(validateDir(CORPUS, REPO_ROOT)), []);
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
