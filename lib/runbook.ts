// The runbook: what the secret store must hold and how to check a deployment, derived from the
// rendered objects so that it cannot drift from them (the seed document wrote both by hand).

import { proxySelector } from "./k8s/kgateway-runtime.ts";
import type { FileTree } from "./tree.ts";
import { listeners, parentGatewayRef } from "./validate/rules/gateways.ts";
import { dig, list, record, stringMap, text } from "./validate/rules/read.ts";
import { varReferences } from "./validate/rules/substitution.ts";
import { FLUX_SOURCE_GROUP, groupKind, indexTree, KGATEWAY_API_GROUP, KIND, type LocatedObject, type TreeIndex } from "./validate/rules/tree-index.ts";

/** An item of a secret store, with each field ExternalSecrets read and the Secrets it ends up in. */
interface StoreItem {
  /** `ClusterSecretStore \`onepassword\`` */
  readonly store: string;
  readonly key: string;
  readonly fields: Map<string, Set<string>>;
}

/** What an ExternalSecret reads when it names no field: the whole item. */
const WHOLE_ITEM = "(every field)";

/** Fields Go templates read from the extracted data: `{{ .FIELD }}`, `{{ .FIELD | b64dec }}`, … */
function templateFields(templateData: unknown): string[] {
  const fields = new Set<string>();
  for (const value of Object.values(stringMap(templateData))) {
    for (const [, action = ""] of value.matchAll(/\{\{(.*?)\}\}/gs)) {
      for (const [, field = ""] of action.matchAll(/(?:^|[\s(|])\.([A-Za-z_]\w*)/g)) fields.add(field);
    }
  }
  return [...fields];
}

function storeItems(index: TreeIndex): StoreItem[] {
  const items = new Map<string, StoreItem>();
  const use = (store: string, key: string, field: string, secret: string): void => {
    const item = items.get(`${store}\0${key}`) ?? { store, key, fields: new Map<string, Set<string>>() };
    items.set(`${store}\0${key}`, item);
    item.fields.set(field, (item.fields.get(field) ?? new Set()).add(secret));
  };
  for (const external of index.ofKind(KIND.externalSecret)) {
    const spec = record(dig(external.object, "spec"));
    const storeRef = record(spec?.secretStoreRef);
    // SecretStore is external-secrets' default store kind.
    const store = `${text(storeRef?.kind) ?? "SecretStore"} \`${text(storeRef?.name) ?? ""}\``;
    const secret = text(dig(spec, "target", "name")) ?? external.name;
    for (const entry of list(spec?.data)) {
      const key = text(dig(entry, "remoteRef", "key"));
      if (key !== undefined) use(store, key, text(dig(entry, "remoteRef", "property")) ?? WHOLE_ITEM, secret);
    }
    // dataFrom.extract hands every field of the item to the template, which reads some of them
    // (besides data[]'s secretKeys); without a template, every field lands in the Secret.
    const template = record(dig(spec, "target", "template"));
    const dataKeys = new Set(list(spec?.data).map((entry) => text(record(entry)?.secretKey)));
    const fields = template === undefined ? [WHOLE_ITEM] : templateFields(template.data).filter((field) => !dataKeys.has(field));
    for (const source of list(spec?.dataFrom)) {
      const key = text(dig(source, "extract", "key"));
      if (key !== undefined) for (const field of fields) use(store, key, field, secret);
    }
  }
  return [...items.values()];
}

/** A comment line and the commands under it. */
interface Check {
  readonly title: string;
  readonly commands: readonly string[];
}

/** `flux get` subcommands and headings by Flux kind, in the order Flux reconciles them. */
const FLUX_GET: ReadonlyMap<string, readonly [string, string]> = new Map([
  [KIND.fluxKustomization, ["kustomizations", "Flux Kustomizations"]],
  [groupKind(FLUX_SOURCE_GROUP, "GitRepository"), ["sources git", "GitRepositories"]],
  [groupKind(FLUX_SOURCE_GROUP, "OCIRepository"), ["sources oci", "OCIRepositories"]],
  [groupKind(FLUX_SOURCE_GROUP, "HelmRepository"), ["sources helm", "HelmRepositories"]],
  [groupKind(FLUX_SOURCE_GROUP, "Bucket"), ["sources bucket", "Buckets"]],
  [KIND.helmRelease, ["helmreleases", "HelmReleases"]],
]);

/** Objects grouped by a key, groups and members in tree order. */
function groupBy(objects: readonly LocatedObject[], key: (object: LocatedObject) => string): LocatedObject[][] {
  const groups = new Map<string, LocatedObject[]>();
  for (const object of objects) {
    const group = groups.get(key(object));
    if (group === undefined) groups.set(key(object), [object]);
    else group.push(object);
  }
  return [...groups.values()];
}

function names(objects: readonly LocatedObject[]): string {
  return objects.map((object) => object.name).join(", ");
}

/** Flux objects live where the index says: a Kustomization's own namespace, the rest in its targetNamespace. */
function fluxChecks(index: TreeIndex): Check[] {
  return [...FLUX_GET].flatMap(([kind, [command, heading]]) =>
    groupBy(index.ofKind(kind), (object) => object.namespace).map((group) => ({
      title: `${heading}: ${names(group)}`,
      commands: [`flux get ${command} -n ${group[0]!.namespace}`],
    })),
  );
}

function podChecks(index: TreeIndex): Check[] {
  return index.ofKind(KIND.gateway).map((gateway) => ({
    title: `Proxy pods of Gateway ${gateway.name}`,
    commands: [`kubectl get pods -n ${gateway.namespace} -l ${Object.entries(proxySelector(gateway.name)).map(([k, v]) => `${k}=${v}`).join(",")}`],
  }));
}

/**
 * Every other applied kind, named `kind.group` as kubectl takes it: unambiguous where two
 * controllers install a kind of the same name (Istio's and Gateway API's Gateway).
 */
function kubectlChecks(index: TreeIndex): Check[] {
  const applied = index.objects.filter((object) => !FLUX_GET.has(object.kind) && object.kind !== KIND.kustomization);
  return groupBy(applied, (object) => `${object.kind}\0${object.namespace}`).map((group) => {
    const first = group[0]!;
    return {
      title: `${text(first.object.kind)}: ${names(group)}`,
      commands: [`kubectl get ${first.kind.toLowerCase()} -n ${first.namespace} ${group.map((object) => object.name).join(" ")}`],
    };
  });
}

/** The paths a rule matches: each match's path value, `/` without matches; regular expressions are skipped. */
function rulePaths(rule: unknown): string[] {
  const matches = list(record(rule)?.matches);
  if (matches.length === 0) return ["/"];
  return matches.flatMap((match) => {
    const path = record(dig(match, "path"));
    return text(path?.type) === "RegularExpression" ? [] : [text(path?.value) ?? "/"];
  });
}

function routesToAiBackend(rule: unknown, route: LocatedObject, index: TreeIndex): boolean {
  return list(record(rule)?.backendRefs).some((ref) => {
    const r = record(ref);
    if (text(r?.group) !== KGATEWAY_API_GROUP || text(r?.kind) !== "Backend") return false;
    const backend = index.get(KIND.backend, text(r?.namespace) ?? route.namespace, text(r?.name) ?? "");
    return text(dig(backend?.object, "spec", "type")) === "AI";
  });
}

/** A hostname clients can use: not a wildcard. */
function concrete(hostname: unknown): string | undefined {
  const host = text(hostname);
  return host?.startsWith("*") ? undefined : host;
}

const CHAT_REQUEST = `-H "content-type: application/json" -d '{"messages":[{"role":"user","content":"Hello"}]}'`;

/**
 * A `curl` per path of every HTTPRoute rule attached to an HTTPS listener. The host is the
 * route's first hostname, else the listener's, else the Gateway's external-dns target.
 */
function routeChecks(index: TreeIndex): Check[] {
  return index.ofKind(KIND.httpRoute).flatMap((route) =>
    list(dig(route.object, "spec", "parentRefs")).flatMap((ref) => {
      const target = parentGatewayRef(route, ref);
      const gateway = target && index.get(KIND.gateway, target.namespace, target.name);
      if (gateway === undefined) return [];
      const section = text(record(ref)?.sectionName);
      return listeners(gateway)
        .filter((listener) => text(listener.protocol) === "HTTPS" && (section === undefined || text(listener.name) === section))
        .flatMap((listener) => {
          const host = concrete(list(dig(route.object, "spec", "hostnames"))[0]) ?? concrete(listener.hostname)
            ?? stringMap(dig(gateway.object, "metadata", "annotations"))["external-dns.alpha.kubernetes.io/target"];
          if (host === undefined) return [];
          const origin = `https://${host}${listener.port === 443 ? "" : `:${String(listener.port)}`}`;
          const commands = list(dig(route.object, "spec", "rules")).flatMap((rule) =>
            rulePaths(rule).map((path) => `curl -sS "${origin}${path}"${routesToAiBackend(rule, route, index) ? ` \\\n  ${CHAT_REQUEST}` : ""}`),
          );
          return [{ title: `HTTPRoute ${route.name} through Gateway ${gateway.name}, listener ${text(listener.name)}`, commands }];
        });
    }),
  );
}

function itemLines(items: readonly StoreItem[]): string[] {
  if (items.length === 0) return ["No ExternalSecrets: nothing to create."];
  const lines = ["The ExternalSecrets read these fields; create them before the first deploy."];
  for (const store of new Set(items.map((item) => item.store))) {
    lines.push("", `### ${store}`, "");
    for (const item of items.filter((i) => i.store === store)) {
      lines.push(`- Item \`${item.key}\``);
      for (const [field, secrets] of item.fields) {
        lines.push(`  - ${field === WHOLE_ITEM ? field : `\`${field}\``}: for Secret${secrets.size > 1 ? "s" : ""} ${[...secrets].map((s) => `\`${s}\``).join(", ")}`);
      }
    }
  }
  return lines;
}

/** The runbook of an environment as Markdown, from its finished tree (resolved or not). */
export function runbook(env: string, tree: FileTree): string {
  const index = indexTree(env, tree);
  const routes = routeChecks(index);
  const variables = [...new Set(routes.flatMap((check) => check.commands.flatMap((command) =>
    varReferences(command).flatMap((ref) => (ref.escaped || ref.name === undefined ? [] : [ref.name])))))];
  const checks = [...fluxChecks(index), ...podChecks(index), ...kubectlChecks(index), ...routes];
  return [
    `# Runbook: ${env}`,
    "",
    `Derived from the rendered objects by \`npm run runbook -- --env ${env}\`: regenerate it rather than edit it.`,
    "",
    "## Secret store items",
    "",
    ...itemLines(storeItems(index)),
    "",
    "## Deployment verification",
    "",
    ...(variables.length > 0
      ? [`The hostnames hold Flux variables (${variables.map((name) => `\`${name}\``).join(", ")}): export them first, or pass \`--resolve VARS_FILE\`.`, ""]
      : []),
    "```bash",
    checks.map((check) => [`# ${check.title}`, ...check.commands].join("\n")).join("\n\n"),
    "```",
    "",
  ].join("\n");
}
