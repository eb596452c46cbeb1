// Durations the controllers parse with Go's time.ParseDuration. The Flux CRDs pattern theirs
// (`^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$`), so the schema check rejects `1d` there, after Flux's
// substitution; what no schema says is checked here:
// - fields typed metav1.Duration without a pattern (External Secrets' refreshInterval,
//   cert-manager's duration and renewBefore): the API server stores `1d`, then the controller
//   cannot decode the object and never acts on it (apimachinery pkg/apis/meta/v1/duration.go
//   Duration.UnmarshalJSON calls time.ParseDuration; the CRDs' descriptions say "Golang Duration
//   strings" and "units accepted by Go time.ParseDuration");
// - a Flux `interval` of zero: valid syntax, but the controllers requeue with
//   `ctrl.Result{RequeueAfter: obj.GetRequeueAfter()}` (fluxcd/kustomize-controller
//   internal/controller/kustomization_controller.go, helm-controller
//   internal/controller/helmrelease_controller.go), and controller-runtime does not requeue after
//   0: the object is reconciled only when something else changes.
// A value is checked as Flux writes it: `${VAR:=1h}` as `1h`; `${VAR}` without a default never fails.

import { finding, type Finding } from "../findings.ts";
import type { RuleContext } from "./context.ts";
import { withDefaults } from "./flux-text.ts";
import { dig, text } from "./read.ts";
import { groupKind, type LocatedObject } from "./tree-index.ts";

/**
 * Go's time.ParseDuration (src/time/format.go): an optional sign, then one or more decimal
 * numbers each with a unit, or a bare 0.
 */
const GO_DURATION = /^[-+]?(0|((\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;

/** metav1.Duration fields whose CRD has no pattern, by kind. */
const GO_DURATION_FIELDS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  [groupKind("external-secrets.io", "ExternalSecret")]: [["spec", "refreshInterval"]],
  [groupKind("external-secrets.io", "ClusterExternalSecret")]: [["spec", "refreshTime"], ["spec", "externalSecretSpec", "refreshInterval"]],
  [groupKind("external-secrets.io", "PushSecret")]: [["spec", "refreshInterval"]],
  [groupKind("cert-manager.io", "Certificate")]: [["spec", "duration"], ["spec", "renewBefore"]],
};

/** Flux kinds that requeue after spec.interval. */
const FLUX_INTERVAL_KINDS: ReadonlySet<string> = new Set([
  groupKind("kustomize.toolkit.fluxcd.io", "Kustomization"),
  groupKind("helm.toolkit.fluxcd.io", "HelmRelease"),
  ...["GitRepository", "OCIRepository", "HelmRepository", "HelmChart", "Bucket"].map((kind) => groupKind("source.toolkit.fluxcd.io", kind)),
]);

/** Whether a valid Go duration is zero: no non-zero digit anywhere (`0s`, `0h0m`, `0.0s`). */
function isZero(duration: string): boolean {
  return !/[1-9]/.test(duration);
}

function goDurationFindings(object: LocatedObject): Finding[] {
  return (GO_DURATION_FIELDS[object.kind] ?? []).flatMap((path) => {
    const written = text(dig(object.object, ...path));
    const value = written === undefined ? undefined : withDefaults(written);
    if (value === undefined || GO_DURATION.test(value)) return [];
    const days = /^(\d+)d$/.exec(value);
    return [finding(object.at, "duration/syntax", "error", path.join("."),
      `"${value}" is no Go duration (units ns, us, ms, s, m, h; no d or w): the API server stores it, then the controller cannot read the object and never acts on it`,
      days ? `write ${Number(days[1]) * 24}h` : "write it as e.g. 1h30m, 90s or 2160h")];
  });
}

function zeroIntervalFindings(object: LocatedObject): Finding[] {
  if (!FLUX_INTERVAL_KINDS.has(object.kind)) return [];
  const written = text(dig(object.object, "spec", "interval"));
  const value = written === undefined ? undefined : withDefaults(written);
  if (value === undefined || !GO_DURATION.test(value) || !isZero(value)) return [];
  return [finding(object.at, "duration/zero-interval", "warning", "spec.interval",
    `interval "${value}" is zero: Flux does not requeue after 0, so ${object.at.document} is reconciled only when its source or spec changes`,
    "set the interval at which drift is corrected, e.g. 1h")];
}

export function durationRules({ index }: RuleContext): Finding[] {
  return index.documents.flatMap((object) => [...goDurationFindings(object), ...zeroIntervalFindings(object)]);
}
