// `fluxkit init`: a new repository in one command — fluxkit.config.ts with one cluster, one
// example app, package.json scripts, a tsconfig that type-checks what the bundler runs, a CI
// workflow and .gitignore. Nothing is written unless every file can be: an existing config or
// example is never overwritten; package.json and .gitignore are only added to.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseCommandArgs, shownPath, UsageError } from "../cli.ts";
import { CONFIG_FILE } from "../config.ts";
import { emitDocument } from "../yaml/emit.ts";

const OPTIONS = { help: { type: "boolean", short: "h" } } as const;

const USAGE = [
  "Usage: fluxkit init",
  "",
  `Starts a fluxkit repository in the working directory: ${CONFIG_FILE} (one cluster, \`home\`, whose`,
  "tree is written to kubernetes/ in the repository itself), apps/podinfo.ts (an example app),",
  "tsconfig.json, package.json scripts (render, validate, typecheck), .github/workflows/fluxkit.yaml",
  "and node_modules/ in .gitignore. Refuses to overwrite any of the new files.",
].join("\n");

export interface InitIo {
  readonly cwd: string;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

// The example's TypeScript. Source text, not YAML: the YAML comes from rendering it.
const CONFIG_SOURCE = `// The clusters this repository renders; \`npx fluxkit render\` writes each one's tree.
import { defineConfig, defineEnvironment, merge } from "@homeops/fluxkit";
import { podinfo, type PodinfoValues } from "./apps/podinfo.ts";

/** What every cluster shares; a cluster's overlay changes only what differs. */
const base: PodinfoValues = {
  namespace: "default",
  version: "6.9.2",
  replicas: 2,
};

export default defineConfig({
  environments: [
    defineEnvironment({
      name: "home",
      description: "the home cluster",
      deploy: true,
      // The tree lives in this repository at kubernetes/, where Flux reads it.
      output: ".",
      build: () => podinfo(merge(base, { replicas: 1 })),
    }),
  ],
});
`;

const APP_SOURCE = `// An app: values in, its files out, in the home-ops layout
// (kubernetes/apps/<namespace>/<app>/{ks.yaml,app/}). app/kustomization.yaml is derived.
import { fileTree, fluxKustomization, fluxPath, helmRelease, ociRepository, type FileTree } from "@homeops/fluxkit";

export interface PodinfoValues {
  namespace: string;
  /** The chart's version (an OCI tag). */
  version: string;
  replicas: number;
}

export function podinfo(v: PodinfoValues): FileTree {
  const root = \`kubernetes/apps/\${v.namespace}/podinfo\`;
  return fileTree([
    [\`\${root}/ks.yaml\`, [
      fluxKustomization({
        metadata: { name: "podinfo", namespace: v.namespace },
        spec: {
          targetNamespace: v.namespace,
          interval: "1h",
          path: fluxPath(\`\${root}/app\`),
          prune: true,
          sourceRef: { kind: "GitRepository", name: "flux-system", namespace: "flux-system" },
        },
      }),
    ]],
    [\`\${root}/app/ocirepository.yaml\`, [
      ociRepository({
        metadata: { name: "podinfo" },
        spec: { interval: "12h", url: "oci://ghcr.io/stefanprodan/charts/podinfo", ref: { tag: v.version } },
      }),
    ]],
    [\`\${root}/app/helmrelease.yaml\`, [
      helmRelease({
        metadata: { name: "podinfo" },
        spec: {
          interval: "1h",
          chartRef: { kind: "OCIRepository", name: "podinfo" },
          values: { replicaCount: v.replicas },
        },
      }),
    ]],
  ]);
}
`;

/**
 * A tsconfig.json that checks the TypeScript the bundler runs (bundler resolution, .ts imports,
 * no output) in the folders `include` names; `fluxkit import` writes one too.
 */
export function tsconfigText(include: readonly string[]): string {
  return `${JSON.stringify({ compilerOptions: TSCONFIG_COMPILER_OPTIONS, include }, null, 2)}\n`;
}

/** fluxkit init's compiler options; the import type-checks what it generates with them too. */
export const TSCONFIG_COMPILER_OPTIONS = {
  target: "ES2022",
  lib: ["ES2023"],
  module: "preserve",
  moduleResolution: "bundler",
  allowImportingTsExtensions: true,
  verbatimModuleSyntax: true,
  erasableSyntaxOnly: true,
  strict: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: true,
  noEmit: true,
  types: [],
};

const SCRIPTS: Readonly<Record<string, string>> = {
  render: "fluxkit render",
  check: "fluxkit render --check",
  validate: "fluxkit validate",
  typecheck: "fluxkit typecheck",
};

/** CI: install, type-check, fail on drift, validate. Plain data, emitted by the YAML emitter. */
const WORKFLOW = {
  name: "fluxkit",
  on: { push: { branches: ["main"] }, pull_request: {} },
  jobs: {
    check: {
      "runs-on": "ubuntu-latest",
      steps: [
        { uses: "actions/checkout@v4" },
        { uses: "actions/setup-node@v4", with: { "node-version": 22, cache: "npm" } },
        { run: "npm ci" },
        { run: "npx fluxkit typecheck" },
        { run: "npx fluxkit render --check" },
        { run: "npx fluxkit validate" },
      ],
    },
  },
};

interface Planned {
  readonly file: string;
  readonly text: string;
}

function readJsonObject(file: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${path.basename(file)}: ${(error as Error).message}`);
  }
  throw new Error(`${path.basename(file)}: expected a JSON object`);
}

/** package.json with the scripts added (existing scripts of the same name are kept). */
function packageJson(cwd: string): Planned {
  const file = path.join(cwd, "package.json");
  const manifest = existsSync(file) ? readJsonObject(file) : { name: path.basename(cwd), private: true };
  const scripts = { ...(manifest.scripts as Record<string, string> | undefined) };
  for (const [name, command] of Object.entries(SCRIPTS)) scripts[name] ??= command;
  // `npm init -y` writes a test script that fails; the repository's test is the type-check and render check.
  if (/no test specified/.test(scripts.test ?? "")) scripts.test = "fluxkit typecheck && fluxkit render --check && fluxkit validate";
  return { file, text: `${JSON.stringify({ ...manifest, scripts }, null, 2)}\n` };
}

function gitignore(cwd: string): Planned | undefined {
  const file = path.join(cwd, ".gitignore");
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  if (text.split("\n").some((line) => /^\/?node_modules\/?$/.test(line.trim()))) return undefined;
  return { file, text: `${text}${text === "" || text.endsWith("\n") ? "" : "\n"}node_modules/\n` };
}

export function initCommand(argv: readonly string[], io: InitIo): number {
  const { values } = parseCommandArgs(argv, OPTIONS, false);
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { cwd } = io;
  const created: Planned[] = [
    { file: path.join(cwd, CONFIG_FILE), text: CONFIG_SOURCE },
    { file: path.join(cwd, "apps", "podinfo.ts"), text: APP_SOURCE },
    { file: path.join(cwd, "tsconfig.json"), text: tsconfigText([CONFIG_FILE, "apps", "models"]) },
    { file: path.join(cwd, ".github", "workflows", "fluxkit.yaml"), text: emitDocument({ object: WORKFLOW }) },
  ];
  const existing = created.filter(({ file }) => existsSync(file)).map(({ file }) => shownPath(cwd, file));
  if (existing.length > 0) throw new UsageError(`init: ${existing.join(", ")} already exist${existing.length === 1 ? "s" : ""}; nothing written`);
  const updated = [packageJson(cwd), gitignore(cwd)].filter((planned): planned is Planned => planned !== undefined);
  for (const { file, text } of [...created, ...updated]) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  io.stdout.write(
    [
      ...created.map(({ file }) => `created ${shownPath(cwd, file)}`),
      ...updated.map(({ file }) => `updated ${shownPath(cwd, file)}`),
      "",
      "Next: npx fluxkit render    (writes kubernetes/; then npx fluxkit validate, npx fluxkit typecheck)",
      "",
    ].join("\n"),
  );
  return 0;
}
