// Shared helpers for the analyzer tests: YAML in, diagnostics out.
import { parseConfigText } from '../../../src/sim/resources/parse.ts';
import { buildSnapshot } from '../../../src/sim/cluster/snapshot.ts';
import type { BaselineName } from '../../../src/sim/cluster/baseline.ts';
import { runAnalyzers } from '../../../src/sim/analyze/index.ts';
import type { Diagnostic } from '../../../src/sim/diagnostics.ts';

export const NOW = new Date('2026-11-23T00:00:00Z');

export async function analyzeYaml(
  yaml: string,
  opts: { baseline?: BaselineName; meshConfig?: Record<string, unknown>; now?: Date } = {},
): Promise<Diagnostic[]> {
  const parsed = parseConfigText(yaml);
  const broken = parsed.diagnostics.filter((d) => d.level === 'Error');
  if (broken.length) throw new Error(`test YAML does not parse: ${broken.map((d) => d.message).join('; ')}`);
  const { snapshot } = buildSnapshot(parsed.resources, opts.baseline ?? 'istio-default');
  return runAnalyzers(snapshot, { meshConfig: opts.meshConfig ?? {}, now: opts.now ?? NOW });
}

export function codes(ds: Diagnostic[], code: string): Diagnostic[] {
  return ds.filter((d) => d.code === code);
}

/** A YAML block scalar holding `text`, indented for a key at `indent` spaces. */
export function block(text: string, indent: number): string {
  const pad = ' '.repeat(indent + 2);
  return (
    '|\n' +
    text
      .trimEnd()
      .split('\n')
      .map((l) => pad + l)
      .join('\n')
  );
}

/** A kubernetes.io/tls Secret with the PEMs as stringData. */
export function tlsSecret(
  name: string,
  namespace: string,
  certPem: string,
  keyPem: string,
  extra: Record<string, string> = {},
): string {
  const lines = [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'type: kubernetes.io/tls',
    'stringData:',
    `  tls.crt: ${block(certPem, 2)}`,
    `  tls.key: ${block(keyPem, 2)}`,
  ];
  for (const [k, v] of Object.entries(extra)) lines.push(`  ${k}: ${block(v, 2)}`);
  return lines.join('\n');
}
