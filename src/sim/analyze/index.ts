// Stage "analyze": Istio's analyzers that concern ingress (istio/istio pkg/config/analysis/analyzers),
// with Istio's codes, levels and message texts and their exact rules, blind spots included; the
// webhook validation of Gateways and VirtualServices (IST0106/IST0133/IST0130/IST0131); and Gateway Lab's
// own checks (GWL01xx) for pitfalls Istio does not report. Output is de-duplicated as istioctl does it:
// by printed text, which includes the line an analyzer points at (see Finding.distinct), so two routes to
// the same missing host are two messages while the three gateway analyzers' "selector not found" are one.
import type { Diagnostic } from '../diagnostics.ts';
import { sortDiagnostics } from '../diagnostics.ts';
import type { Snapshot } from '../cluster/snapshot.ts';
import type { AnalysisContext, AnalyzeOptions } from './context.ts';
import { analysisView, dedupeFindings } from './context.ts';
import { buildRegistry } from './hosts.ts';
import { analyzeGatewayPorts } from './gateway-port.ts';
import { analyzeGatewaySecrets } from './gateway-secret.ts';
import { analyzeConflictingGateways } from './conflicting-gateway.ts';
import { analyzeGatewayCertificates } from './gateway-certificate.ts';
import { analyzeGatewayValidation } from './gateway-validation.ts';
import { analyzeVirtualServiceGateways } from './vs-gateways.ts';
import { analyzeDestinationHosts } from './vs-destination-hosts.ts';
import { analyzeDestinationRuleSubsets } from './vs-destination-rules.ts';
import { analyzeConflictingMeshHosts } from './vs-conflicting-mesh-hosts.ts';
import { analyzeVirtualServiceValidation } from './vs-validation.ts';
import { analyzeCaCertificates } from './dr-ca-certificates.ts';
import { analyzeSubsetPods } from './dr-subset-pods.ts';
import { analyzeServiceEntryAddresses } from './se-addresses.ts';
import { analyzeConflictingServiceEntries } from './se-conflicting-protocol.ts';
import { analyzeServicePortNames } from './service-port-name.ts';
import { analyzeDeprecations } from './deprecation.ts';
import { analyzeJwtClaimRoutes } from './jwt-claim-route.ts';
import { analyzeDeploymentServices } from './deployment-services.ts';
import { analyzeSharedCertificates } from './gwl-shared-certificate.ts';
import { analyzeVirtualServicesWithoutGateways } from './gwl-vs-without-gateways.ts';
import { analyzeTlsModes } from './gwl-tls-mode.ts';
import { analyzeDestinationVisibility } from './gwl-destination-visibility.ts';
import { analyzeServiceSubsetPods } from './gwl-subset-pods.ts';
import { analyzeSecretKeys } from './gwl-secret-key.ts';

export type { AnalyzeOptions } from './context.ts';

export async function runAnalyzers(snapshot: Snapshot, options: AnalyzeOptions): Promise<Diagnostic[]> {
  const ctx: AnalysisContext = {
    snapshot: analysisView(snapshot),
    options,
    diagnostics: [],
    dedupeKeys: new Map(),
  };
  const registry = buildRegistry(ctx.snapshot);

  // Istio's analyzers
  analyzeGatewayPorts(ctx);
  await analyzeGatewaySecrets(ctx);
  analyzeConflictingGateways(ctx);
  analyzeGatewayCertificates(ctx);
  analyzeVirtualServiceGateways(ctx);
  analyzeDestinationHosts(ctx, registry);
  analyzeDestinationRuleSubsets(ctx);
  analyzeConflictingMeshHosts(ctx);
  analyzeCaCertificates(ctx);
  analyzeSubsetPods(ctx, registry);
  analyzeServiceEntryAddresses(ctx);
  analyzeConflictingServiceEntries(ctx);
  analyzeServicePortNames(ctx);
  analyzeDeprecations(ctx);
  analyzeJwtClaimRoutes(ctx);
  analyzeDeploymentServices(ctx);
  // The validating webhook, as schema.ValidationAnalyzer runs it
  analyzeGatewayValidation(ctx);
  analyzeVirtualServiceValidation(ctx);
  // Gateway Lab's own checks
  await analyzeSharedCertificates(ctx);
  analyzeVirtualServicesWithoutGateways(ctx);
  analyzeTlsModes(ctx);
  analyzeDestinationVisibility(ctx, registry);
  analyzeServiceSubsetPods(ctx, registry);
  await analyzeSecretKeys(ctx);

  return dedupeFindings(ctx, sortDiagnostics(ctx.diagnostics));
}
