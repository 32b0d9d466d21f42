import { describe, expect, it } from 'vitest';
import {
  parseCommand,
  parseCommands,
  type ClientInvocation,
  type CommandParseError,
  type NcInvocation,
  type OpensslSClientInvocation,
} from '../../../src/sim/traffic/client/index.ts';

function ok(line: string): { invocation: ClientInvocation; warnings: string[] } {
  const result = parseCommand(line);
  if (!result.ok) throw new Error(`unexpected error for ${line}: ${result.error.message}`);
  return result;
}

function failure(line: string): CommandParseError {
  const result = parseCommand(line);
  if (result.ok) throw new Error(`expected an error for ${line}`);
  return result.error;
}

describe('nc', () => {
  it('the contract’s examples', () => {
    expect(parseCommand('nc 203.0.113.10 31400')).toEqual({
      ok: true,
      invocation: {
        kind: 'nc',
        host: '203.0.113.10',
        port: 31400,
        zeroIo: false,
        verbose: false,
        stdin: null,
        raw: 'nc 203.0.113.10 31400',
      },
      warnings: [],
    });
    expect(parseCommand('echo hello | nc 203.0.113.10 31400')).toEqual({
      ok: true,
      invocation: {
        kind: 'nc',
        host: '203.0.113.10',
        port: 31400,
        zeroIo: false,
        verbose: false,
        stdin: 'hello',
        raw: 'echo hello | nc 203.0.113.10 31400',
      },
      warnings: [],
    });
  });

  it.each<[string, Partial<NcInvocation>]>([
    ['nc -v h 1', { verbose: true, zeroIo: false }],
    ['nc -z h 1', { verbose: false, zeroIo: true }],
    ['nc -vz h 31400', { verbose: true, zeroIo: true, host: 'h', port: 31400 }],
    ['nc -zv h 31400', { verbose: true, zeroIo: true }],
    ['nc -v -z h 31400', { verbose: true, zeroIo: true }],
    ['nc -vvz h 1', { verbose: true, zeroIo: true }],
    // Options with values, separate or attached; options after the operands (GNU getopt).
    ['nc -w 3 h 1', { host: 'h', port: 1 }],
    ['nc -w3 -v h 1', { host: 'h', port: 1, verbose: true }],
    ['nc -vw 3 h 1', { host: 'h', port: 1, verbose: true }],
    ['nc h 1 -v', { host: 'h', port: 1, verbose: true }],
    ['nc -n -N -4 h 1', { host: 'h', port: 1 }],
    ['nc a.sample.com https', { host: 'a.sample.com', port: 443 }],
    ['netcat h 1', { host: 'h', port: 1 }],
    // stdin from a pipe or a redirection.
    ['echo -n hi | nc h 1', { stdin: 'hi' }],
    ['echo a b  c | nc h 1', { stdin: 'a b c' }],
    ["echo -e 'a\\tb' | nc h 1", { stdin: 'a\tb' }],
    ["echo 'a\\tb' | nc h 1", { stdin: 'a\\tb' }],
    ['echo | nc h 1', { stdin: '' }],
    ["printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc h 80", { stdin: 'GET / HTTP/1.0\r\n\r\n' }],
    ["printf '%s-%d\\n' a 7 | nc h 80", { stdin: 'a-7\n' }],
    ['printf 100%% | nc h 80', { stdin: '100%' }],
    ["nc h 1 <<< 'hi there'", { stdin: 'hi there' }],
    ['nc h 1 < /dev/null', { stdin: '' }],
    ['cat f | nc h 1', { stdin: null }],
  ])('%j', (line, expected) => {
    expect(ok(line).invocation).toMatchObject({ kind: 'nc', ...expected });
  });

  it.each<[string, string, number | null]>([
    ['nc', 'usage: nc [-v] [-z] destination port', 1],
    ['nc h', 'nc: missing port number', 4],
    ['nc h:31400', 'nc: missing port number (nc takes the host and the port as two words)', 4],
    ['nc h 0', 'nc: port number too small: 0', 6],
    ['nc h 65536', 'nc: port number too large: 65536', 6],
    ['nc h abc', 'nc: port number invalid: abc', 6],
    ['nc -Y h 1', "nc: invalid option -- 'Y'", 4],
    ['nc -w', "nc: option requires an argument -- 'w'", 4],
    [
      'nc --ssl h 1',
      "nc: unrecognized option '--ssl' (for TLS use openssl s_client -connect host:port or curl)",
      4,
    ],
    ['nc -u h 1', "nc -u: UDP is not simulated; the gateway's TCP ports are (drop -u)", 4],
    ['nc -l 8080', 'nc -l: listening is not simulated; connect to the gateway instead', 4],
  ])('%j fails', (line, message, column) => {
    expect(failure(line)).toEqual({ message, curlExitCode: null, column, line: 1 });
  });

  it('warns about what it does not simulate', () => {
    expect(ok('nc -zv h 80-90').warnings).toEqual([
      'nc: port range 80-90: only the first port, 80, is simulated',
    ]);
    expect(ok('nc -z h 80 443').warnings).toEqual(['nc: only the first port, 80, is simulated']);
    expect(ok('cat f | nc h 1').warnings).toEqual([
      'the output of `cat f` is not modelled; nothing is piped in',
    ]);
    expect(ok('nc h 1 < req.txt').warnings).toEqual([
      'reading stdin from req.txt is not modelled; nothing is piped in',
    ]);
    expect(ok('ncat h 1').warnings).toEqual(['ncat is simulated as OpenBSD nc']);
  });

  it('maps telnet to nc', () => {
    expect(parseCommand('telnet 203.0.113.10 31400')).toEqual({
      ok: true,
      invocation: {
        kind: 'nc',
        host: '203.0.113.10',
        port: 31400,
        zeroIo: false,
        verbose: true,
        stdin: null,
        raw: 'telnet 203.0.113.10 31400',
      },
      warnings: ['telnet is simulated as nc: a plain TCP connection'],
    });
    expect(ok('telnet h').invocation).toMatchObject({ port: 23 });
    expect(failure('telnet')).toMatchObject({ message: 'usage: telnet host [port]' });
  });
});

describe('openssl s_client', () => {
  const base: Omit<OpensslSClientInvocation, 'raw'> = {
    kind: 'openssl-s_client',
    connect: { host: 'a.sample.com', port: 443 },
    servername: null,
    alpn: null,
    cert: null,
    key: null,
    cafile: null,
    noServername: false,
    sni: 'a.sample.com',
    verifyReturnError: false,
    verifyHostname: null,
    stdin: null,
  };

  it('parses a full command', () => {
    const line =
      'openssl s_client -connect a.sample.com:443 -servername b.sample.com -alpn h2,http/1.1 -cert c.crt -key c.key -CAfile ca.crt';
    expect(parseCommand(line)).toEqual({
      ok: true,
      invocation: {
        ...base,
        servername: 'b.sample.com',
        sni: 'b.sample.com',
        alpn: ['h2', 'http/1.1'],
        cert: 'c.crt',
        key: 'c.key',
        cafile: 'ca.crt',
        raw: line,
      },
      warnings: [],
    });
  });

  it.each<[string, Partial<OpensslSClientInvocation>]>([
    ['openssl s_client -connect a.sample.com:443', {}],
    // No SNI for an IP address or with -noservername.
    [
      'openssl s_client -connect 203.0.113.10:443',
      { connect: { host: '203.0.113.10', port: 443 }, sni: null },
    ],
    ['openssl s_client -connect a.sample.com:443 -noservername', { noServername: true, sni: null }],
    [
      'openssl s_client -connect 203.0.113.10:443 -servername a.sample.com',
      { connect: { host: '203.0.113.10', port: 443 }, servername: 'a.sample.com', sni: 'a.sample.com' },
    ],
    // OpenSSL also takes --name and -name=value, and the target as a trailing argument.
    ['openssl s_client --connect a.sample.com:443', {}],
    ['openssl s_client -connect=a.sample.com:443', {}],
    ['openssl s_client a.sample.com:443', {}],
    ['openssl s_client -showcerts -brief -quiet a.sample.com:443', {}],
    ['openssl s_client -host a.sample.com -port 443', {}],
    ['openssl s_client -connect a.sample.com:https', {}],
    ['openssl s_client -connect a.sample.com:443 -alpn h2', { alpn: ['h2'] }],
    ['openssl s_client -connect a.sample.com:443 -verify_return_error', { verifyReturnError: true }],
    [
      'openssl s_client -connect a.sample.com:443 -verify_hostname a.sample.com',
      { verifyHostname: 'a.sample.com' },
    ],
    ['echo | openssl s_client -connect a.sample.com:443', { stdin: '' }],
    ['openssl s_client -connect a.sample.com:443 </dev/null', { stdin: '' }],
    ['echo Q | openssl s_client -connect a.sample.com:443 2>/dev/null', { stdin: 'Q' }],
  ])('%j', (line, expected) => {
    expect(ok(line).invocation).toEqual({ ...base, ...expected, raw: line.trim() });
  });

  it('defaults like OpenSSL and says so', () => {
    expect(ok('openssl s_client -connect a.sample.com')).toMatchObject({
      invocation: { connect: { host: 'a.sample.com', port: 4433 } },
      warnings: ['openssl s_client: no port in -connect a.sample.com, so OpenSSL uses its default, 4433'],
    });
    expect(ok('openssl s_client')).toMatchObject({
      invocation: { connect: { host: 'localhost', port: 4433 } },
      warnings: ['openssl s_client: no -connect given, so OpenSSL connects to localhost:4433'],
    });
    expect(ok('openssl s_client -connect a:443 -tls1_2').warnings).toEqual([
      'openssl s_client -tls1_2 is not modelled by the simulator; ignored',
    ]);
  });

  it.each<[string, string, number | null]>([
    ['openssl s_client -connect', 's_client: Option -connect needs a value', 18],
    ['openssl s_client -foo', 's_client: Unknown option: -foo', 18],
    ['openssl s_client -connect a:443 extra', 's_client: Extra (unknown) options: "extra"', 33],
    [
      'openssl s_client -connect a:99999',
      's_client: -connect argument or target parameter malformed or ambiguous',
      18,
    ],
    [
      'openssl s_client -connect :443',
      's_client: -connect argument or target parameter malformed or ambiguous',
      18,
    ],
    [
      'openssl s_client -connect [::1]:443',
      's_client: IPv6 address [::1] is not supported by this simulator',
      18,
    ],
    ['openssl x509 -in f', 'openssl x509: not available in this simulator (only openssl s_client is)', 9],
    ['openssl', 'openssl: give a command; this simulator supports openssl s_client', 1],
    ['openssl s_client -help', 's_client -help: not available in this simulator', 18],
  ])('%j fails', (line, message, column) => {
    expect(failure(line)).toEqual({ message, curlExitCode: null, column, line: 1 });
  });
});

describe('pipelines, wrappers and lists', () => {
  it.each<[string, string[]]>([
    [
      'curl -s http://a/ | jq .',
      ["the rest of the pipeline (| jq .) is ignored: the simulator shows curl's own output"],
    ],
    [
      'curl -s http://a/ | jq . | less',
      ["the rest of the pipeline (| jq . | less) is ignored: the simulator shows curl's own output"],
    ],
    ['sudo curl http://a/', ['sudo is ignored']],
    ['sudo -E -u root curl http://a/', ['sudo is ignored']],
    ['time curl http://a/', ['time is ignored']],
    ['FOO=1 curl http://a/', ['the variable assignment FOO=… is ignored']],
    ['env A=1 curl http://a/', ['env and its variable assignments are ignored']],
    ['timeout 5 curl http://a/', ['timeout is ignored']],
    ['command curl http://a/', []],
    ['/usr/bin/curl http://a/', []],
    ['curl.exe http://a/', []],
    ['\\curl http://a/', []],
    ['curl http://a/ > out.html 2>&1', []],
    ['cd /tmp && curl http://a/', ['`cd` on the same line is ignored']],
    ['curl http://a/; echo', ['`echo` on the same line is ignored']],
    ['echo x | curl http://a/', ['curl does not read the text piped into it here; it is ignored']],
  ])('%j parses as curl, warning %j', (line, warnings) => {
    const result = ok(line);
    expect(result.invocation).toMatchObject({ kind: 'curl', urls: ['http://a/'] });
    expect(result.warnings).toEqual(warnings);
  });

  it('takes openssl s_client out of a pipeline into openssl x509', () => {
    expect(ok('openssl s_client -connect a:443 | openssl x509 -noout -text')).toMatchObject({
      invocation: { kind: 'openssl-s_client', connect: { host: 'a', port: 443 } },
      warnings: [
        "the rest of the pipeline (| openssl x509 -noout -text) is ignored: the simulator shows openssl's own output",
      ],
    });
  });

  it('keeps the whole line as raw', () => {
    expect(ok('curl -s http://a/ | jq .').invocation.raw).toBe('curl -s http://a/ | jq .');
  });

  it.each<[string, string]>([
    [
      'kubectl get svc -n istio-system',
      'kubectl: command not found in this simulator (try curl, nc or openssl s_client)',
    ],
    ['wget http://a/', 'wget: command not found in this simulator (try curl, nc or openssl s_client)'],
    ['echo hello', 'echo: command not found in this simulator (try curl, nc or openssl s_client)'],
    ['CURL http://a/', 'CURL: command not found in this simulator (try curl, nc or openssl s_client)'],
    ['istioctl analyze', 'istioctl: command not found in this simulator (try curl, nc or openssl s_client)'],
    ['echo hi | grep h', 'grep: command not found in this simulator (try curl, nc or openssl s_client)'],
    [
      'kubectl get pods && curl http://a/',
      'kubectl: command not found in this simulator (try curl, nc or openssl s_client)',
    ],
    [
      'kubectl exec deploy/sleep -- curl -sS http://httpbin:8000/headers',
      "kubectl exec: this simulator models clients outside the cluster only, so it cannot run commands in a pod; run `curl -sS http://httpbin:8000/headers` here directly, against the gateway's address",
    ],
    [
      'kubectl exec -it sleep-1 -c sleep -- sh',
      "kubectl exec: this simulator models clients outside the cluster only, so it cannot run commands in a pod; run `sh` here directly, against the gateway's address",
    ],
    ['sudo', 'sudo: no command to run'],
    [
      'curl a; curl b',
      '2 commands on one line: enter them one per line (the simulator does not run ;, && or || lists)',
    ],
    ["curl -H 'Host: a", "unexpected end of input while looking for the matching `''"],
    ['', 'empty command'],
    ['# just a comment', 'empty command'],
  ])('%j fails', (line, message) => {
    expect(failure(line)).toMatchObject({ message, curlExitCode: null });
  });

  it('points at the command that is not found', () => {
    expect(failure('curl http://a/ && kubectl get pods')).toMatchObject({ line: 1, column: 19 });
  });
});

describe('parseCommands: a terminal session', () => {
  it('gives one result per command, skipping blank and comment lines, joining continuations', () => {
    const text = [
      '# check the gateway',
      'curl -v \\',
      '  --resolve a.sample.com:443:203.0.113.10 \\',
      '  https://a.sample.com/',
      '',
      'echo hello |',
      '  nc 203.0.113.10 31400',
      "curl -d '{",
      ' "a": 1',
      "}' http://a/   # a body on three lines",
      'curl https://a.sample.com/ https://b.sample.com/',
    ].join('\n');
    const results = parseCommands(text);
    expect(results.map((r) => r.line)).toEqual([2, 6, 8, 11]);
    expect(results.map((r) => (r.ok ? r.invocation.kind : r.error.message))).toEqual([
      'curl',
      'nc',
      'curl',
      'curl',
    ]);
    expect(results[0]).toMatchObject({
      ok: true,
      invocation: {
        verbose: true,
        urls: ['https://a.sample.com/'],
        resolve: [{ host: 'a.sample.com', port: 443, addresses: ['203.0.113.10'] }],
        raw: 'curl -v \\\n  --resolve a.sample.com:443:203.0.113.10 \\\n  https://a.sample.com/',
      },
    });
    expect(results[1]).toMatchObject({ ok: true, invocation: { stdin: 'hello', port: 31400 } });
    expect(results[2]).toMatchObject({ ok: true, invocation: { data: '{\n "a": 1\n}' } });
    expect(results[3]).toMatchObject({
      ok: true,
      invocation: { urls: ['https://a.sample.com/', 'https://b.sample.com/'] },
    });
  });

  it('reports errors with the line and column in the whole text', () => {
    const text = "curl http://a/\n\ncurl -v \\\n  --nope http://a/\nkubectl get svc\ncurl 'oops";
    const results = parseCommands(text);
    expect(results).toEqual([
      expect.objectContaining({ ok: true, line: 1 }),
      {
        ok: false,
        line: 3,
        error: { message: 'curl: option --nope: is unknown', curlExitCode: 2, line: 4, column: 3 },
      },
      {
        ok: false,
        line: 5,
        error: {
          message: 'kubectl: command not found in this simulator (try curl, nc or openssl s_client)',
          curlExitCode: null,
          line: 5,
          column: 1,
        },
      },
      {
        ok: false,
        line: 6,
        error: {
          message: "unexpected end of input while looking for the matching `''",
          curlExitCode: null,
          line: 6,
          column: 6,
        },
      },
    ]);
  });

  it('gives one result per client command of a list', () => {
    const results = parseCommands('curl http://a/ && curl http://b/\nnc h 1; echo done');
    expect(
      results.map((r) => (r.ok ? [r.line, r.invocation.kind, r.invocation.raw] : r.error.message)),
    ).toEqual([
      [1, 'curl', 'curl http://a/'],
      [1, 'curl', 'curl http://b/'],
      [2, 'nc', 'nc h 1'],
    ]);
    const [first, , third] = results;
    expect(first.ok && first.warnings).toEqual([
      'several commands on one line run one after the other; && and || conditions are not simulated',
    ]);
    expect(third.ok && third.warnings).toEqual(['`echo` on the same line is ignored']);
  });

  it('returns nothing for blank or comment-only text', () => {
    expect(parseCommands('')).toEqual([]);
    expect(parseCommands('\n  \n# nothing here\n')).toEqual([]);
  });

  it('expands variables from env for every command', () => {
    const results = parseCommands('curl http://$GW/\nnc $GW $TCP_PORT', {
      env: { GW: '203.0.113.10', TCP_PORT: '31400' },
    });
    expect(results.map((r) => r.ok && r.invocation)).toMatchObject([
      { kind: 'curl', urls: ['http://203.0.113.10/'] },
      { kind: 'nc', host: '203.0.113.10', port: 31400 },
    ]);
  });
});
