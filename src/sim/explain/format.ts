// Plain-text renderings of diagnostics and results: the CLI prints them and chapters embed them
// (generated at build time from the simulator, never typed by hand).
import type { Diagnostic } from '../diagnostics.ts';
import type { RequestResult } from '../traffic/types.ts';

/** istioctl's form: `Level [CODE] (Kind ns/name file:line) message`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = [d.resource, d.range && d.file !== 'baseline' ? `${d.file}:${d.range.line}` : '']
    .filter(Boolean)
    .join(' ');
  return `${d.level} [${d.code}]${where ? ` (${where})` : ''} ${d.message}`;
}

/** The outcome line and the step-by-step trace. */
export function formatResult(r: RequestResult): string {
  const lines: string[] = [];
  const outcome = r.clientError?.message
    ? // Messages curl prints whole ("curl: option --foo: is unknown") already carry their prefix.
      `${r.clientError.curlExitCode !== null && !r.clientError.message.startsWith('curl:') ? `curl: (${r.clientError.curlExitCode}) ` : ''}${r.clientError.message}`
    : r.status !== null
      ? `HTTP ${r.status}${r.responseFlags !== '-' ? ` (${r.responseFlags})` : ''}${r.backend ? ` ${r.responseFlags === '-' || r.responseFlags === 'DI' ? 'from' : 'for'} ${r.backend.service}${r.backend.subset ? ` subset ${r.backend.subset}` : ''}` : ''}${r.location ? ` → ${r.location}` : ''}`
      : r.tcpResult
        ? `TCP ${r.tcpResult}${r.backend ? ` to ${r.backend.service}` : ''}`
        : (r.error ?? 'no response');
  lines.push(`▶ ${r.label}`);
  lines.push(
    `  ${outcome}${r.connection ? `  [connection ${r.connection.id}${r.connection.reused ? ', reused' : ''}]` : ''}`,
  );
  for (const t of r.trace) {
    const mark = t.outcome === 'matched' ? '✓' : t.outcome === 'failed' ? '✗' : '·';
    const at = t.source?.line
      ? ` (${t.source.resource}${t.source.file ? ` ${t.source.file}:${t.source.line}` : ''})`
      : '';
    lines.push(`  ${mark} ${t.stage}: ${t.text}${at}`);
    for (const n of t.nearMisses ?? []) lines.push(`      near miss: ${n}`);
  }
  return lines.join('\n');
}
