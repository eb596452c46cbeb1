// One builder per kind, made from its @kubernetes-models class: the class supplies apiVersion,
// kind and the typed shape; the builder returns plain data beside its style. Builder modules
// import each kind from its own module: a package index loads every kind of the group, and
// their validators cost startup time on every render.

import type { ModelData } from "@kubernetes-models/base";
import { document, type Document, type DocumentOptions, type KubeObject } from "../document.ts";

interface ModelClass<T> {
  new (data: ModelData<T>): { toJSON(): unknown };
}

export type Builder<T extends KubeObject> = (data: ModelData<T>, options?: DocumentOptions) => Document<T>;

/** A builder for the kind that `Model` describes. */
export function builderFor<T extends KubeObject>(Model: ModelClass<T>): Builder<T> {
  // toJSON() drops undefined fields and yields apiVersion and kind first, then the data in the
  // order it was written: the order the YAML will have.
  return (data, options) => document(new Model(data).toJSON() as T, options);
}

/**
 * The escape hatch, like cdk8s' ApiObject: an object no model types. Use it for shapes the
 * models reject (the seed's as-found mistakes) or kinds without a model. Validation reports every
 * document built this way, so each use stays visible.
 */
export function untypedObject(object: KubeObject & Record<string, unknown>, options: DocumentOptions = {}): Document {
  return { ...document(object, options), untyped: true };
}
