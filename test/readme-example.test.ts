// The README's complete example runs as written: the ```ts readme-example block is taken from
// README.md itself (so the README cannot drift), saved as example.ts in a fresh folder outside
// this repository with the packed package installed offline, type-checked with strict settings,
// and run with tsx. It must render both clusters into out/ and find them clean.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { installConsumer, once, packedPackage, PACKAGE_NAME, REPO_ROOT, rootPackage, run, runOk, tempDir } from "./consumer.ts";

const MARKER = "```ts readme-example";
const PODINFO = "kubernetes/apps/default/podinfo";

/** The code of the README's one ```ts readme-example block. */
function readmeExample(readme: string): string {
  const blocks = [...readme.matchAll(/^```ts readme-example[^\S\n]*\n([\s\S]*?)^```[^\S\n]*$/gm)];
  if (blocks.length !== 1) throw new Error(`README.md has ${blocks.length} ${MARKER} blocks; it needs exactly one`);
  return blocks[0]![1]!;
}

let temp = "";

/** Installs once, on first use (not in test.before: uvu 0.5 exits 0 when a hook throws). */
const setup = once((): { project: string } => {
  const code = readmeExample(readFileSync(join(REPO_ROOT, "README.md"), "utf8"));
  temp = tempDir("fluxkit-readme-");
  const packed = packedPackage();
  const project = join(temp, "readme");
  mkdirSync(project);
  const dev = (name: string) => rootPackage.devDependencies?.[name] ?? rootPackage.dependencies?.[name] ?? "";
  const manifest = {
    name: "readme-example",
    private: true,
    type: "module",
    dependencies: { [PACKAGE_NAME]: "file:../pack" },
    devDependencies: { "@types/node": dev("@types/node"), tsx: dev("tsx"), typescript: dev("typescript") },
  };
  writeFileSync(join(project, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const compilerOptions = {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    types: ["node"],
    strict: true,
    noUncheckedIndexedAccess: true,
    erasableSyntaxOnly: true,
    verbatimModuleSyntax: true,
    noEmit: true,
  };
  writeFileSync(join(project, "tsconfig.json"), `${JSON.stringify({ compilerOptions, files: ["example.ts"] }, null, 2)}\n`);
  writeFileSync(join(project, "example.ts"), code);
  installConsumer(project, packed);
  return { project };
});

test.after(() => {
  if (temp !== "") rmSync(temp, { recursive: true, force: true });
});

test("readmeExample takes exactly one marked block", () => {
  assert.equal(readmeExample(`# x\n\n${MARKER}\nconst a = 1;\n\`\`\`\n\n\`\`\`ts\nother\n\`\`\`\n`), "const a = 1;\n");
  assert.throws(() => readmeExample("```ts\nconst a = 1;\n```\n"), /0 .* blocks/);
  assert.throws(() => readmeExample(`${MARKER}\na\n\`\`\`\n${MARKER}\nb\n\`\`\`\n`), /2 .* blocks/);
});

test("the README example type-checks against the package", () => {
  const { project } = setup();
  runOk("node", [join(project, "node_modules", "typescript", "bin", "tsc"), "-p", "."], project);
});

test("the README example renders both clusters, writes them and finds them clean", () => {
  const { project } = setup();
  const example = run("node", ["--import", "tsx", "example.ts"], project);
  assert.equal(example.status, 0, example.stderr);
  assert.equal(example.stderr, "");
  // The two HelmReleases, printed from memory.
  assert.match(example.stdout, /# kubernetes\/apps\/default\/podinfo\/app\/helmrelease\.yaml\n---\napiVersion: helm\.toolkit\.fluxcd\.io\/v2\n/);
  assert.equal([...example.stdout.matchAll(/^kind: HelmRelease$/gm)].length, 2);

  const out = (env: string, path: string): string => readFileSync(join(project, "out", env, path), "utf8");
  for (const env of ["home", "lab"]) {
    assert.match(out(env, `${PODINFO}/ks.yaml`), /name: &app podinfo\n[\s\S]*app\.kubernetes\.io\/name: \*app\n/);
    assert.equal(
      out(env, `${PODINFO}/app/kustomization.yaml`),
      `# ${PODINFO}/app/kustomization.yaml\n---\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ocirepository.yaml\n  - helmrelease.yaml\n`,
    );
  }
  assert.match(out("home", `${PODINFO}/app/helmrelease.yaml`), /replicaCount: 2\n {4}resources:\n/);
  assert.match(out("lab", `${PODINFO}/app/helmrelease.yaml`), /replicaCount: 1\n$/);
  assert.match(out("lab", `${PODINFO}/app/ocirepository.yaml`), /tag: "6\.9\.0"\n/);

  // Run again: nothing differs, so it succeeds without changes.
  const again = run("node", ["--import", "tsx", "example.ts"], project);
  assert.equal(again.status, 0, again.stderr);
});

test.run();
