// The seed environment reproduces the seed document's 15 files byte for byte.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { join } from "node:path";
import { seed } from "../config/seed.ts";
import { renderEnvironment } from "../lib/render.ts";
import { GOLDEN, readTree } from "./helpers.ts";

const golden = readTree(join(GOLDEN, "seed"));
const rendered = renderEnvironment(seed).files;

test("renders exactly the golden file list", () => {
  assert.equal([...rendered.keys()].sort(), [...golden.keys()].sort());
});

for (const [path, expected] of golden) {
  test(`${path} is byte for byte the golden file`, () => {
    assert.fixture(rendered.get(path) ?? "(not rendered)", expected);
  });
}

test.run();
