// Strings as Flux will substitute them, for rules that check syntax: a `${VAR}` is never failed
// by itself, only the text around it or the default it falls back to.

import { varReferences } from "./substitution.ts";

/**
 * The string with every `${VAR}` replaced by `placeholder`, for syntax checks: a variable is
 * never failed by itself, only the text around it (`${APP}_db` is no DNS name whatever APP is).
 */
export function withPlaceholders(value: string, placeholder: string): string {
  let out = "";
  let at = 0;
  for (const ref of varReferences(value)) {
    out += value.slice(at, ref.index) + (ref.escaped ? ref.text.slice(1) : placeholder);
    at = ref.index + ref.text.length;
  }
  return out + value.slice(at);
}

/**
 * The string as Flux writes it when every variable falls back to its default, or undefined when
 * a variable has none (its value is unknown until Flux substitutes it).
 */
export function withDefaults(value: string): string | undefined {
  let out = "";
  let at = 0;
  for (const ref of varReferences(value)) {
    if (!ref.escaped && ref.fallback === undefined) return undefined;
    out += value.slice(at, ref.index) + (ref.escaped ? ref.text.slice(1) : ref.fallback);
    at = ref.index + ref.text.length;
  }
  return out + value.slice(at);
}

export function hasVars(value: string): boolean {
  return varReferences(value).some((ref) => !ref.escaped);
}
