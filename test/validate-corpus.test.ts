// The real repository (onedr0p/home-ops, ../shared/corpus) validates as Flux runs it: no error,
// no warning, and exactly these findings. A change in them is a change in what fluxkit says about
// a cluster that runs as committed: review it here. Skipped without ../shared.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { FLUXKIT, REPO_ROOT } from "./helpers.ts";

const CORPUS = join(REPO_ROOT, "..", "shared", "corpus", "onedr0p-home-ops", "kubernetes");

/** `SEVERITY rule file document path` of every finding `validate --verbose` prints. */
const FINDINGS = [
  "INFO schema/unknown-kind kubernetes/apps/actions-runner-system/actions-runner-controller/runners/home-ops/networkpolicy.yaml CiliumNetworkPolicy/home-ops-runner",
  "INFO schema/unknown-kind kubernetes/apps/actions-runner-system/actions-runner-controller/runners/home-ops/rbac.yaml ServiceAccount/home-ops-runner",
  "INFO schema/unknown-kind kubernetes/apps/default/plex/app/resourceclaimtemplate.yaml ResourceClaimTemplate/plex",
  "INFO selector/no-pods kubernetes/apps/external-secrets/external-secrets/app/pdb.yaml PodDisruptionBudget/external-secrets-webhook spec.selector",
  "INFO ref/backend kubernetes/apps/flux-system/flux-instance/app/httproute.yaml HTTPRoute/github-webhook spec.rules[0].backendRefs[0].name",
  "INFO selector/no-pods kubernetes/apps/flux-system/flux-instance/app/podmonitor.yaml PodMonitor/flux-components spec.selector",
  "INFO schema/unknown-kind kubernetes/apps/kopiur-system/kopiur/repository/clusterrepository.yaml ClusterRepository/expanse",
  "INFO schema/unknown-kind kubernetes/apps/kube-system/cilium/app/networking.yaml CiliumLoadBalancerIPPool/pool",
  "INFO schema/unknown-kind kubernetes/apps/kube-system/cilium/app/networking.yaml CiliumBGPAdvertisement/l3-bgp-advertisement",
  "INFO schema/unknown-kind kubernetes/apps/kube-system/cilium/app/networking.yaml CiliumBGPPeerConfig/l3-bgp-peer-config",
  "INFO schema/unknown-kind kubernetes/apps/kube-system/cilium/app/networking.yaml CiliumBGPClusterConfig/l3-bgp-cluster-config",
  "INFO schema/unknown-kind kubernetes/apps/miroir-system/miroir/config/miroirnodegroup.yaml MiroirNodeGroup/default",
  "INFO schema/unknown-kind kubernetes/apps/miroir-system/miroir/config/storageclass.yaml StorageClass/miroir-slow-local",
  "INFO flux/unverified-var kubernetes/apps/network/cloudflare-tunnel/app/dnsendpoint.yaml DNSEndpoint/cloudflare-tunnel spec.endpoints[0].targets[0]",
  "INFO selector/no-pods kubernetes/apps/network/envoy-gateway/app/o11y.yaml PodMonitor/envoy-proxy spec.selector",
  "INFO selector/no-pods kubernetes/apps/network/envoy-gateway/app/o11y.yaml ServiceMonitor/envoy-gateway spec.selector",
  "INFO schema/unknown-kind kubernetes/apps/o11y/grafana-operator/instance/mutatingadmissionpolicy.yaml MutatingAdmissionPolicyBinding/grafana-image-mirror",
  "INFO schema/unknown-kind kubernetes/apps/o11y/grafana-operator/instance/mutatingadmissionpolicy.yaml MutatingAdmissionPolicy/grafana-image-mirror",
  "INFO selector/no-pods kubernetes/apps/o11y/grafana-operator/instance/servicemonitor.yaml ServiceMonitor/grafana spec.selector",
  "INFO schema/unknown-kind kubernetes/apps/system-upgrade/tuppr/upgrades/kubernetesupgrade.yaml KubernetesUpgrade/kubernetes",
  "INFO schema/unknown-kind kubernetes/apps/system-upgrade/tuppr/upgrades/talosupgrade.yaml TalosUpgrade/talos",
  "INFO schema/unknown-kind kubernetes/components/kopiur/backup/restore.yaml Restore/${APP}",
  "INFO schema/unknown-kind kubernetes/components/kopiur/backup/snapshotpolicy.yaml SnapshotPolicy/${APP}",
  "INFO schema/unknown-kind kubernetes/components/kopiur/backup/snapshotschedule.yaml SnapshotSchedule/${APP}",
  "INFO schema/unknown-kind kubernetes/components/zeroscaler/horizontalpodautoscaler.yaml HorizontalPodAutoscaler/${APP}",
];

const run = existsSync(CORPUS) ? spawnSync(process.execPath, [FLUXKIT, "validate", CORPUS, "--verbose"], { cwd: REPO_ROOT, encoding: "utf8" }) : undefined;
const corpusTest = run === undefined ? test.skip : test;
if (run === undefined) console.log("  (validate-corpus skipped: ../shared/corpus is absent)");

corpusTest("validate DIR on the real repository exits 0 with no error and no warning", () => {
  assert.is(run?.status, 0, run?.stderr);
  assert.not.match(run?.stdout ?? "", /^(ERROR|WARNING) /m);
  assert.match(run?.stdout ?? "", /: 369 documents, 0 errors, 0 warnings, 25 infos;/);
});

corpusTest("exactly the pinned findings: rule, file, object and field", () => {
  const printed = (run?.stdout ?? "").split("\n").flatMap((line) => {
    const match = /^(ERROR|WARNING|INFO) (\S+) \[[^\]]*\] (\S+) (\S+) ([^:]*):/.exec(line);
    return match ? [[match[1], match[2], match[3], match[4], match[5]].join(" ").trim()] : [];
  });
  assert.equal(printed, FINDINGS);
});

corpusTest("what is applied and what is skipped", () => {
  assert.match(run?.stdout ?? "", /; 417 YAML files: 312 applied, 98 kustomize build files, 7 skipped \(3 with objects no Flux Kustomization applies, 4 without Kubernetes objects\)$/m);
  // One line for the kinds without a schema, instead of a warning per document.
  assert.match(run?.stdout ?? "", /^no schema for 18 kinds, not validated: cilium\.io\/v2 CiliumNetworkPolicy \(1 document\), /m);
  assert.match(run?.stdout ?? "", /storage\.k8s\.io\/v1 StorageClass \(2 documents\)/);
});

test.run();
