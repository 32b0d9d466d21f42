// Diagnostics: the one shape every stage uses to report a problem in the learner's YAML. It matches the
// contract's `analyze` output (code, name, level, resource, message, fix, range) so the CLI, the
// workbench markers and the lab goals all read the same objects.

export type DiagnosticLevel = 'Error' | 'Warning' | 'Info';

/** 1-based, inclusive start, exclusive end column, in the text of `file` (the contract's `config`). */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Diagnostic {
  code: string;
  name: string;
  level: DiagnosticLevel;
  /** `Kind namespace/name`, or "" when the problem is not inside a resource (a YAML syntax error). */
  resource: string;
  message: string;
  /** One sentence a learner can act on. */
  fix: string;
  range: SourceRange | null;
  /** The file the range is in ("config" for the contract's single config text). */
  file: string;
  /** Istio's message parameters, where Istio has them (IST0101: reftype, refval). */
  args?: Record<string, unknown>;
}

export function levelRank(level: DiagnosticLevel): number {
  return level === 'Error' ? 0 : level === 'Warning' ? 1 : 2;
}

/**
 * istioctl prints each message once: messages are sorted and de-duplicated by their printed text
 * (pkg/config/analysis/local/istiod_analyze.go). We key on the same parts the printed line has.
 */
export function dedupeDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    // The printed line is `Level [CODE] (Kind ns/name file:line) message`, so the location is part of it.
    const key = `${d.level}\u0000${d.code}\u0000${d.resource}\u0000${d.file}:${d.range?.line ?? ''}\u0000${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.range?.line ?? 0) - (b.range?.line ?? 0) ||
      (a.range?.column ?? 0) - (b.range?.column ?? 0) ||
      a.code.localeCompare(b.code) ||
      a.message.localeCompare(b.message),
  );
}
