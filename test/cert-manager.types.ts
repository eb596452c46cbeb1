// Compile-time checks (tsc, not run): the cert-manager builders' generated interfaces have no
// index signatures, so a misspelt or unknown field is an error.

import { certificate, clusterIssuer } from "../lib/k8s/cert-manager.ts";

certificate({ metadata: { name: "ok" }, spec: { secretName: "tls", issuerRef: { name: "le" }, dnsNames: ["example.com"] } });

// @ts-expect-error: secretNam is not a Certificate field
certificate({ metadata: { name: "typo" }, spec: { secretNam: "tls", issuerRef: { name: "le" } } });

// @ts-expect-error: privateKey.algorithm is an enum
certificate({ spec: { secretName: "tls", issuerRef: { name: "le" }, privateKey: { algorithm: "DSA" } } });

// @ts-expect-error: issuerRef is required
certificate({ spec: { secretName: "tls" } });

clusterIssuer({ metadata: { name: "le" }, spec: { acme: { server: "https://acme-v02.api.letsencrypt.org/directory", privateKeySecretRef: { name: "le" }, solvers: [{ dns01: { cloudflare: { apiTokenSecretRef: { name: "cf", key: "token" } } } }] } } });

// @ts-expect-error: unknown field under a solver
clusterIssuer({ spec: { acme: { server: "x", privateKeySecretRef: { name: "le" }, solvers: [{ dns01: { cloudflar: {} } }] } } });
