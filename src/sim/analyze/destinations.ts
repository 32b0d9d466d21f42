// The destinations of a VirtualService with the paths they sit at (virtualservice/util.go
// getRouteDestinations / getHTTPMirrorDestinations), read from the object as written so that a route
// entry `{}` is a destination with host "" and `port: {}` is a port selector for port 0.
import type { FieldPath } from '../resources/types.ts';
import { arr, num, obj, objOrNull, str } from '../resources/read.ts';

export interface AnnotatedDestination {
  host: string;
  subset: string;
  /** destination.port was written (Go: GetPort() != nil). */
  hasPort: boolean;
  port: number;
  /** Path of the destination object. */
  path: FieldPath;
  /** 'http' | 'tcp' | 'tls', and the rule index. */
  ruleKind: string;
  ruleIndex: number;
  /** Index within the rule's route list (or mirrors list). */
  index: number;
}

function annotate(
  v: unknown,
  path: FieldPath,
  ruleKind: string,
  ruleIndex: number,
  index: number,
): AnnotatedDestination {
  const d = obj(v);
  const port = objOrNull(d.port);
  return {
    host: str(d.host),
    subset: str(d.subset),
    hasPort: port !== null,
    port: port ? (num(port.number) ?? 0) : 0,
    path,
    ruleKind,
    ruleIndex,
    index,
  };
}

/** http[].route[], tcp[].route[] and tls[].route[] destinations, in that order. */
export function routeDestinations(object: Record<string, unknown>): AnnotatedDestination[] {
  const spec = obj(object.spec);
  const out: AnnotatedDestination[] = [];
  for (const kind of ['http', 'tcp', 'tls']) {
    arr(spec[kind]).forEach((rule, i) => {
      arr(obj(rule).route).forEach((rd, j) => {
        out.push(annotate(obj(rd).destination, ['spec', kind, i, 'route', j, 'destination'], kind, i, j));
      });
    });
  }
  return out;
}

/** http[].mirror and http[].mirrors[].destination. */
export function mirrorDestinations(object: Record<string, unknown>): AnnotatedDestination[] {
  const spec = obj(object.spec);
  const out: AnnotatedDestination[] = [];
  arr(spec.http).forEach((rule, i) => {
    const r = obj(rule);
    if (objOrNull(r.mirror)) out.push(annotate(r.mirror, ['spec', 'http', i, 'mirror'], 'http', i, 0));
    arr(r.mirrors).forEach((m, k) => {
      out.push(annotate(obj(m).destination, ['spec', 'http', i, 'mirrors', k, 'destination'], 'http', i, k));
    });
  });
  return out;
}
