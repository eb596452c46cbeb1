// The `fluxkit` command as a new user gets it: a fresh folder whose package.json is what
// `npm init -y` writes, the packed tarball installed and nothing else, then init, render,
// render --check and validate, and validate of a real repository's tree; on this Node and on
// Node 24. Plus what a consumer repository does with it: builders for core and cert-manager
// kinds, app-template values, a removed app. And the import's round trip from the package: a real
// repository and the seed imported, deleted and rendered back byte for byte.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { installConsumer, node24, once, packedPackage, PACKAGE_NAME, run, runOk, tempDir } from "./consumer.ts";

const CORPUS = join(import.meta.dirname, "..", "..", "shared", "corpus", "onedr0p-home-ops", "kubernetes");

const fresh = once((): string => {
  const dir = tempDir("fluxkit-fresh-");
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  runOk("npm", ["init", "-y"], dir);
  // What `npm install <tarball>` records; installConsumer points it at the tarball, offline.
  const manifestFile = join(dir, "package.json");
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Record<string, unknown>;
  writeFileSync(manifestFile, `${JSON.stringify({ ...manifest, dependencies: { [PACKAGE_NAME]: "*" } }, null, 2)}\n`);
  installConsumer(dir, packedPackage());
  return dir;
});

/** `npx fluxkit ARGS` with the given node, in `dir`. */
function fluxkit(node: string, dir: string, ...args: string[]) {
  return run(node, [join(dir, "node_modules", ".bin", "fluxkit"), ...args], dir);
}

function journey(node: string): void {
  const base = fresh();
  const dir = tempDir("fluxkit-journey-");
  try {
    cpSync(base, dir, { recursive: true, verbatimSymlinks: true });
    const init = fluxkit(node, dir, "init");
    assert.is(init.status, 0, init.stderr);
    assert.match(init.stdout, /created fluxkit\.config\.ts/);
    const render = fluxkit(node, dir, "render");
    assert.is(render.status, 0, render.stderr + render.stdout);
    assert.ok(existsSync(join(dir, "kubernetes", "apps", "default", "podinfo", "app", "helmrelease.yaml")), "the example app is rendered into kubernetes/");
    assert.ok(existsSync(join(dir, ".fluxkit", "home.json")), "the render's record");
    const check = fluxkit(node, dir, "render", "--check");
    assert.is(check.status, 0, check.stderr + check.stdout);
    assert.match(check.stdout, /^home\s+\d+ files, clean/m);
    const validate = fluxkit(node, dir, "validate");
    assert.is(validate.status, 0, validate.stderr + validate.stdout);
    assert.match(validate.stdout, /^home: \d+ documents, 0 errors, 0 warnings/m);
    const typecheck = fluxkit(node, dir, "typecheck");
    assert.is(typecheck.status, 0, typecheck.stderr + typecheck.stdout);
    if (existsSync(CORPUS)) {
      const corpus = fluxkit(node, dir, "validate", CORPUS);
      assert.ok(corpus.status === 0 || corpus.status === 1, corpus.stderr);
      assert.match(corpus.stdout, /kubernetes: \d+ documents, \d+ errors, \d+ warnings/);
    } else console.log("  (validate of the shared real repository skipped: ../shared/corpus is absent)");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("npm init -y, the tarball, then init, render, render --check, validate, typecheck: all exit 0 (this Node)", () => {
  journey(process.execPath);
});

test("the same on Node 24", () => {
  const { node, why } = node24();
  if (node === undefined) {
    console.log(`  (Node 24 skipped: ${why})`);
    return;
  }
  journey(node);
});

/** A consumer repository after `fluxkit init`, in a folder of its own (removed after the test). */
function initialised(): string {
  const dir = tempDir("fluxkit-consumer-");
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  cpSync(fresh(), dir, { recursive: true, verbatimSymlinks: true });
  assert.is(fluxkit(process.execPath, dir, "init").status, 0);
  return dir;
}

const WIDGET_CRD = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "widgets.example.com" },
  spec: {
    group: "example.com",
    names: { kind: "Widget", plural: "widgets", singular: "widget", listKind: "WidgetList" },
    scope: "Namespaced",
    versions: [{
      name: "v1", served: true, storage: true,
      schema: { openAPIV3Schema: { type: "object", properties: { spec: { type: "object", required: ["size"], properties: { size: { type: "integer", minimum: 1 }, colour: { type: "string" } } } } } },
    }],
  },
};

/** apps/extra.ts: a Namespace, a cert-manager Certificate, an app-template release, and a Widget. */
function extraApp(containerKeys: string, widgetSpec: string): string {
  return `import { certificate, fileTree, helmRelease, namespace, ociRepository, type AppTemplateValues, type FileTree } from "@homeops/fluxkit";
import { widget } from "../models/example.com/v1.ts";

export function extra(): FileTree {
  const values: AppTemplateValues = { controllers: { main: { containers: { app: { image: { repository: "ghcr.io/example/app", tag: "1.0.0" }, ${containerKeys} } } } } };
  const root = "kubernetes/apps/extra/extra/app";
  return fileTree([
    [\`\${root}/namespace.yaml\`, [namespace({ metadata: { name: "extra" } })]],
    [\`\${root}/certificate.yaml\`, [certificate({ metadata: { name: "example-com", namespace: "extra" }, spec: { secretName: "example-com-tls", issuerRef: { name: "letsencrypt", kind: "ClusterIssuer" }, dnsNames: ["example.com"] } })]],
    [\`\${root}/ocirepository.yaml\`, [ociRepository({ metadata: { name: "extra", namespace: "extra" }, spec: { interval: "12h", url: "oci://ghcr.io/bjw-s-labs/helm/app-template", ref: { tag: "5.1.0" } } })]],
    [\`\${root}/helmrelease.yaml\`, [helmRelease<AppTemplateValues>({ metadata: { name: "extra", namespace: "extra" }, spec: { interval: "1h", chartRef: { kind: "OCIRepository", name: "extra" }, values } })]],
    [\`\${root}/widget.yaml\`, [widget({ metadata: { name: "w", namespace: "extra" }, spec: ${widgetSpec} })]],
  ]);
}
`;
}

function useExtraApp(dir: string, on: boolean): void {
  const file = join(dir, "fluxkit.config.ts");
  let text = readFileSync(file, "utf8").replace(/^import \{ extra \} from .*\n/m, "").replace(/joinTrees\((podinfo\(.*\)), extra\(\)\)/, "$1");
  if (on) {
    text = `import { extra } from "./apps/extra.ts";\nimport { joinTrees } from "@homeops/fluxkit";\n${text}`
      .replace(/build: \(\) => (podinfo\(.*\)),/, "build: () => joinTrees($1, extra()),")
      .replace("export default defineConfig({", 'export default defineConfig({\n  schemas: ["crds"],');
  } else text = text.replace(/^import \{ joinTrees \} from .*\n/m, "").replace('\n  schemas: ["crds"],', "");
  writeFileSync(file, text);
}

test("a consumer repository: typed builders and imported CRDs validate clean, mistakes are caught, a removed app is removed", () => {
  const dir = initialised();
  const node = process.execPath;
  mkdirSync(join(dir, "crds"));
  writeFileSync(join(dir, "crds", "widgets.yaml"), JSON.stringify(WIDGET_CRD, null, 2));
  const imported = fluxkit(node, dir, "import-crds", "crds/widgets.yaml");
  assert.is(imported.status, 0, imported.stderr);
  assert.ok(existsSync(join(dir, "models", "example.com", "v1.ts")), imported.stdout);

  // Correct: types check, and a Namespace, a Certificate, app-template values and a Widget
  // (its schema from the config's `schemas`) validate with no warning.
  writeFileSync(join(dir, "apps", "extra.ts"), extraApp('securityContext: { readOnlyRootFilesystem: true }', "{ size: 2 }"));
  useExtraApp(dir, true);
  const typed = fluxkit(node, dir, "typecheck");
  assert.is(typed.status, 0, typed.stdout + typed.stderr);
  const clean = fluxkit(node, dir, "validate");
  assert.is(clean.status, 0, clean.stdout + clean.stderr);
  assert.match(clean.stdout, /^home: \d+ documents, 0 errors, 0 warnings/m);
  assert.is(fluxkit(node, dir, "render").status, 0);

  // An unknown Widget field fails tsc; a Widget the CRD rejects fails validation.
  writeFileSync(join(dir, "apps", "extra.ts"), extraApp('securityContext: { readOnlyRootFilesystem: true }', '{ size: 2, color: "red" }'));
  const untyped = fluxkit(node, dir, "typecheck");
  assert.is(untyped.status, 1);
  assert.match(untyped.stdout + untyped.stderr, /apps\/extra\.ts.*'color' does not exist/);
  writeFileSync(join(dir, "apps", "extra.ts"), extraApp('securityContext: { readOnlyRootFilesystem: true }', "{ size: 0 }"));
  const small = fluxkit(node, dir, "validate");
  assert.is(small.status, 1, small.stdout + small.stderr);
  assert.match(small.stdout, /ERROR .*Widget\/w spec\.size/);

  // A misspelt app-template key: a type error, and a validation error naming the values path.
  writeFileSync(join(dir, "apps", "extra.ts"), extraApp("// @ts-expect-error: misspelt on purpose\n securtyContext: { readOnlyRootFilesystem: true }", "{ size: 2 }"));
  const typo = fluxkit(node, dir, "validate");
  assert.is(typo.status, 1, typo.stdout);
  assert.match(typo.stdout, /ERROR helm\/app-template-values .*HelmRelease\/extra spec\.values\.controllers\.main\.containers\.app\.securtyContext: .*did you mean "securityContext"/);

  // The app removed from the config: --check names its files, render removes exactly them.
  writeFileSync(join(dir, "apps", "extra.ts"), extraApp('securityContext: { readOnlyRootFilesystem: true }', "{ size: 2 }"));
  useExtraApp(dir, false);
  writeFileSync(join(dir, "kubernetes", "apps", "extra", "notes.md"), "hand-written, not rendered\n");
  const check = fluxkit(node, dir, "render", "--check");
  assert.is(check.status, 1, check.stdout + check.stderr);
  for (const file of ["namespace", "certificate", "ocirepository", "helmrelease", "widget"]) assert.match(check.stdout, new RegExp(`kubernetes/apps/extra/extra/app/${file}\\.yaml`));
  const removed = fluxkit(node, dir, "render");
  assert.is(removed.status, 0, removed.stderr);
  assert.match(removed.stdout, /^home\s+\d+ files, 0 changed, 5 removed/m);
  assert.not.ok(existsSync(join(dir, "kubernetes", "apps", "extra", "extra")), "the app's folder is gone");
  assert.ok(existsSync(join(dir, "kubernetes", "apps", "extra", "notes.md")), "a file render did not write stays");
  assert.ok(existsSync(join(dir, "kubernetes", "apps", "default", "podinfo", "app", "helmrelease.yaml")), "the other app stays");
  assert.is(fluxkit(node, dir, "render", "--check").status, 0);
});

/** Every file under `dir`, as relative path → bytes, sorted by path. */
function filesUnder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(relative(dir, full).split(sep).join("/"), readFileSync(full));
    }
  };
  walk(dir);
  return files;
}

/**
 * The "Must show": a fresh folder with only the packed package installed and `source`
 * copied in as kubernetes/; `fluxkit import kubernetes`, `rm -rf kubernetes`, `fluxkit render`
 * re-creates every file byte for byte, and `fluxkit typecheck` passes on the generated sources.
 */
function importRoundTrip(source: string, files: number, renderArgs: readonly string[]): string {
  const dir = tempDir("fluxkit-import-");
  try {
    cpSync(fresh(), dir, { recursive: true, verbatimSymlinks: true });
    cpSync(source, join(dir, "kubernetes"), { recursive: true });
    const before = filesUnder(join(dir, "kubernetes"));
    assert.is(before.size, files);
    const imported = fluxkit(process.execPath, dir, "import", "kubernetes");
    assert.is(imported.status, 0, imported.stderr + imported.stdout);
    assert.match(imported.stdout, new RegExp(`^import: kubernetes/: ${files} files, `));
    assert.match(readFileSync(join(dir, "config", "index.ts"), "utf8"), /from "@homeops\/fluxkit"/, "the sources import the installed package");
    rmSync(join(dir, "kubernetes"), { recursive: true });
    const rendered = fluxkit(process.execPath, dir, "render", ...renderArgs);
    assert.is(rendered.status, 0, rendered.stderr + rendered.stdout);
    const after = filesUnder(join(dir, "kubernetes"));
    assert.equal([...after.keys()], [...before.keys()], "the same files");
    for (const [file, bytes] of before) assert.ok(after.get(file)?.equals(bytes), `${file} re-rendered byte for byte`);
    // The import wrote fluxkit init's tsconfig.json, covering the imported sources.
    assert.match(readFileSync(join(dir, "tsconfig.json"), "utf8"), /"config"/);
    const typecheck = fluxkit(process.execPath, dir, "typecheck");
    assert.is(typecheck.status, 0, typecheck.stdout + typecheck.stderr);
    return rendered.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("the packed package imports the shared real repository (421 files): delete, render (valid, no --allow-invalid) → every file byte for byte; typecheck passes", () => {
  if (!existsSync(CORPUS)) {
    console.log("  (import of the shared real repository skipped: ../shared/corpus is absent)");
    return;
  }
  const rendered = importRoundTrip(CORPUS, 421, []);
  assert.match(rendered, /^cluster\s+421 files, 421 changed/m);
  assert.not.match(rendered, /--allow-invalid|ERROR|WARNING/);
});

test("the packed package imports the seed's 15 files: delete, render → the same bytes; typecheck passes", () => {
  // The seed is invalid on purpose (its mistakes are the point of the baseline): written anyway.
  const rendered = importRoundTrip(join(import.meta.dirname, "golden", "seed", "kubernetes"), 15, ["--allow-invalid"]);
  assert.match(rendered, /^cluster\s+15 files, 15 changed/m);
});

test.run();
