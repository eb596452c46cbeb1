// What the clusters' shared Flux setup provides to every app: the variables in the
// `cluster-secrets` Secret that `postBuild.substituteFrom` reads.

export const clusterSubstitutions = { "Secret/cluster-secrets": ["SECRET_DOMAIN"] } as const;
