// Stage 1, parse: YAML text → Resources with source ranges, plus diagnostics for what could not be read.
// Like eemeli/yaml itself, every node keeps its range and a LineCounter turns offsets into line/column.
import { LineCounter, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Node as YamlNode, Document } from 'yaml';
import type { Diagnostic, SourceRange } from '../diagnostics.ts';
import { CLUSTER_SCOPED_KINDS, KNOWN_KINDS, ISTIO_NETWORKING_VERSIONS, pathKey } from './types.ts';
import type { ConfigFile, FieldPath, Resource } from './types.ts';
import { codeInfo } from '../codes.ts';

export interface ParseResult {
  resources: Resource[];
  diagnostics: Diagnostic[];
}

/** Parse every file; never throws. Empty documents are skipped; `kind: List` is unpacked. */
export function parseConfigFiles(files: ConfigFile[]): ParseResult {
  const resources: Resource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const r = parseConfigText(file.text, file.name);
    resources.push(...r.resources);
    diagnostics.push(...r.diagnostics);
  }
  return { resources, diagnostics };
}

export function parseConfigText(text: string, file = 'config'): ParseResult {
  const resources: Resource[] = [];
  const diagnostics: Diagnostic[] = [];
  // Line starts of the whole text, so ranges are in the file's own coordinates.
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
  // Each `---` chunk is parsed on its own: a document marker at column 0 always ends the previous
  // document in YAML (even a block scalar), so this gives the same documents as one parse of the whole
  // stream, at linear cost on large configs (one long stream keeps every node alive until the end).
  const docs: { doc: Document.Parsed; offset: number }[] = [];
  try {
    for (const chunk of splitDocuments(text)) {
      for (const doc of parseAllDocuments(chunk.text, {
        prettyErrors: false,
        uniqueKeys: true,
      }) as Document.Parsed[]) {
        docs.push({ doc, offset: chunk.start });
      }
    }
  } catch (e) {
    diagnostics.push(diag('GWL0001', file, null, '', `YAML could not be read: ${errorText(e)}`));
    return { resources, diagnostics };
  }
  let offset = 0;
  const toRange = (start: number, end: number): SourceRange => {
    const a = lineCounter.linePos(start + offset);
    const b = lineCounter.linePos(Math.max(start, end) + offset);
    return {
      line: Math.max(1, a.line),
      column: Math.max(1, a.col),
      endLine: Math.max(1, b.line),
      endColumn: Math.max(1, b.col),
    };
  };

  docs.forEach(({ doc, offset: docOffset }, docIndex) => {
    offset = docOffset;
    let broken = false;
    for (const err of doc.errors) {
      broken = true;
      const [start, end] = err.pos;
      diagnostics.push(
        diag('GWL0001', file, toRange(start, end), '', `YAML syntax error: ${firstLine(err.message)}`),
      );
    }
    // A document with syntax errors is not applied (kubectl would refuse the whole file); we still
    // read the other documents so the rest of the lab keeps working.
    if (broken) return;
    const contents = doc.contents as YamlNode | null;
    if (contents == null) return; // empty document ("---" followed by "---")
    if (isScalar(contents) && (contents.value === null || contents.value === '')) return;
    // One walk gives the plain value and every field's range; YAML with anchors, aliases or merge keys
    // (rare in Kubernetes manifests) goes through the library's own toJS instead.
    const walkedRanges: Record<string, SourceRange> = {};
    let value: unknown;
    try {
      value = walk(contents, '', walkedRanges, toRange);
    } catch (e) {
      if (e !== FALLBACK) throw e;
      value = FALLBACK;
    }
    try {
      if (value === FALLBACK) value = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      diagnostics.push(
        diag('GWL0001', file, nodeRange(contents, toRange), '', `YAML could not be read: ${errorText(e)}`),
      );
      return;
    }
    const docRange = nodeRange(contents, toRange) ?? toRange(0, 0);
    if (!isPlainObject(value)) {
      diagnostics.push(
        diag(
          'GWL0004',
          file,
          docRange,
          '',
          'This document is not a Kubernetes object (a mapping with apiVersion, kind and metadata).',
        ),
      );
      return;
    }
    if (value.kind === 'List' && Array.isArray(value.items)) {
      const itemsNode = isMap(contents) ? contents.get('items', true) : null;
      (value.items as unknown[]).forEach((item, i) => {
        const itemNode = isSeq(itemsNode) ? (itemsNode.items[i] as YamlNode | undefined) : undefined;
        const range = (itemNode && nodeRange(itemNode, toRange)) ?? docRange;
        const fieldRanges: Record<string, SourceRange> = {};
        if (itemNode) collectRanges(itemNode, [], fieldRanges, toRange);
        addObject(item, `${file}#${docIndex}.${i}`, range, fieldRanges);
      });
      return;
    }
    let fieldRanges = walkedRanges;
    if (!Object.keys(walkedRanges).length) {
      fieldRanges = {};
      collectRanges(contents, [], fieldRanges, toRange);
    }
    addObject(value, `${file}#${docIndex}`, docRange, fieldRanges);
  });

  function addObject(
    value: unknown,
    id: string,
    range: SourceRange,
    fieldRanges: Record<string, SourceRange>,
  ) {
    if (!isPlainObject(value)) {
      diagnostics.push(diag('GWL0004', file, range, '', 'This list item is not a Kubernetes object.'));
      return;
    }
    const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : '';
    const kind = typeof value.kind === 'string' ? value.kind : '';
    const at = (p: FieldPath) => fieldRanges[pathKey(p)] ?? range;
    if (!apiVersion || !kind) {
      const missing = [!apiVersion && 'apiVersion', !kind && 'kind'].filter(Boolean).join(' and ');
      diagnostics.push(
        diag('GWL0004', file, range, '', `This object has no ${missing}, so it cannot be applied.`),
      );
      return;
    }
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    const metadata = isPlainObject(value.metadata) ? value.metadata : {};
    const name = typeof metadata.name === 'string' ? metadata.name : '';
    const rawNs = metadata.namespace;
    const clusterScoped = CLUSTER_SCOPED_KINDS.has(kind);
    const namespace = clusterScoped ? '' : typeof rawNs === 'string' && rawNs ? rawNs : 'default';
    const ref = clusterScoped
      ? `${kind} ${name || '<unnamed>'}`
      : `${kind} ${namespace}/${name || '<unnamed>'}`;
    if (!name) {
      diagnostics.push(
        diag(
          'GWL0003',
          file,
          at(['metadata']),
          ref,
          `${kind} has no metadata.name; the API server would reject it, so it is ignored.`,
        ),
      );
      return;
    }
    const known = KNOWN_KINDS[group]?.includes(kind) ?? false;
    if (!known) {
      diagnostics.push(
        diag(
          'GWL0002',
          file,
          at(['kind']),
          ref,
          `${kind} (${apiVersion}) is not simulated: it is kept, but it has no effect on the gateway here.`,
        ),
      );
    } else if (group === 'networking.istio.io' && !ISTIO_NETWORKING_VERSIONS.includes(version)) {
      diagnostics.push(
        diag(
          'GWL0005',
          file,
          at(['apiVersion']),
          ref,
          `${apiVersion} is not a served version of ${kind}; use networking.istio.io/v1 (v1beta1 and v1alpha3 also work).`,
        ),
      );
    }
    resources.push({
      id,
      apiVersion,
      group,
      version,
      kind,
      name,
      namespace,
      namespaceDefaulted: !clusterScoped && !(typeof rawNs === 'string' && rawNs),
      labels: stringMap(metadata.labels),
      annotations: stringMap(metadata.annotations),
      creationTimestamp: timestampText(metadata.creationTimestamp),
      object: value,
      file,
      range,
      fieldRanges,
      synthetic: false,
    });
  }

  return { resources, diagnostics };
}

/** Split a YAML stream at `---` lines (document markers at column 0), keeping each chunk's offset. */
export function splitDocuments(text: string): { start: number; text: string }[] {
  const out: { start: number; text: string }[] = [];
  const marker = /^---(?=[ \t]|\r?$)/gm;
  let start = 0;
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    if (m.index > start) out.push({ start, text: text.slice(start, m.index) });
    start = m.index;
    marker.lastIndex = m.index + 3;
  }
  out.push({ start, text: text.slice(start) });
  return out;
}

const FALLBACK = Symbol('fallback to toJS');

/**
 * The plain value of a node, recording the range of every field on the way (keys as `pathKey` builds
 * them: `spec.servers[0].port`). Throws FALLBACK for what needs the library's full conversion.
 */
function walk(
  node: YamlNode | null,
  path: string,
  out: Record<string, SourceRange>,
  toRange: (a: number, b: number) => SourceRange,
): unknown {
  if (node === null || node === undefined) return null;
  if (isScalar(node)) return node.value;
  if (isMap(node)) {
    const obj: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = pair.key as YamlNode | null;
      if (!isScalar(key) || key.value === '<<') throw FALLBACK;
      const keyText = String(key.value);
      const value = pair.value as YamlNode | null;
      const childPath = path ? `${path}.${keyText}` : keyText;
      const start = key.range?.[0] ?? 0;
      const end = value?.range?.[1] ?? key.range?.[1] ?? start;
      out[childPath] = toRange(start, end);
      obj[keyText] = walk(value, childPath, out, toRange);
    }
    return obj;
  }
  if (isSeq(node)) {
    return node.items.map((item, i) => {
      const n = item as YamlNode | null;
      const childPath = `${path}[${i}]`;
      if (n?.range) out[childPath] = toRange(n.range[0], n.range[1]);
      return walk(n, childPath, out, toRange);
    });
  }
  throw FALLBACK; // an alias
}

function collectRanges(
  node: YamlNode,
  path: FieldPath,
  out: Record<string, SourceRange>,
  toRange: (a: number, b: number) => SourceRange,
) {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = pair.key as YamlNode | null;
      const keyText = isScalar(key) ? String(key.value) : null;
      if (keyText == null) continue;
      const value = pair.value as YamlNode | null;
      const childPath = [...path, keyText];
      const start = key?.range?.[0] ?? 0;
      const end = value?.range?.[1] ?? key?.range?.[1] ?? start;
      out[pathKey(childPath)] = toRange(start, end);
      if (value) collectRanges(value, childPath, out, toRange);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const n = item as YamlNode | null;
      if (!n?.range) return;
      const childPath = [...path, i];
      out[pathKey(childPath)] = toRange(n.range[0], n.range[1]);
      collectRanges(n, childPath, out, toRange);
    });
  }
}

function nodeRange(node: YamlNode, toRange: (a: number, b: number) => SourceRange): SourceRange | null {
  return node.range ? toRange(node.range[0], node.range[1]) : null;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isPlainObject(v)) return out;
  for (const [k, val] of Object.entries(v)) {
    if (val === null || val === undefined) continue;
    out[k] = typeof val === 'string' ? val : String(val);
  }
  return out;
}

function timestampText(v: unknown): string | null {
  if (v instanceof Date) return isNaN(v.getTime()) ? null : v.toISOString();
  if (typeof v === 'string' && v) {
    const t = Date.parse(v);
    return isNaN(t) ? null : new Date(t).toISOString();
  }
  return null;
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}

function errorText(e: unknown): string {
  return e instanceof Error ? firstLine(e.message) : String(e);
}

function diag(
  code: string,
  file: string,
  range: SourceRange | null,
  resource: string,
  message: string,
): Diagnostic {
  const info = codeInfo(code);
  return { code, name: info.name, level: info.level, resource, message, fix: info.fix, range, file };
}
