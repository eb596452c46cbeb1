// The CEL environment for x-kubernetes-validations rules: standard CEL and the strings extension
// from @bufbuild/cel, plus the pieces of Kubernetes' own CEL libraries that the CRD rules we
// validate call. Rules that call anything else are counted as unevaluated by cel.ts.

import { celEnv, celFunc, celMethod, CelScalar, type CelEnv } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import { compilePattern } from "./pattern.ts";

/** Message prefix of errors that mean "we cannot evaluate this", never "the value is wrong". */
export const UNEVALUABLE = "unevaluable: ";

function regex(pattern: string): RegExp {
  const compiled = compilePattern(pattern);
  if (compiled === null) throw new Error(`${UNEVALUABLE}regex ${JSON.stringify(pattern)} does not compile in JS`);
  return compiled;
}

// Kubernetes quantities ("500m", "4Gi", "1e3"). The library's quantity type only reaches the
// comparison methods below in rules the API server type-checked, so a double stands in for it:
// exact for every quantity up to 2^53, which covers the bounds CRDs compare against.
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const SUFFIX: Readonly<Record<string, number>> = {
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
  n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
};

export function parseQuantity(text: string): number {
  const match = QUANTITY.exec(text);
  if (match === null) throw new Error(`quantities must match the regular expression '${QUANTITY.source}'`);
  const [, number, suffix] = match;
  const scale = suffix === undefined ? 1 : (SUFFIX[suffix] ?? 10 ** Number(suffix.slice(1)));
  return Number(number) * scale;
}

const kubernetesFuncs = [
  // Kubernetes rules call matches() as a function too; standard CEL only has the method.
  celFunc("matches", [CelScalar.STRING, CelScalar.STRING], CelScalar.BOOL, (text, pattern) => regex(pattern).test(text)),
  celFunc("quantity", [CelScalar.STRING], CelScalar.DOUBLE, parseQuantity),
  celMethod("isGreaterThan", CelScalar.DOUBLE, [CelScalar.DOUBLE], CelScalar.BOOL, function (other) {
    return this > other;
  }),
  celMethod("isLessThan", CelScalar.DOUBLE, [CelScalar.DOUBLE], CelScalar.BOOL, function (other) {
    return this < other;
  }),
];

export const kubernetesCelEnv: CelEnv = celEnv({
  funcs: [...strings, ...kubernetesFuncs],
  // The built-in engine compiles the regex on every call; ours compiles each pattern once.
  re2: { compile: regex },
});

/** Whether a function or method of this name exists in the environment (any overload). */
export function isKnownFunction(name: string): boolean {
  return kubernetesCelEnv.funcs.find(name) !== undefined;
}
