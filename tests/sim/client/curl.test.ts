import { describe, expect, it } from 'vitest';
import {
  curlCertFileName,
  curlRequestMethod,
  parseCommand,
  type CommandParseError,
  type CurlInvocation,
  type ParseCommandOptions,
} from '../../../src/sim/traffic/client/index.ts';

function curl(line: string, options?: ParseCommandOptions): CurlInvocation {
  const result = parseCommand(line, options);
  if (!result.ok) throw new Error(`unexpected error for ${line}: ${result.error.message}`);
  if (result.invocation.kind !== 'curl') throw new Error(`not curl: ${result.invocation.kind}`);
  return result.invocation;
}

function warnings(line: string, options?: ParseCommandOptions): string[] {
  const result = parseCommand(line, options);
  if (!result.ok) throw new Error(`unexpected error for ${line}: ${result.error.message}`);
  return result.warnings;
}

function failure(line: string, options?: ParseCommandOptions): CommandParseError {
  const result = parseCommand(line, options);
  if (result.ok) throw new Error(`expected an error for ${line}`);
  return result.error;
}

const DEFAULTS: Omit<CurlInvocation, 'urls' | 'raw'> = {
  kind: 'curl',
  verbose: false,
  silent: false,
  showError: false,
  include: false,
  head: false,
  followRedirects: false,
  insecure: false,
  method: null,
  headers: [],
  http: null,
  cacert: null,
  cert: null,
  key: null,
  resolve: [],
  connectTo: [],
  output: null,
  data: null,
  writeOut: null,
  maxTime: null,
  user: null,
  compressed: false,
  fail: false,
  failWithBody: false,
  get: false,
  alpn: true,
  pathAsIs: false,
  maxRedirs: null,
  connectTimeout: null,
  tlsMin: null,
  tlsMax: null,
};

describe('curl: the contract’s examples', () => {
  it('mutual TLS with files', () => {
    const line = 'curl -v --cacert ca.crt --cert client.crt --key client.key https://a.sample.com/api';
    expect(parseCommand(line)).toEqual({
      ok: true,
      invocation: {
        ...DEFAULTS,
        urls: ['https://a.sample.com/api'],
        verbose: true,
        cacert: 'ca.crt',
        cert: 'client.crt',
        key: 'client.key',
        raw: line,
      },
      warnings: [],
    });
  });

  it('--resolve, a Host header and --http1.1', () => {
    const line =
      "curl -k --resolve a.sample.com:443:203.0.113.10 -H 'Host: b.sample.com' --http1.1 https://a.sample.com/";
    expect(parseCommand(line)).toEqual({
      ok: true,
      invocation: {
        ...DEFAULTS,
        urls: ['https://a.sample.com/'],
        insecure: true,
        resolve: [{ host: 'a.sample.com', port: 443, addresses: ['203.0.113.10'] }],
        headers: [{ name: 'Host', value: 'b.sample.com' }],
        http: '1.1',
        raw: line,
      },
      warnings: [],
    });
  });

  it('several URLs, in order', () => {
    expect(curl('curl https://a.sample.com/ https://b.sample.com/').urls).toEqual([
      'https://a.sample.com/',
      'https://b.sample.com/',
    ]);
  });

  it.each([
    'curl https://a.sample.com/',
    'curl --cacert ca.crt https://a.sample.com/',
    'curl --cacert ca.crt --cert client.crt --key client.key https://a.sample.com/',
    'curl -i http://a.sample.com/api/x',
    'curl -L http://a.sample.com/api/x',
  ])('the client scenarios’ command %j parses without warnings', (line) => {
    const result = parseCommand(line);
    expect(result).toMatchObject({ ok: true, warnings: [] });
  });

  it('keeps URLs as typed, scheme-less ones included', () => {
    expect(curl('curl a.sample.com/x HTTP://B.sample.com').urls).toEqual([
      'a.sample.com/x',
      'HTTP://B.sample.com',
    ]);
  });
});

describe('curl: every supported option, in its short, long, bundled and attached forms', () => {
  it.each<[string, Partial<CurlInvocation>]>([
    ['curl -v x', { verbose: true }],
    ['curl --verbose x', { verbose: true }],
    ['curl -k x', { insecure: true }],
    ['curl --insecure x', { insecure: true }],
    ['curl --cacert ca.crt x', { cacert: 'ca.crt' }],
    ['curl --cert client.crt x', { cert: 'client.crt' }],
    ['curl -E client.crt x', { cert: 'client.crt' }],
    ['curl -Eclient.crt x', { cert: 'client.crt' }],
    ['curl --cert client.crt:secret x', { cert: 'client.crt' }],
    ['curl --key client.key x', { key: 'client.key' }],
    ['curl --resolve a:443:1.2.3.4 x', { resolve: [{ host: 'a', port: 443, addresses: ['1.2.3.4'] }] }],
    [
      'curl --connect-to a:443:gw:8443 x',
      { connectTo: [{ host: 'a', port: 443, toHost: 'gw', toPort: 8443 }] },
    ],
    ['curl -H "Host: a.example.com" x', { headers: [{ name: 'Host', value: 'a.example.com' }] }],
    ['curl --header "Host: a.example.com" x', { headers: [{ name: 'Host', value: 'a.example.com' }] }],
    ['curl -HHost:a.example.com x', { headers: [{ name: 'Host', value: 'a.example.com' }] }],
    ["curl -H'Host: a.example.com' x", { headers: [{ name: 'Host', value: 'a.example.com' }] }],
    ['curl -X POST x', { method: 'POST' }],
    ['curl -XPOST x', { method: 'POST' }],
    ['curl --request DELETE x', { method: 'DELETE' }],
    ['curl -I x', { head: true, method: 'HEAD' }],
    ['curl --head x', { head: true, method: 'HEAD' }],
    ['curl -i x', { include: true }],
    ['curl --include x', { include: true }],
    ['curl --show-headers x', { include: true }],
    ['curl -L x', { followRedirects: true }],
    ['curl --location x', { followRedirects: true }],
    ['curl --location-trusted x', { followRedirects: true }],
    ['curl --http1.1 x', { http: '1.1' }],
    ['curl --http2 x', { http: '2' }],
    ['curl --http2-prior-knowledge x', { http: '2-prior-knowledge' }],
    ['curl --http2 --http1.1 x', { http: '1.1' }],
    ['curl -s x', { silent: true }],
    ['curl --silent x', { silent: true }],
    ['curl -S x', { showError: true }],
    ['curl --show-error x', { showError: true }],
    ['curl -o out.html x', { output: 'out.html' }],
    ['curl -oout.html x', { output: 'out.html' }],
    ['curl --output /dev/null x', { output: '/dev/null' }],
    ['curl -d a=1 x', { data: 'a=1' }],
    ['curl -da=1 x', { data: 'a=1' }],
    ['curl --data a=1 x', { data: 'a=1' }],
    ['curl --data-raw @literal x', { data: '@literal' }],
    ['curl --data-binary a=1 x', { data: 'a=1' }],
    ['curl --data-ascii a=1 x', { data: 'a=1' }],
    ['curl -w "%{http_code}" x', { writeOut: '%{http_code}' }],
    ['curl --write-out "%{http_code}\\n" x', { writeOut: '%{http_code}\\n' }],
    ['curl -m 5 x', { maxTime: 5 }],
    ['curl -m5 x', { maxTime: 5 }],
    ['curl --max-time 0.5 x', { maxTime: 0.5 }],
    ['curl -u user:pw x', { user: 'user:pw' }],
    ['curl --user user x', { user: 'user' }],
    ['curl --compressed x', { compressed: true }],
    ['curl -A agent/1 x', { headers: [{ name: 'User-Agent', value: 'agent/1' }] }],
    ['curl --user-agent agent/1 x', { headers: [{ name: 'User-Agent', value: 'agent/1' }] }],
    ['curl --url http://a/', { urls: ['http://a/'] }],
    ['curl -f x', { fail: true }],
    ['curl --fail-with-body x', { failWithBody: true }],
    ['curl -G -d q=1 x', { get: true, data: 'q=1' }],
    ['curl --no-alpn x', { alpn: false }],
    ['curl --path-as-is x', { pathAsIs: true }],
    ['curl --max-redirs 3 x', { maxRedirs: 3 }],
    ['curl --max-redirs -1 x', { maxRedirs: -1 }],
    ['curl --connect-timeout 2.5 x', { connectTimeout: 2.5 }],
    // Bundles.
    ['curl -vk x', { verbose: true, insecure: true }],
    ['curl -sSL x', { silent: true, showError: true, followRedirects: true }],
    ['curl -sSo out x', { silent: true, showError: true, output: 'out' }],
    ['curl -sSoout x', { silent: true, showError: true, output: 'out' }],
    ['curl -vkIL x', { verbose: true, insecure: true, head: true, method: 'HEAD', followRedirects: true }],
    ['curl -kXPUT x', { insecure: true, method: 'PUT' }],
    ['curl -ksH "Host: b" x', { insecure: true, silent: true, headers: [{ name: 'Host', value: 'b' }] }],
    // A value option takes the next word whatever it looks like.
    ['curl -H -v x', { verbose: false, headers: [], urls: ['x'] }],
    ['curl -o -v x', { output: '-v', verbose: false }],
    // --no- turns booleans off again; the last one wins.
    ['curl -v --no-verbose x', { verbose: false }],
    ['curl -k --no-insecure x', { insecure: false }],
    ['curl --no-location -L x', { followRedirects: true }],
    // -- ends the options.
    ['curl -s -- -v', { silent: true, verbose: false, urls: ['-v'] }],
    // Options may follow URLs.
    ['curl http://a/ -v http://b/ -k', { verbose: true, insecure: true, urls: ['http://a/', 'http://b/'] }],
  ])('%j', (line, expected) => {
    expect(curl(line)).toMatchObject(expected);
  });

  it('a value option in a bundle before the end takes the rest of the word', () => {
    // `-Hv` means header "v", not -H and -v (curl's getparameter).
    expect(curl('curl -Hv x')).toMatchObject({ verbose: false, headers: [], urls: ['x'] });
    expect(warnings('curl -Hv x')).toContain("-H 'v' has no colon, so curl does not send it");
  });

  it('keeps the raw text', () => {
    expect(curl('  curl -v x  ').raw).toBe('curl -v x');
  });
});

describe('curl: headers as libcurl sends them', () => {
  it.each<[string, CurlInvocation['headers']]>([
    [
      'curl -H "X-User: a" -H "X-User: b" x',
      [
        { name: 'X-User', value: 'a' },
        { name: 'X-User', value: 'b' },
      ],
    ],
    ['curl -H "Host:b.sample.com" x', [{ name: 'Host', value: 'b.sample.com' }]],
    ['curl -H "Host:    b.sample.com  " x', [{ name: 'Host', value: 'b.sample.com' }]],
    ['curl -H "X: a: b" x', [{ name: 'X', value: 'a: b' }]],
    // `Name:` removes the header curl would send; `Name;` sends it empty.
    ['curl -H "Host:" x', [{ name: 'Host', value: '', remove: true }]],
    ['curl -H "X-Empty;" x', [{ name: 'X-Empty', value: '' }]],
    // Without a colon, or without a name, curl does not send it.
    ['curl -H "X-Nothing" x', []],
    ['curl -H ":value" x', []],
    ['curl -H "X; y" x', []],
    // -A: the last one counts; "" means no User-Agent.
    ['curl -A a -A b x', [{ name: 'User-Agent', value: 'b' }]],
    ['curl -A "" x', [{ name: 'User-Agent', value: '', remove: true }]],
    // -e (with ;auto stripped), -b name=value.
    ['curl -e "http://r/;auto" x', [{ name: 'Referer', value: 'http://r/' }]],
    ['curl -b a=1 -b b=2 x', [{ name: 'Cookie', value: 'a=1;b=2' }]],
    // --json adds Content-Type and Accept unless given.
    [
      'curl --json {} x',
      [
        { name: 'Content-Type', value: 'application/json' },
        { name: 'Accept', value: 'application/json' },
      ],
    ],
    [
      'curl -H "content-type: text/plain" --json {} x',
      [
        { name: 'content-type', value: 'text/plain' },
        { name: 'Accept', value: 'application/json' },
      ],
    ],
  ])('%j', (line, headers) => {
    expect(curl(line).headers).toEqual(headers);
  });

  it('warns about headers that are not sent or read from files', () => {
    expect(warnings('curl -H "X-Nothing" x')).toEqual([
      "-H 'X-Nothing' has no colon, so curl does not send it",
    ]);
    expect(warnings('curl -H @headers.txt x')[0]).toContain('reading headers from a file is not modelled');
    expect(warnings('curl -b cookies.txt x')[0]).toContain('reading cookies from a file is not modelled');
  });
});

describe('curl: request bodies', () => {
  it.each<[string, string | null]>([
    ['curl x', null],
    ['curl -d a=1 -d b=2 x', 'a=1&b=2'],
    ['curl -d "" x', ''],
    ['curl --data-urlencode "q=a b&c~é" x', 'q=a+b%26c~%C3%A9'],
    ['curl --data-urlencode "=x y" x', 'x+y'],
    ['curl --data-urlencode "plain*" x', 'plain%2A'],
    ['curl -d q --data-urlencode "n=a b" x', 'q&n=a+b'],
    ["curl --json '{\"a\":1}' --json '[]' x", '{"a":1}[]'],
    ['curl -d @body.json x', '@body.json'],
    ['curl --data-raw @body.json x', '@body.json'],
  ])('%j', (line, data) => {
    expect(curl(line).data).toBe(data);
  });

  it('takes `@-` from text piped in with echo', () => {
    expect(curl('echo "a=1" | curl -d @- x').data).toBe('a=1');
    expect(curl("printf 'a\\nb\\n' | curl -d @- x").data).toBe('ab');
    expect(curl("printf 'a\\nb' | curl --data-binary @- x").data).toBe('a\nb');
  });

  it('warns that a file body is not read', () => {
    expect(warnings('curl -d @body.json x')).toEqual([
      'curl reads the body from file body.json; the simulator sends "@body.json" instead',
    ]);
  });
});

describe('curl: the request method', () => {
  it.each<[string, string]>([
    ['curl x', 'GET'],
    ['curl -d a x', 'POST'],
    ['curl --json {} x', 'POST'],
    ['curl -G -d a x', 'GET'],
    ['curl -I x', 'HEAD'],
    ['curl -G -I -d a x', 'HEAD'],
    ['curl -X PUT -d a x', 'PUT'],
    ['curl -I -X GET x', 'GET'],
    ['curl -X delete x', 'delete'],
  ])('%j', (line, method) => {
    expect(curlRequestMethod(curl(line))).toBe(method);
  });

  it('warns about -X HEAD as curl does', () => {
    expect(warnings('curl -X HEAD x')).toEqual([
      'Warning: Setting custom HTTP method to HEAD with -X/--request may not work the way you want. Consider using -I/--head instead.',
    ]);
  });
});

describe('curl: --resolve and --connect-to', () => {
  it.each<[string, CurlInvocation['resolve']]>([
    [
      '--resolve a.sample.com:443:203.0.113.10',
      [{ host: 'a.sample.com', port: 443, addresses: ['203.0.113.10'] }],
    ],
    ['--resolve a:80:1.1.1.1,2.2.2.2', [{ host: 'a', port: 80, addresses: ['1.1.1.1', '2.2.2.2'] }]],
    ['--resolve a:80:[::1],1.1.1.1', [{ host: 'a', port: 80, addresses: ['::1', '1.1.1.1'] }]],
    ['--resolve +a:80:1.1.1.1', [{ host: 'a', port: 80, addresses: ['1.1.1.1'] }]],
    ['--resolve *:443:1.1.1.1', [{ host: '*', port: 443, addresses: ['1.1.1.1'] }]],
    ['--resolve :443:1.1.1.1', [{ host: '', port: 443, addresses: ['1.1.1.1'] }]],
    // A removal entry drops what an earlier entry added.
    [
      '--resolve a:80:1.1.1.1 --resolve b:80:2.2.2.2 --resolve -A:80',
      [{ host: 'b', port: 80, addresses: ['2.2.2.2'] }],
    ],
    [
      '--resolve a:80:1.1.1.1 --resolve a:443:2.2.2.2',
      [
        { host: 'a', port: 80, addresses: ['1.1.1.1'] },
        { host: 'a', port: 443, addresses: ['2.2.2.2'] },
      ],
    ],
  ])('%s', (options, resolve) => {
    expect(curl(`curl ${options} http://a/`).resolve).toEqual(resolve);
  });

  it.each([
    'a:80:1.2.3',
    'a:80:01.2.3.4',
    'a:80:256.1.1.1',
    'a:80:',
    'a:80',
    'a',
    'a:xx:1.2.3.4',
    'a:99999:1.2.3.4',
    'a:80:1.1.1.1,,2.2.2.2',
    'a:80:[::1',
    'a:80:host.name',
  ])('a malformed entry %j fails with curl exit 49', (entry) => {
    const error = failure(`curl --resolve '${entry}' http://a/`);
    expect(error).toEqual({
      message: `curl: (49) Couldn't parse CURLOPT_RESOLVE entry '${entry}'`,
      curlExitCode: 49,
      column: 6,
      line: 1,
    });
  });

  it.each<[string, CurlInvocation['connectTo']]>([
    [
      'a.sample.com:443:gw.local:8443',
      [{ host: 'a.sample.com', port: 443, toHost: 'gw.local', toPort: 8443 }],
    ],
    ['::gw.local:', [{ host: '', port: null, toHost: 'gw.local', toPort: null }]],
    ['a:443::8443', [{ host: 'a', port: 443, toHost: '', toPort: 8443 }]],
    ['a:443:gw', [{ host: 'a', port: 443, toHost: 'gw', toPort: null }]],
    ['a:443:[::1]:8443', [{ host: 'a', port: 443, toHost: '::1', toPort: 8443 }]],
    ['[::1]:443:gw:80', [{ host: '[::1]', port: 443, toHost: 'gw', toPort: 80 }]],
  ])('--connect-to %s', (entry, connectTo) => {
    expect(curl(`curl --connect-to '${entry}' http://a/`).connectTo).toEqual(connectTo);
  });

  it.each(['a.sample.com', 'a:443', 'a:b:c:d'])(
    '--connect-to %j never matches, so it is dropped with a warning',
    (entry) => {
      const line = `curl --connect-to '${entry}' http://a/`;
      expect(curl(line).connectTo).toEqual([]);
      expect(warnings(line)[0]).toContain('never matches a URL');
    },
  );

  it.each<[string, string]>([
    ['a:443:gw:xx', 'curl: (49) No valid port number in connect to host string (xx)'],
    ['a:443:gw:99999', 'curl: (49) No valid port number in connect to host string (99999)'],
    ['a:443:[::1:80', 'curl: (49) Invalid IPv6 address format'],
  ])('--connect-to %j fails with curl exit 49', (entry, message) => {
    expect(failure(`curl --connect-to '${entry}' http://a/`)).toMatchObject({ message, curlExitCode: 49 });
  });
});

describe('curl: errors, with curl’s messages and exit codes', () => {
  it.each<[string, string, number | null, number | null]>([
    ['curl --foo http://a/', 'curl: option --foo: is unknown', 2, 6],
    ['curl -v --foo=bar http://a/', 'curl: option --foo=bar: is unknown', 2, 9],
    // curl before 8.16 does not take --option=value.
    ['curl --resolve=a:443:1.2.3.4 http://a/', 'curl: option --resolve=a:443:1.2.3.4: is unknown', 2, 6],
    ['curl -W http://a/', 'curl: option -W: is unknown', 2, 6],
    // The whole word is named, as curl does.
    ['curl -vW http://a/', 'curl: option -vW: is unknown', 2, 6],
    ['curl - http://a/', 'curl: option -: is unknown', 2, 6],
    ['curl --no-foo http://a/', 'curl: option --no-foo: is unknown', 2, 6],
    // Long options match exactly (curl >= 8.6 has no abbreviations).
    ['curl --verb http://a/', 'curl: option --verb: is unknown', 2, 6],
    [
      'curl --no-http2 http://a/',
      "curl: option --no-http2: used '--no-' for option that isn't a boolean",
      2,
      6,
    ],
    [
      'curl --no-cacert x http://a/',
      "curl: option --no-cacert: used '--no-' for option that isn't a boolean",
      2,
      6,
    ],
    ['curl --cacert', 'curl: option --cacert: requires parameter', 2, 6],
    ['curl http://a/ -H', 'curl: option -H: requires parameter', 2, 16],
    ['curl -X', 'curl: option -X: requires parameter', 2, 6],
    ['curl -sSo', 'curl: option -sSo: requires parameter', 2, 6],
    ['curl --resolve', 'curl: option --resolve: requires parameter', 2, 6],
    ['curl http://a/ --url', 'curl: option --url: requires parameter', 2, 16],
    ['curl -m abc http://a/', 'curl: option -m: expected a proper numerical parameter', 2, 6],
    [
      'curl --max-time -1 http://a/',
      'curl: option --max-time: expected a positive numerical parameter',
      2,
      6,
    ],
    [
      'curl --connect-timeout x http://a/',
      'curl: option --connect-timeout: expected a proper numerical parameter',
      2,
      6,
    ],
    [
      'curl --max-redirs -2 http://a/',
      'curl: option --max-redirs: expected a proper numerical parameter',
      2,
      6,
    ],
    ['curl -X "" http://a/', 'curl: option -X: blank argument where content is expected', 2, 6],
    ['curl -v', 'curl: no URL specified', 2, null],
    ['curl -v -- ', 'curl: no URL specified', 2, null],
    ['curl', "curl: try 'curl --help' or 'curl --manual' for more information", 2, null],
    [
      'curl -I -d x http://a/',
      'Warning: You can only select one HTTP request method! You asked for both POST (-d, --data) and HEAD (-I, --head).',
      2,
      6,
    ],
    // The first bad option wins, even before a missing URL.
    ['curl --foo --bar', 'curl: option --foo: is unknown', 2, 6],
    ['curl -v --version', 'curl --version: not available in this simulator', null, 9],
    [
      'curl -: http://a/',
      'curl: -: is not supported by this simulator; run one curl command per line',
      null,
      6,
    ],
  ])('%j', (line, message, curlExitCode, column) => {
    expect(failure(line)).toEqual({ message, curlExitCode, column, line: column === null ? null : 1 });
  });

  it('reports the line and column of the bad word across continuations', () => {
    expect(failure('curl -v \\\n   --nope http://a/')).toMatchObject({ line: 2, column: 4 });
  });
});

describe('curl: options the simulator does not model', () => {
  it.each<[string, string]>([
    ['curl --ciphers X http://a/', 'curl option --ciphers is not modelled by the simulator; ignored'],
    ['curl -Z http://a/', 'curl option -Z is not modelled by the simulator; ignored'],
    ['curl --retry 3 http://a/', 'curl option --retry is not modelled by the simulator; ignored'],
    [
      'curl -x proxy:3128 http://a/',
      'curl option -x is not modelled by the simulator; the request goes straight to the gateway',
    ],
    ['curl --http1.0 http://a/', 'curl option --http1.0: HTTP/1.0 is simulated as HTTP/1.1'],
    ['curl --krb4 x http://a/', 'Warning: --krb4 is deprecated and has no function anymore'],
    [
      'curl --cert-type DER --cert c http://a/',
      'curl option --cert-type is not modelled by the simulator; files are read as PEM',
    ],
  ])('%j warns', (line, warning) => {
    expect(warnings(line)).toEqual([warning]);
  });

  it('reads the TLS version range: --tlsv1.x sets the minimum, --tls-max the maximum', () => {
    expect(curl('curl --tlsv1.3 http://a/')).toMatchObject({ tlsMin: '1.3', tlsMax: null });
    expect(curl('curl -1 --tls-max 1.2 http://a/')).toMatchObject({ tlsMin: '1.0', tlsMax: '1.2' });
    expect(curl('curl --tlsv1.2 --tls-max default http://a/')).toMatchObject({ tlsMin: '1.2', tlsMax: null });
    expect(warnings('curl --tlsv1.2 --tls-max 1.3 http://a/')).toEqual([]);
    expect(failure('curl --tls-max 1.4 http://a/')).toMatchObject({
      message: 'curl: option --tls-max: is badly used here',
      curlExitCode: 2,
    });
  });

  it('takes the value of an unmodelled option, so it is not mistaken for a URL', () => {
    expect(curl('curl --retry 3 -x proxy http://a/').urls).toEqual(['http://a/']);
  });

  it.each([
    'curl -# http://a/',
    'curl --no-progress-meter http://a/',
    'curl -N --trace-ascii - http://a/',
    'curl -g -D - http://a/',
  ])('%j is accepted quietly (it changes no traffic)', (line) => {
    expect(warnings(line)).toEqual([]);
  });

  it('keeps http null for --http3 (not modelled) and maps --http1.0 to 1.1', () => {
    expect(curl('curl --http3 http://a/').http).toBeNull();
    expect(curl('curl --http1.0 http://a/').http).toBe('1.1');
  });

  it('warns about URL globbing', () => {
    expect(warnings('curl http://a/{x,y}')[0]).toContain('URL globbing');
    expect(warnings('curl -g http://a/{x,y}')[0]).toContain('URL globbing');
  });
});

describe('curl: --option=value (curl >= 8.16) on request', () => {
  it('accepts it when longOptionEquals is set', () => {
    expect(
      curl('curl --resolve=a:443:1.2.3.4 --max-time=2 --header=X:1 --verbose http://a/', {
        longOptionEquals: true,
      }),
    ).toMatchObject({
      resolve: [{ host: 'a', port: 443, addresses: ['1.2.3.4'] }],
      maxTime: 2,
      headers: [{ name: 'X', value: '1' }],
      verbose: true,
      urls: ['http://a/'],
    });
  });
});

describe('curl: shell variables', () => {
  it('warns that $VAR is not expanded and keeps it', () => {
    const line = 'curl -HHost:httpbin.example.com "http://$INGRESS_HOST:$INGRESS_PORT/status/200"';
    expect(curl(line).urls).toEqual(['http://$INGRESS_HOST:$INGRESS_PORT/status/200']);
    expect(warnings(line)).toEqual([
      '$INGRESS_HOST is not expanded: this terminal has no such variable, so the text $INGRESS_HOST is used as typed',
      '$INGRESS_PORT is not expanded: this terminal has no such variable, so the text $INGRESS_PORT is used as typed',
    ]);
  });

  it('expands them from env (the Istio task’s command)', () => {
    const env = { INGRESS_HOST: '203.0.113.10', SECURE_INGRESS_PORT: '443' };
    const line =
      'curl -v -HHost:httpbin.example.com --resolve "httpbin.example.com:$SECURE_INGRESS_PORT:$INGRESS_HOST" ' +
      '--cacert example_certs1/example.com.crt "https://httpbin.example.com:$SECURE_INGRESS_PORT/status/418"';
    expect(curl(line, { env })).toMatchObject({
      urls: ['https://httpbin.example.com:443/status/418'],
      resolve: [{ host: 'httpbin.example.com', port: 443, addresses: ['203.0.113.10'] }],
      headers: [{ name: 'Host', value: 'httpbin.example.com' }],
      cacert: 'example_certs1/example.com.crt',
    });
    expect(warnings(line, { env })).toEqual([]);
    expect(warnings('curl http://$NOPE/', { env })).toEqual(['$NOPE is not set, so it expands to nothing']);
  });
});

describe('curlCertFileName', () => {
  it.each<[string, string]>([
    ['client.crt', 'client.crt'],
    ['client.crt:secret', 'client.crt'],
    ['client.crt:', 'client.crt'],
    ['my\\:cert.crt:secret', 'my:cert.crt'],
    ['a\\\\b.crt', 'a\\b.crt'],
    ['a\\xb.crt', 'a\\xb.crt'],
    ['pkcs11:token=x;object=y', 'pkcs11:token=x;object=y'],
  ])('%j', (parameter, file) => {
    expect(curlCertFileName(parameter)).toBe(file);
  });
});
