// Ports of the built-in kinds, whose schemas here come from model types without ranges (the CRDs
// of Gateway API and the others carry minimum/maximum, checked by the schemas): a number must be
// 1–65535, a name an IANA service name of at most 15 characters with a letter. A quoted number
// (`targetPort: "8080"`) is a name to the API server, and no valid one.
//
// Upstream (kubernetes/kubernetes):
//   staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go (008b365): IsValidPortNum
//     :270, IsValidPortName :320;
//   pkg/apis/core/validation/validation.go: validateContainerPorts, ValidateServicePort
//     (port, targetPort via validatePortNumOrName), validateProbe handlers;
//   pkg/apis/networking/validation/validation.go: ValidateNetworkPolicyPort.

import { fieldPath, finding, type Finding } from "../findings.ts";
import type { RuleContext } from "./context.ts";
import { hasVars } from "./flux-text.ts";
import { dig, list, record, type JsonRecord } from "./read.ts";
import { groupKind, KIND, type LocatedObject } from "./tree-index.ts";

type Path = readonly (string | number)[];

/** Why a port number is invalid, if it is. */
function numberProblem(port: number): string | undefined {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? undefined : "is not a port number: 1 to 65535";
}

/** Why a port name is invalid, if it is (IsValidPortName). */
function nameProblem(name: string): string | undefined {
  if (/^\d+$/.test(name)) return "is a quoted number, which the API server reads as a port name, and a name needs a letter";
  const problems = [
    name.length > 15 ? `is ${name.length} characters, more than 15` : undefined,
    /^[-a-z0-9]+$/.test(name) ? undefined : "may hold only a-z, 0-9 and '-'",
    /[a-z]/.test(name) ? undefined : "needs a letter",
    name.includes("--") ? "must not hold '--'" : undefined,
    name.startsWith("-") || name.endsWith("-") ? "must not start or end with '-'" : undefined,
  ].filter((p) => p !== undefined);
  return problems.length === 0 ? undefined : problems.join(", ");
}

interface PortCheck {
  readonly object: LocatedObject;
  readonly findings: Finding[];
}

function report(check: PortCheck, path: Path, value: unknown, problem: string, fix: string): void {
  const rule = typeof value === "number" ? "ports/range" : "ports/name";
  check.findings.push(finding(check.object.at, rule, "error", fieldPath(path), `${JSON.stringify(value)} ${problem}: the API server rejects the object`, fix));
}

function checkNumber(check: PortCheck, path: Path, value: unknown): void {
  if (typeof value !== "number") return;
  const problem = numberProblem(value);
  if (problem !== undefined) report(check, path, value, problem, "use a port from 1 to 65535");
}

function checkName(check: PortCheck, path: Path, value: unknown): void {
  if (typeof value !== "string" || hasVars(value)) return;
  const problem = nameProblem(value);
  if (problem !== undefined) {
    report(check, path, value, problem, /^\d+$/.test(value) ? `write ${value} without quotes` : "name it with at most 15 of a-z, 0-9 and '-', with a letter");
  }
}

/** A port that may be a number or a name (targetPort, probe ports, NetworkPolicy ports). */
function checkNumberOrName(check: PortCheck, path: Path, value: unknown): void {
  if (typeof value === "number") checkNumber(check, path, value);
  else checkName(check, path, value);
}

const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"] as const;

function checkContainer(check: PortCheck, container: JsonRecord, path: Path): void {
  list(container.ports).forEach((port, i) => {
    const p = record(port);
    checkNumber(check, [...path, "ports", i, "containerPort"], p?.containerPort);
    if (p?.hostPort !== undefined && p.hostPort !== 0) checkNumber(check, [...path, "ports", i, "hostPort"], p.hostPort);
    checkName(check, [...path, "ports", i, "name"], p?.name);
  });
  for (const probe of PROBES) {
    for (const handler of ["httpGet", "tcpSocket", "grpc"] as const) {
      const port = dig(container, probe, handler, "port");
      if (port !== undefined) checkNumberOrName(check, [...path, probe, handler, "port"], port);
    }
  }
}

/** Every container list of a workload, wherever its pod template is (Deployment, CronJob, Pod …). */
function walkContainers(check: PortCheck, value: unknown, path: Path): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => walkContainers(check, item, [...path, i]));
    return;
  }
  const object = record(value);
  if (object === undefined) return;
  for (const [key, child] of Object.entries(object)) {
    if (key === "containers" || key === "initContainers" || key === "ephemeralContainers") {
      list(child).forEach((container, i) => checkContainer(check, record(container) ?? {}, [...path, key, i]));
    } else {
      walkContainers(check, child, [...path, key]);
    }
  }
}

const WORKLOAD_KINDS: ReadonlySet<string> = new Set([
  "Pod", "ReplicationController", "PodTemplate",
  ...["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"].map((kind) => groupKind("apps", kind)),
  groupKind("batch", "Job"), groupKind("batch", "CronJob"),
]);

function servicePorts(check: PortCheck): void {
  list(dig(check.object.object, "spec", "ports")).forEach((port, i) => {
    const p = record(port);
    checkNumber(check, ["spec", "ports", i, "port"], p?.port);
    if (p?.targetPort !== undefined) checkNumberOrName(check, ["spec", "ports", i, "targetPort"], p.targetPort);
    if (p?.nodePort !== undefined) checkNumber(check, ["spec", "ports", i, "nodePort"], p.nodePort);
  });
}

function networkPolicyPorts(check: PortCheck): void {
  for (const direction of ["ingress", "egress"] as const) {
    list(dig(check.object.object, "spec", direction)).forEach((rule, r) => {
      list(record(rule)?.ports).forEach((port, i) => {
        const p = record(port);
        if (p?.port !== undefined) checkNumberOrName(check, ["spec", direction, r, "ports", i, "port"], p.port);
        if (p?.endPort !== undefined) checkNumber(check, ["spec", direction, r, "ports", i, "endPort"], p.endPort);
      });
    });
  }
}

export function portRules({ index }: RuleContext): Finding[] {
  return index.documents.flatMap((object) => {
    const check: PortCheck = { object, findings: [] };
    if (object.kind === KIND.service) servicePorts(check);
    else if (object.kind === KIND.networkPolicy) networkPolicyPorts(check);
    else if (WORKLOAD_KINDS.has(object.kind)) walkContainers(check, object.object.spec, ["spec"]);
    return check.findings;
  });
}
