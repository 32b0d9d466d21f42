// Label selectors: Kubernetes semantics (every selector label present with the same value).

/** True when every key/value of `selector` is on `labels`. An empty selector matches everything. */
export function selectorMatches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector)) {
    if (labels[k] !== v) return false;
  }
  return true;
}

/** `k=v,k2=v2`, sorted, the form istioctl prints selectors in. */
export function selectorString(selector: Record<string, string>): string {
  return Object.keys(selector)
    .sort()
    .map((k) => `${k}=${selector[k]}`)
    .join(',');
}
