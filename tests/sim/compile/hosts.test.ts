// Host-name algebra and reference resolution, ported from Istio's own table tests. Read at
// istio/istio pkg/config/host/name_test.go @2c9ac959 (TestNameMatches, TestNameSubsetOf),
// pkg/config/host/names_test.go @18f3769c (TestNamesIntersection, TestNamesForNamespace,
// TestNamesSortOrder, TestMoreSpecific), pilot/pkg/model/virtualservice_test.go (gatewayNameTests,
// TestResolveGatewayName) and pilot/pkg/model/config_test.go (TestResolveShortnameToFQDN).
import { describe, expect, it } from 'vitest';
import {
  compareHostNames,
  hostMatches,
  hostSubsetOf,
  intersectHosts,
  namesForNamespace,
  resolveGatewayName,
  resolveShortnameToFQDN,
} from '../../../src/sim/compile/hosts.ts';
import { moreSpecific, mostSpecificHostMatch } from '../../../src/sim/compile/services.ts';

describe('TestNameMatches (pkg/config/host/name_test.go)', () => {
  // [name, a, b, a.Matches(b)]. The MatchesSingleLabel column is not ported: the simulator has no use for it.
  const cases: [string, string, string, boolean][] = [
    ['empty', '', '', true],
    ['first empty', '', 'foo.com', false],
    ['second empty', 'foo.com', '', false],
    ['non-wildcard domain', 'foo.com', 'foo.com', true],
    ['non-wildcard domain', 'bar.com', 'foo.com', false],
    ["non-wildcard domain - order doesn't matter", 'foo.com', 'bar.com', false],
    ['domain does not match subdomain', 'bar.foo.com', 'foo.com', false],
    ["domain does not match subdomain - order doesn't matter", 'foo.com', 'bar.foo.com', false],
    ['wildcard matches subdomains', '*.com', 'foo.com', true],
    ['wildcard matches subdomains', 'foo.com', '*.com', true],
    ['wildcard matches subdomains', '*.foo.com', 'bar.foo.com', true],
    ['wildcard matches anything', '*', 'foo.com', true],
    ['wildcard matches anything', '*', '*.com', true],
    ['wildcard matches anything', '*', 'com', true],
    ['wildcard matches anything', '*', '*', true],
    ['wildcard matches anything', '*', '', true],
    ['wildcarded domain matches wildcarded subdomain', '*.com', '*.foo.com', true],
    ['wildcarded sub-domain does not match domain', 'foo.com', '*.foo.com', false],
    ["wildcarded sub-domain does not match domain - order doesn't matter", '*.foo.com', 'foo.com', false],
    ['long wildcard does not match short host', '*.foo.bar.baz', 'baz', false],
    ["long wildcard does not match short host - order doesn't matter", 'baz', '*.foo.bar.baz', false],
    ['long wildcard matches short wildcard', '*.foo.bar.baz', '*.baz', true],
    ['long name matches short wildcard', 'foo.bar.baz', '*.baz', true],
  ];
  cases.forEach(([name, a, b, want], i) => {
    it(`[${i}] ${name}: ${JSON.stringify(a)}.Matches(${JSON.stringify(b)}) = ${want}`, () => {
      expect(hostMatches(a, b)).toBe(want);
    });
  });
});

describe('TestNameSubsetOf (pkg/config/host/name_test.go)', () => {
  const cases: [string, string, string, boolean][] = [
    ['empty', '', '', true],
    ['first empty', '', 'foo.com', false],
    ['second empty', 'foo.com', '', false],
    ['non-wildcard domain', 'foo.com', 'foo.com', true],
    ['non-wildcard domain', 'bar.com', 'foo.com', false],
    ["non-wildcard domain - order doesn't matter", 'foo.com', 'bar.com', false],
    ['domain does not match subdomain', 'bar.foo.com', 'foo.com', false],
    ["domain does not match subdomain - order doesn't matter", 'foo.com', 'bar.foo.com', false],
    ['wildcard matches subdomains', 'foo.com', '*.com', true],
    ['wildcard matches subdomains', 'bar.com', '*.com', true],
    ['wildcard matches subdomains', 'bar.foo.com', '*.foo.com', true],
    ['wildcard matches anything', 'foo.com', '*', true],
    ['wildcard matches anything', '*.com', '*', true],
    ['wildcard matches anything', 'com', '*', true],
    ['wildcard matches anything', '*', '*', true],
    ['wildcard matches anything', '', '*', true],
    ['wildcarded domain matches wildcarded subdomain', '*.foo.com', '*.com', true],
    ['wildcarded sub-domain does not match domain', '*.foo.com', 'foo.com', false],
    ['long wildcard does not match short host', '*.foo.bar.baz', 'baz', false],
    ['long name matches short wildcard', 'foo.bar.baz', '*.baz', true],
  ];
  cases.forEach(([name, a, b, want], i) => {
    it(`[${i}] ${name}: ${JSON.stringify(a)}.SubsetOf(${JSON.stringify(b)}) = ${want}`, () => {
      expect(hostSubsetOf(a, b)).toBe(want);
    });
  });
});

describe('TestNamesIntersection (pkg/config/host/names_test.go)', () => {
  const cases: [string[], string[], string[]][] = [
    [['foo,com'], ['bar.com'], []],
    [['foo.com', 'bar.com'], ['bar.com'], ['bar.com']],
    [['foo.com', 'bar.com'], ['*.com'], ['foo.com', 'bar.com']],
    [['*.com'], ['foo.com', 'bar.com'], ['foo.com', 'bar.com']],
    [
      ['foo.com', '*.net'],
      ['*.com', 'bar.net'],
      ['foo.com', 'bar.net'],
    ],
    [['foo.com', '*.net'], ['*.bar.net'], ['*.bar.net']],
    [['foo.com', 'bar.net'], ['*'], ['foo.com', 'bar.net']],
    [['foo.com'], [], []],
    [[], ['bar.com'], []],
    [['*', 'foo.com'], ['foo.com'], ['foo.com']],
    [['*'], ['foo.com'], ['foo.com']],
    [['foo.com'], ['Foo.com'], []],
  ];
  cases.forEach(([a, b, want], i) => {
    it(`[${i}] ${JSON.stringify(a)} ∩ ${JSON.stringify(b)} = ${JSON.stringify(want)}`, () => {
      expect(intersectHosts(a, b)).toEqual(want);
    });
  });
});

describe('TestNamesForNamespace (pkg/config/host/names_test.go)', () => {
  const cases: [string[], string, string[]][] = [
    [['ns1/foo.com', 'ns2/bar.com'], 'ns1', ['foo.com']],
    [['ns1/foo.com', 'ns2/bar.com'], 'ns3', []],
    [['ns1/foo.com', '*/bar.com'], 'ns1', ['foo.com', 'bar.com']],
    [['ns1/foo.com', '*/bar.com'], 'ns3', ['bar.com']],
    [['foo.com', 'ns2/bar.com'], 'ns2', ['foo.com', 'bar.com']],
    [['foo.com', 'ns2/bar.com'], 'ns3', ['foo.com']],
  ];
  cases.forEach(([hosts, ns, want], i) => {
    it(`[${i}] NamesForNamespace(${JSON.stringify(hosts)}, ${ns})`, () => {
      expect(namesForNamespace(hosts, ns)).toEqual(want);
    });
  });
});

describe('TestNamesSortOrder (pkg/config/host/names_test.go) → compareHostNames', () => {
  const cases: [string[], string[]][] = [
    [
      ['b', 'a'],
      ['a', 'b'],
    ],
    [
      ['bb', 'cc', 'aa'],
      ['aa', 'bb', 'cc'],
    ],
    [
      ['b', 'a', 'aa'],
      ['aa', 'a', 'b'],
    ],
    [
      ['foo.com', 'bar.com', 'foo.bar.com'],
      ['foo.bar.com', 'bar.com', 'foo.com'],
    ],
    [
      ['a', '*', 'z'],
      ['a', 'z', '*'],
    ],
    [
      ['foo.com', 'bar.com', '*.com'],
      ['bar.com', 'foo.com', '*.com'],
    ],
    [
      ['foo.com', 'bar.com', '*.com', '*.foo.com', '*', 'baz.bar.com'],
      ['baz.bar.com', 'bar.com', 'foo.com', '*.foo.com', '*.com', '*'],
    ],
  ];
  cases.forEach(([input, want], i) => {
    it(`[${i}] sort(${JSON.stringify(input)})`, () => {
      expect([...input].sort(compareHostNames)).toEqual(want);
    });
  });
});

describe('TestMoreSpecific (pkg/config/host/names_test.go)', () => {
  const cases: [string, string, boolean, string][] = [
    ['', '', true, 'Both hostnames are empty'],
    ['', 'example.com', false, 'One hostname is empty, other is not'],
    ['example.com', '', true, 'One hostname is empty, other is not'],
    ['example.com', 'example.net', true, 'Hostnames have the same length and are compared alphabetically'],
    ['example.net', 'example.com', false, 'Hostnames have the same length and are compared alphabetically'],
    [
      'example.com',
      'test.example.com',
      false,
      'Hostnames have different lengths, longer hostname is more specific',
    ],
    [
      'test.example.com',
      'example.com',
      true,
      'Hostnames have different lengths, longer hostname is more specific',
    ],
    ['*.example.com', '*.example.co.in', false, 'Hostnames have different lengths and both have wildcards'],
    ['*.example.co.in', '*.example.com', true, 'Hostnames have different lengths and both have wildcards'],
    ['*.example.com', 'example.net', false, 'One hostname has a wildcard but the other does not'],
    ['example.net', '*.example.com', true, 'One hostname has a wildcard but the other does not'],
  ];
  cases.forEach(([a, b, want, name]) => {
    it(`${name}: MoreSpecific(${JSON.stringify(a)}, ${JSON.stringify(b)}) = ${want}`, () => {
      expect(moreSpecific(a, b)).toBe(want);
    });
  });

  it('MostSpecificHostMatch (pilot/pkg/model/config.go): exact key first, else the most specific wildcard', () => {
    const specific = new Map([['foo.example.com', 'exact']]);
    const wildcard = new Map([
      ['*', 'star'],
      ['*.com', 'com'],
      ['*.example.com', 'example'],
    ]);
    expect(mostSpecificHostMatch('foo.example.com', specific, wildcard)?.value).toBe('exact');
    expect(mostSpecificHostMatch('bar.example.com', specific, wildcard)?.value).toBe('example');
    expect(mostSpecificHostMatch('bar.com', specific, wildcard)?.value).toBe('com');
    expect(mostSpecificHostMatch('bar.org', specific, wildcard)?.value).toBe('star');
    // A wildcard needle looks among the wildcard keys: its own key, else the covering ones.
    expect(mostSpecificHostMatch('*.example.com', specific, wildcard)?.value).toBe('example');
    expect(mostSpecificHostMatch('*.a.example.com', specific, wildcard)?.value).toBe('example');
    expect(mostSpecificHostMatch('bar.org', specific, new Map())).toBeNull();
  });
});

describe('TestResolveGatewayName (pilot/pkg/model/virtualservice_test.go gatewayNameTests)', () => {
  const cases: [string, string, string][] = [
    ['./gateway', 'default', 'default/gateway'],
    ['gateway', 'default', 'default/gateway'],
    ['default/gateway', 'foo', 'default/gateway'],
    ['gateway.default', 'default', 'default/gateway'],
    ['gateway.default', 'foo', 'default/gateway'],
    ['private.ingress.svc.cluster.local', 'foo', 'ingress/private'],
  ];
  for (const [gw, ns, want] of cases) {
    it(`${gw}-${ns} → ${want}`, () => {
      expect(resolveGatewayName(gw, ns)).toBe(want);
    });
  }
  it('mesh stays mesh (getGatewayNames keeps constants.IstioMeshGateway)', () => {
    expect(resolveGatewayName('mesh', 'default')).toBe('mesh');
  });
});

describe('TestResolveShortnameToFQDN (pilot/pkg/model/config_test.go)', () => {
  // Istio passes config.Meta{Namespace, Domain}; our resolveShortnameToFQDN takes (host, namespace,
  // domain) with domain defaulting to cluster.local (a real cluster's crdclient Domain). Each case passes
  // Istio's Namespace and Domain explicitly, "" where the Go case leaves it unset.
  const cases: [string, string, string, string][] = [
    ['*', '', '', '*'],
    ['*', 'default', 'cluster.local', '*'],
    ['foo', 'default', 'cluster.local', 'foo.default.svc.cluster.local'],
    ['foo.bar', 'default', 'cluster.local', 'foo.bar'],
    ['foo', '', 'cluster.local', 'foo.svc.cluster.local'],
    ['foo', 'default', '', 'foo.default'],
    ['42.185.131.210', 'default', '', '42.185.131.210'],
    ['42.185.131.210', 'cluster.local', '', '42.185.131.210'],
    ['2a00:4000::614', 'default', '', '2a00:4000::614'],
    ['2a00:4000::614', 'cluster.local', '', '2a00:4000::614'],
  ];
  cases.forEach(([name, ns, domain, want], i) => {
    it(`[${i}] ${name} in {Namespace: ${JSON.stringify(ns)}, Domain: ${JSON.stringify(domain)}} → ${want}`, () => {
      expect(resolveShortnameToFQDN(name, ns, domain)).toBe(want);
    });
  });
  it('without a domain argument the simulator uses cluster.local, as a real cluster does', () => {
    expect(resolveShortnameToFQDN('foo', 'default')).toBe('foo.default.svc.cluster.local');
  });
});
