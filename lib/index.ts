// The public API: everything an app repository needs, from one entry point.

// Documents, trees and environments
export { document, documentName, type Document, type DocumentOptions, type KubeObject, type ObjectMeta } from "./document.ts";
export { checkTreePath, editorSchemaUrl, fileTree, joinTrees, mountTree, withEditorSchemas, withKustomizations, withPathHeaders, TreePathError, type EditorSchemaUrl, type FileTree, type TreeFile } from "./tree.ts";
export { defineEnvironment, type Environment } from "./environment.ts";
export type { JsonObject, JsonValue } from "./json.ts";

// Composition
export { append, byKey, merge, mergeOverlays, remove, replace, type Overlay } from "./merge.ts";
export { applyPatches, patchObject, putFile, removeFile, removeObject, renameFile, replaceObject, restyleObject, type ObjectSelector, type TreePatch } from "./patch.ts";
export { assertComplete, required } from "./required.ts";

// Builders
export { builderFor, untypedObject, type Builder } from "./k8s/builder.ts";
export { APP_KUSTOMIZATION_STYLE, fluxKustomization, fluxPath, helmRelease, ociRepository, type IHelmRelease, type IKustomization, type IOCIRepository } from "./k8s/flux.ts";
export { gateway, httpRoute, type IGateway, type IHTTPRoute } from "./k8s/gateway.ts";
export { backend, backendRef, gatewayParameters, secretRefAuthToken, trafficPolicy, type IBackend, type IGatewayParameters, type ITrafficPolicy } from "./k8s/kgateway.ts";
export { kustomizeKustomization, type IKustomizeKustomization } from "./k8s/kustomize.ts";
export { podMonitor, serviceMonitor, type IPodMonitor, type IServiceMonitor } from "./k8s/monitoring.ts";
export { networkPolicy, podDisruptionBudget, type INetworkPolicy, type IPodDisruptionBudget } from "./k8s/network.ts";
export { externalSecret, type IExternalSecret } from "./k8s/secrets.ts";

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
