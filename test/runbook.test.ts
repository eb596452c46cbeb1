// The runbook is derived from the rendered objects: secret store items and fields from the
// ExternalSecrets, verification commands from the Flux objects, kinds, Gateways and routes.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { environments } from "../config/index.ts";
import { home } from "../config/home.ts";
import { staging } from "../config/staging.ts";
import type { Environment } from "../lib/environment.ts";
import type { IExternalSecret } from "../lib/k8s/secrets.ts";
import { applyPatches, patchObject } from "../lib/patch.ts";
import { finishTree, renderEnvironment } from "../lib/render.ts";
import { runbookCommand } from "../lib/render-cli.ts";
import { runbook } from "../lib/runbook.ts";
import { Capture, REPO_ROOT } from "./helpers.ts";

const LLM_PREFIXES = ["/openai", "/anthropic", "/gemini", "/v1", "/auto"];

function runbookOf(env: Environment): string {
  return runbook(env.name, renderEnvironment(env).tree);
}

/** The item's bullet and its field bullets, as the runbook lists them. */
function itemSection(text: string, item: string): string {
  const match = new RegExp(`^- Item \`${item}\`\\n((?: {2}- .*\\n)*)`, "m").exec(text);
  assert.ok(match, `no item ${item} in\n${text}`);
  return match[1] ?? "";
}

test("home: item agentgateway of ClusterSecretStore onepassword, with the three fields the templates read", () => {
  const text = runbookOf(home);
  assert.match(text, /^### ClusterSecretStore `onepassword`$/m);
  assert.is(itemSection(text, "agentgateway"), [
    "  - `OPENAI_API_KEY`: for Secrets `llm-provider-secrets`, `openai-secret`",
    "  - `ANTHROPIC_API_KEY`: for Secrets `llm-provider-secrets`, `anthropic-secret`",
    "  - `GOOGLE_AI_API_KEY`: for Secrets `llm-provider-secrets`, `google-secret`",
    "",
  ].join("\n"));
});

test("staging: item agentgateway-staging with the same three fields, and no item agentgateway", () => {
  const text = runbookOf(staging);
  const fields = itemSection(text, "agentgateway-staging");
  for (const field of ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GOOGLE_AI_API_KEY"]) assert.ok(fields.includes(`\`${field}\``), fields);
  assert.not.match(text, /^- Item `agentgateway`$/m);
});

test("verification: flux get by namespace, proxy pods, every applied kind, a curl per llm-routes prefix", () => {
  const text = runbookOf(home);
  const bash = /```bash\n([\s\S]*)```/.exec(text)?.[1] ?? "";
  for (const command of [
    "flux get kustomizations -n ai-system",
    "flux get helmreleases -n ai-system",
    "flux get sources oci -n ai-system",
    "kubectl get pods -n ai-system -l app.kubernetes.io/name=agentgateway",
    "kubectl get gateway.gateway.networking.k8s.io -n ai-system agentgateway",
    "kubectl get backend.gateway.kgateway.dev -n ai-system openai anthropic gemini litellm llm-failover",
    "kubectl get externalsecret.external-secrets.io -n ai-system llm-provider-secrets openai-secret anthropic-secret google-secret",
    "kubectl get poddisruptionbudget.policy -n ai-system agentgateway",
  ]) {
    assert.ok(bash.split("\n").includes(command), `missing ${command} in\n${bash}`);
  }
  const curls = bash.split("\n").filter((line) => line.startsWith("curl "));
  assert.equal(curls.map((line) => /"https:\/\/ai\.\$\{SECRET_DOMAIN\}(\/[^"]*)"/.exec(line)?.[1]), LLM_PREFIXES);
  assert.match(text, /hostnames hold Flux variables \(`SECRET_DOMAIN`\)/);
  assert.not.match(bash, /kustomize\.config\.k8s\.io|helmrelease\.|kustomization\./, "Flux kinds and kustomization.yaml have no kubectl line");
});

test("a field added to an ExternalSecret's template, or read by data[].remoteRef, shows up under its item", () => {
  const patched = applyPatches(home.build(), [
    patchObject<IExternalSecret>(
      { kind: "ExternalSecret", name: "llm-provider-secrets" },
      {
        spec: {
          target: { template: { data: { MISTRAL_API_KEY: "{{ .MISTRAL_API_KEY | trim }}" } } },
          data: [{ secretKey: "TOKEN", remoteRef: { key: "ci-tokens", property: "GITHUB_TOKEN" } }],
        },
      },
    ),
  ]);
  const text = runbook("home", finishTree(patched));
  assert.ok(itemSection(text, "agentgateway").includes("  - `MISTRAL_API_KEY`: for Secret `llm-provider-secrets`\n"), text);
  assert.is(itemSection(text, "ci-tokens"), "  - `GITHUB_TOKEN`: for Secret `llm-provider-secrets`\n");
});

async function runbookCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runbookCommand(args, { environments, repoRoot: REPO_ROOT, stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

test("runbook --resolve: the curl lines use the cluster's hostname; --env is required", async () => {
  const dir = mkdtempSync(join(tmpdir(), "fluxkit-runbook-"));
  try {
    const vars = join(dir, "vars.yaml");
    writeFileSync(vars, "Secret/cluster-secrets:\n  SECRET_DOMAIN: example.com\n");
    const run = await runbookCli("--env", "home", "--resolve", vars);
    assert.is(run.code, 0, run.stderr);
    for (const prefix of LLM_PREFIXES) assert.ok(run.stdout.includes(`curl -sS "https://ai.example.com${prefix}"`), run.stdout);
    assert.not.ok(run.stdout.includes("${"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const missing = await runbookCli();
  assert.is(missing.code, 2);
  assert.match(missing.stderr, /--env NAME/);
});

test.run();
