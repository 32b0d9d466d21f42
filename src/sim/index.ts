// Gateway Lab's simulator: Istio gateway config in, Envoy config and explained request outcomes out.
// Pure TypeScript: runs in a Web Worker, in Node (CLI, tests) and in the page alike.
export { simulate, analyzeScenario, prepare } from './simulate.ts';
export type { SimulationOutput, Prepared } from './simulate.ts';
export { validateScenario, isUrlRequest, isCommandRequest } from './scenario.ts';
export type { Scenario, ScenarioRequest, UrlRequest, CommandRequest, ScenarioClient } from './scenario.ts';
export { parseConfigText, parseConfigFiles } from './resources/parse.ts';
export type { Resource, ConfigFile, FieldPath } from './resources/types.ts';
export { buildSnapshot } from './cluster/snapshot.ts';
export type { Snapshot } from './cluster/snapshot.ts';
export { compileGateway } from './compile/index.ts';
export { resolveGatewayProxy } from './compile/proxy.ts';
export type * from './compile/types.ts';
export { simulateRaw } from './traffic/raw.ts';
export type {
  RequestResult,
  RawRequest,
  TraceStep,
  TraceSource,
  SimError,
  Backend,
} from './traffic/types.ts';
export type { Diagnostic, DiagnosticLevel, SourceRange } from './diagnostics.ts';
export { allCodes, codeInfo } from './codes.ts';
export type { CodeInfo } from './codes.ts';
export { formatAccessLog, ACCESS_LOG_FIELDS } from './explain/access-log.ts';
