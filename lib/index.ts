// The public API: everything an app repository needs, from one entry point.

// Documents, trees and environments
export { document, documentName, type Document, type DocumentOptions, type KubeObject, type ObjectMeta } from "./document.ts";
export { checkTreePath, editorSchemaTemplates, editorSchemaUrl, fileTree, joinTrees, mountTree, verbatimFile, withEditorSchemas, withKustomizations, withPathHeaders, yamlFile, TreePathError, type EditorSchemaUrl, type FileTree, type TreeFile } from "./tree.ts";
export { defineEnvironment, type Environment } from "./environment.ts";
export { defineConfig, type FluxkitConfig } from "./config.ts";
export type { JsonObject, JsonValue } from "./json.ts";

// Composition
export { append, byKey, merge, mergeOverlays, remove, replace, type Overlay } from "./merge.ts";
export { applyPatches, patchObject, putFile, removeFile, removeObject, renameFile, replaceObject, restyleObject, type ObjectSelector, type TreePatch } from "./patch.ts";
export { assertComplete, required } from "./required.ts";

// Builders
export { builderFor, untypedObject, type Builder } from "./k8s/builder.ts";
export { configMap, namespace, persistentVolumeClaim, secret, service, serviceAccount, type IConfigMap, type INamespace, type IPersistentVolumeClaim, type ISecret, type IService, type IServiceAccount } from "./k8s/core.ts";
export { cronJob, daemonSet, deployment, job, statefulSet, type ICronJob, type IDaemonSet, type IDeployment, type IJob, type IStatefulSet } from "./k8s/workloads.ts";
export { clusterRole, clusterRoleBinding, role, roleBinding, type IClusterRole, type IClusterRoleBinding, type IRole, type IRoleBinding } from "./k8s/rbac.ts";
export { alert, APP_KUSTOMIZATION_STYLE, fluxKustomization, fluxPath, gitRepository, helmRelease, helmRepository, ociRepository, ociRepositoryV1beta2, provider, receiver, type HelmReleaseData, type IAlert, type IGitRepository, type IHelmRelease, type IHelmReleaseOf, type IHelmRepository, type IKustomization, type IOCIRepository, type IOCIRepositoryV1beta2, type IProvider, type IReceiver } from "./k8s/flux.ts";
export { gateway, gatewayClass, grpcRoute, httpRoute, referenceGrant, referenceGrantV1beta1, tcpRoute, tlsRoute, type IGateway, type IGatewayClass, type IGRPCRoute, type IHTTPRoute, type IReferenceGrant, type IReferenceGrantV1beta1, type ITCPRoute, type ITLSRoute } from "./k8s/gateway.ts";
export { backend, backendRef, gatewayParameters, secretRefAuthToken, trafficPolicy, type IBackend, type IGatewayParameters, type ITrafficPolicy } from "./k8s/kgateway.ts";
export { kustomizeKustomization, type IKustomizeKustomization } from "./k8s/kustomize.ts";
export { podMonitor, probe, prometheusRule, scrapeConfig, serviceMonitor, type IPodMonitor, type IProbe, type IPrometheusRule, type IScrapeConfig, type IServiceMonitor } from "./k8s/monitoring.ts";
export { networkPolicy, podDisruptionBudget, type INetworkPolicy, type IPodDisruptionBudget } from "./k8s/network.ts";
export { clusterExternalSecret, clusterSecretStore, externalSecret, pushSecret, secretStore, type IClusterExternalSecret, type IClusterSecretStore, type IExternalSecret, type IPushSecret, type ISecretStore } from "./k8s/secrets.ts";
export { certificate, clusterIssuer, issuer, type ICertificate, type IClusterIssuer, type IIssuer } from "./k8s/cert-manager.ts";
export type { AppTemplateContainer, AppTemplateContainerImage, AppTemplateContainerProbe, AppTemplateController, AppTemplateIngress, AppTemplatePersistence, AppTemplatePodOptions, AppTemplateRoute, AppTemplateService, AppTemplateServicePort, AppTemplateValues, FluxVariable } from "./models/app-template/values.ts";

// Apps
export * from "./apps/agentgateway/index.ts";

// Formatting
export { emitDocument, emitFile, type EmitDocument, type EmitFile } from "./yaml/emit.ts";
export type { NodeStyle, Style } from "./yaml/style.ts";

// Rendering, validation, output
export { blockingErrors, emitTree, finishTree, renderEnvironment, type RenderedEnvironment } from "./render.ts";
export { countBySeverity, defaultSchemas, formatFinding, validateTree, type Finding, type Severity, type ValidationOptions, type ValidationReport } from "./validate/index.ts";
export { checkOutput, planOutput, writeOutput, type OutputCheck } from "./output.ts";
export { renderCommand, runbookCommand, validateCommand, type CommandContext } from "./render-cli.ts";
export { parseVarsFile, resolveTree, VarsFileError, type SourceValues } from "./substitute.ts";
export { runbook } from "./runbook.ts";
export type { WritePlan } from "./write.ts";
export type { KgatewayChartValues } from "./models/kgateway/chart-values.ts";
