// One builder per kind, typed by its @kubernetes-models interface: the builder stamps apiVersion
// and kind and returns plain data beside its style. Builders import the model packages for types
// only: loading a model class loads its compiled validator, and validation loads those itself
// (lib/validate/model-validate.ts), so a render that builds never pays for them twice.

import type { ModelData } from "@kubernetes-models/base";
import { document, type Document, type DocumentOptions, type KubeObject } from "../document.ts";

export type Builder<T extends KubeObject> = (data: ModelData<T>, options?: DocumentOptions) => Document<T>;

/** A builder for the kind `apiVersion`/`kind`, whose shape the interface `T` describes. */
export function builderFor<T extends KubeObject>(apiVersion: T["apiVersion"], kind: T["kind"]): Builder<T> {
  // apiVersion and kind first, then the data in the order it was written: the order the YAML
  // will have. Undefined fields are dropped, as the models' toJSON() does.
  return (data, options) => document(definedOnly({ apiVersion, kind, ...data }) as T, options);
}

/** A copy without undefined fields, at every depth. */
function definedOnly(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(definedOnly);
  if (value === null || typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) copy[key] = definedOnly(item);
  return copy;
}

/**
 * The escape hatch, like cdk8s' ApiObject: an object no model types. Use it for shapes the
 * models reject (the seed's as-found mistakes) or kinds without a model. Validation reports every
 * document built this way, so each use stays visible.
 */
export function untypedObject(object: KubeObject & Record<string, unknown>, options: DocumentOptions = {}): Document {
  return { ...document(object, options), untyped: true };
}
