// The shapes that cross the workbench's boundaries: the page → island config (JSON in the HTML), the
// learner's saved state (localStorage and share links), and the messages to and from the simulator
// worker. All plain, structured-cloneable data.
import type { Lab } from '../../labs/lab.ts';
import type { GoalResult } from '../../labs/goals.ts';
import type {
  Diagnostic,
  RequestResult,
  Scenario,
  ScenarioClient,
  ScenarioRequest,
  TraceSource,
} from '../../sim/index.ts';

export interface WorkbenchFile {
  name: string;
  content: string;
  readOnly?: boolean;
}

/** What the learner works on; autosaved and carried by share links. */
export interface WorkbenchState {
  files: WorkbenchFile[];
  /** Browser panel: URLs visited in order, one per entry. */
  browser: string[];
  /** Terminal panel: what was typed, as a shell session (one command per logical line). */
  terminal: string;
  client: ScenarioClient;
}

/** The island's configuration, written into the page at build time. */
export interface WorkbenchConfig {
  mode: 'lab' | 'playground';
  /** Storage and share-link identity: the lab id, or "playground". */
  key: string;
  lang: string;
  /** The lab (lab mode only). */
  lab: Lab | null;
  /** The lab's solution files merged over its starting files (goals.ts solutionFiles), lab mode only. */
  solution: WorkbenchFile[] | null;
  /** The starting state (a lab's files and requests, or the playground's default). */
  initial: WorkbenchState;
  /** The scenario fields other than requests and config (dns, now, files for --cacert, ...). */
  scenario: Omit<Scenario, 'config' | 'requests' | 'client'>;
  /** Kinds of the lab's requests, in order (goals refer to requests by index). */
  slots: RequestSlot[];
  /** The lab's browser requests, kept so that fields the browser panel does not show (headers) survive. */
  browserRequests: ScenarioRequest[];
  /** The UI strings the island needs, in the page's language. */
  strings: Record<string, string>;
  /** Prefix for chapter links ("" for English, "/ko" for Korean). */
  base: string;
}

export type RequestSlot = 'browser' | 'terminal';

export interface SimRequest {
  /** Which workbench on the page sent it. */
  wb: string;
  id: number;
  files: { name: string; text: string }[];
  scenario: Omit<Scenario, 'config' | 'requests'>;
  browser: string[];
  terminal: string;
  slots: RequestSlot[];
  browserRequests: ScenarioRequest[];
  lab: Lab | null;
}

export interface ProxyConfigView {
  columns: string[];
  rows: { cells: string[]; source: TraceSource | null }[];
}

/** One access log line cut into pieces; `field` marks the ones the logs tab explains. */
export interface LogSegment {
  text: string;
  field?: string;
}

export interface RequestOrigin {
  panel: RequestSlot;
  /** 1-based line in the panel's text. */
  line: number;
}

export interface SimSuccess {
  wb: string;
  id: number;
  ok: true;
  results: RequestResult[];
  /** Per scenario request index: which panel and line it came from. */
  origins: RequestOrigin[];
  diagnostics: Diagnostic[];
  proxyConfig: {
    listeners: ProxyConfigView;
    routes: ProxyConfigView;
    clusters: ProxyConfigView;
    secret: ProxyConfigView;
  };
  goals: GoalResult[] | null;
  /** Per result (same order): its access log line in pieces, or null when Envoy writes none. */
  logs: (LogSegment[] | null)[];
  /** Milliseconds the simulation took inside the worker. */
  elapsed: number;
}

export interface SimFailure {
  wb: string;
  id: number;
  ok: false;
  error: string;
}

export type SimResponse = SimSuccess | SimFailure;
