// The package as another repository gets it: `npm pack` (whose prepack runs `npm run build`)
// holds dist/ and nothing a consumer does not need; installed offline into a copy of
// examples/monorepo outside this repository, it loads with plain `node`, its types check the
// example, and the example renders both of its clusters with no finding worse than info.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { installConsumer, once, packedPackage, PACKAGE_NAME, REPO_ROOT, run, runOk, tempDir, type Packed } from "./consumer.ts";

const EXAMPLE = join(REPO_ROOT, "examples", "monorepo");
const PODINFO = "kubernetes/apps/default/podinfo";
const AGENTGATEWAY = "kubernetes/apps/ai-system/agentgateway";

let temp = "";

/** Paths of every file below `dir`, relative and `/`-separated. */
function listFiles(dir: string, under = ""): string[] {
  return readdirSync(join(dir, under)).flatMap((name) => {
    const path = under === "" ? name : `${under}/${name}`;
    return statSync(join(dir, path)).isDirectory() ? listFiles(dir, path) : [path];
  });
}

/**
 * Packs and installs once, on first use. Not in test.before: uvu 0.5 reports a throwing hook as
 * 0 of N passed yet exits 0, so a failed pack or install would pass the run.
 */
const setup = once((): { packed: Packed; example: string } => {
  temp = tempDir("fluxkit-package-");
  const packed = packedPackage();
  const example = join(temp, "monorepo");
  // The example as a repository of its own would have it: no install, no output yet.
  const skip = new Set(["node_modules", "out", "package-lock.json"].map((name) => join(EXAMPLE, name)));
  cpSync(EXAMPLE, example, { recursive: true, filter: (source) => !skip.has(source) });
  installConsumer(example, packed);
  return { packed, example };
});

test.after(() => {
  if (temp !== "") rmSync(temp, { recursive: true, force: true });
});

test("npm pack: bin/, dist/, package.json and README.md, nothing else", () => {
  const { packed } = setup();
  const outside = packed.files.filter((path) => !path.startsWith("dist/"));
  assert.equal(outside.filter((path) => !/^LICENSE(\.\w+)?$/.test(path)), ["README.md", "bin/bundle-cache.mjs", "bin/fluxkit.mjs", "package.json"]);
  for (const folder of ["test/", "out/", "config/", ".ci/", "scripts/", "lib/", "examples/", "node_modules/"]) {
    assert.not.ok(packed.files.some((path) => path.startsWith(folder)), `${folder} is packed`);
  }
  assert.ok(packed.files.includes("dist/index.js"), "dist/index.js");
  assert.ok(packed.files.includes("dist/index.d.ts"), "dist/index.d.ts");
  const sources = packed.files.filter((path) => /\.(ts|tsx|map)$/.test(path) && !path.endsWith(".d.ts"));
  assert.equal(sources, [], "no sources or source maps");
});

test("npm pack: every module of lib/ as .js and .d.ts, the generated validators copied", () => {
  const { packed } = setup();
  const packedFiles = new Set(packed.files);
  const lib = listFiles(join(REPO_ROOT, "lib"));
  const expected = lib.flatMap((path) =>
    path.endsWith(".d.ts") || path.endsWith(".js") ? [`dist/${path}`]
    : path.endsWith(".ts") ? [`dist/${path.replace(/\.ts$/, ".js")}`, `dist/${path.replace(/\.ts$/, ".d.ts")}`]
    : [],
  );
  const validators = lib.filter((path) => path.includes("/_schemas/"));
  assert.ok(validators.some((path) => path.endsWith(".js")) && validators.some((path) => path.endsWith(".d.ts")), "lib has _schemas validators");
  assert.equal(expected.filter((path) => !packedFiles.has(path)), [], "missing from the package");
  assert.equal(packed.files.filter((path) => path.startsWith("dist/") && !expected.includes(path)), [], "in dist/ but not from lib/");
});

test("npm pack: package.json points a consumer at dist/", () => {
  const { example } = setup();
  const manifest = JSON.parse(readFileSync(join(example, "node_modules", PACKAGE_NAME, "package.json"), "utf8")) as Record<string, unknown>;
  assert.equal(manifest.exports, { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" }, "./package.json": "./package.json" });
  assert.equal(manifest.main, "./dist/index.js");
  assert.equal(manifest.types, "./dist/index.d.ts");
});

test("plain node imports the installed package and runs its generated validators", () => {
  const { example } = setup();
  // No tsx, no loader: the consumer's node resolves the package's exports to dist/index.js.
  const script = `
    const fluxkit = await import("${PACKAGE_NAME}");
    const { backend, defineEnvironment, fileTree, renderEnvironment, untypedObject } = fluxkit;
    const hosts = (port) => ({ type: "Static", static: { hosts: [{ host: "litellm.ai.svc.cluster.local", port }] } });
    const build = () => fileTree([
      ["good.yaml", [backend({ metadata: { name: "good" }, spec: hosts(4000) })]],
      ["bad.yaml", [untypedObject({ apiVersion: "gateway.kgateway.dev/v1alpha1", kind: "Backend", metadata: { name: "bad" }, spec: hosts("4000") })]],
    ]);
    const { files, validation } = renderEnvironment(defineEnvironment({ name: "smoke", description: "", deploy: false, build }));
    const errors = validation.findings.filter((f) => f.severity === "error").map((f) => f.file + " " + f.rule + " " + f.path);
    console.log(JSON.stringify({ renderCommand: typeof fluxkit.renderCommand, errors, good: files.get("good.yaml") }));
  `;
  const { stdout } = runOk("node", ["--input-type=module", "--eval", script], example);
  const result = JSON.parse(stdout) as { renderCommand: string; errors: string[]; good: string };
  assert.equal(result.renderCommand, "function");
  assert.equal(result.errors, ["bad.yaml schema/type spec.static.hosts[0].port"]);
  assert.match(result.good, /^# good\.yaml\n---\napiVersion: gateway\.kgateway\.dev\/v1alpha1\nkind: Backend\n/);
});

test("the example type-checks against the package's declarations", () => {
  const { example } = setup();
  // The example's tsconfig has no skipLibCheck: the package's .d.ts files are checked too.
  runOk("node", [join(example, "node_modules", ".bin", "fluxkit"), "typecheck"], example);
});

test("the example renders both clusters with both apps; --check right after is clean", () => {
  const { example } = setup();
  assert.equal(JSON.parse(readFileSync(join(EXAMPLE, "package.json"), "utf8")).dependencies[PACKAGE_NAME], "file:../..", "examples/monorepo depends on file:../..");
  // As the example's package.json scripts run it: the package's fluxkit command.
  const fluxkit = join(example, "node_modules", ".bin", "fluxkit");
  const render = run("node", [fluxkit, "render"], example);
  assert.equal(render.status, 0, render.stderr);
  assert.equal(render.stderr, "", "no errors or warnings printed");
  assert.match(render.stdout, /^home +\d+ files, \d+ changed, 0 removed/m);
  assert.match(render.stdout, /^lab +\d+ files, \d+ changed, 0 removed/m);

  const out = (env: string, path: string): string => readFileSync(join(example, "out", env, path), "utf8");
  for (const env of ["home", "lab"]) {
    for (const path of [
      `${PODINFO}/ks.yaml`,
      `${PODINFO}/app/ocirepository.yaml`,
      `${PODINFO}/app/helmrelease.yaml`,
      `${PODINFO}/app/externalsecret.yaml`,
      `${AGENTGATEWAY}/ks.yaml`,
      `${AGENTGATEWAY}/crds/helmrelease.yaml`,
      `${AGENTGATEWAY}/app/gateway.yaml`,
    ]) {
      assert.ok(out(env, path).startsWith(`# ${path}\n---\n`), `${env}: ${path}`);
    }
    // Derived from the tree, in the order the component lists the files.
    assert.equal(
      out(env, `${PODINFO}/app/kustomization.yaml`),
      `# ${PODINFO}/app/kustomization.yaml\n---\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ocirepository.yaml\n  - helmrelease.yaml\n  - externalsecret.yaml\n`,
    );
    assert.match(out(env, `${PODINFO}/ks.yaml`), /path: "\.\/kubernetes\/apps\/default\/podinfo\/app"/);
    assert.match(out(env, `${PODINFO}/app/ocirepository.yaml`), /url: oci:\/\/ghcr\.io\/stefanprodan\/charts\/podinfo\n/);
  }
  // Each cluster's own values.
  assert.match(out("home", `${AGENTGATEWAY}/app/gateway.yaml`), /192\.168\.50\.30/);
  assert.match(out("lab", `${AGENTGATEWAY}/app/gateway.yaml`), /192\.168\.60\.30/);
  assert.match(out("home", `${AGENTGATEWAY}/app/kustomization.yaml`), /- pdb\.yaml/);
  assert.not.match(out("lab", `${AGENTGATEWAY}/app/kustomization.yaml`), /pdb\.yaml/);
  assert.not.ok(existsSync(join(example, "out", "lab", AGENTGATEWAY, "app", "pdb.yaml")), "lab has no PodDisruptionBudget");
  assert.match(out("home", `${PODINFO}/app/ocirepository.yaml`), /tag: "6\.8\.0"/);
  assert.match(out("lab", `${PODINFO}/app/ocirepository.yaml`), /tag: "6\.9\.0"/);
  assert.match(out("home", `${PODINFO}/app/helmrelease.yaml`), /replicaCount: 2\n/);
  assert.match(out("lab", `${PODINFO}/app/helmrelease.yaml`), /replicaCount: 1\n/);

  const check = run("node", [fluxkit, "render", "--check"], example);
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /^home +\d+ files, clean/m);
  assert.match(check.stdout, /^lab +\d+ files, clean/m);
});

test.run();
