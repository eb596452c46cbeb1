// JSON-shaped data: what a Kubernetes object, a Helm values tree or a parsed YAML file can hold.

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}
