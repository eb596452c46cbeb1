// A value each environment must supply (a LoadBalancer IP, a TLS secret): `base` holds a marker
// instead of a default. The environment's overlay type makes leaving it out a compile error;
// this marker makes it a run-time error naming the field too, for input TypeScript never saw.

import { fieldPath } from "./validate/findings.ts";

class RequiredValue {
  readonly why: string;
  constructor(why: string) {
    this.why = why;
    Object.freeze(this);
  }
}

/** Marks a value every environment must set; `why` says what it is, for the error message. */
export function required<T = string>(why: string): T {
  return new RequiredValue(why) as unknown as T;
}

/** Throws, naming every field still holding a `required()` marker. */
export function assertComplete<T>(values: T, what: string): T {
  const missing: string[] = [];
  const walk = (value: unknown, path: (string | number)[]): void => {
    if (value instanceof RequiredValue) missing.push(`${fieldPath(path)} (${value.why})`);
    else if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]));
    else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
    }
  };
  walk(values, []);
  if (missing.length > 0) {
    throw new Error(`${what}: required value${missing.length > 1 ? "s" : ""} not set: ${missing.join("; ")}`);
  }
  return values;
}
