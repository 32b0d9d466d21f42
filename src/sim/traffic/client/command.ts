/**
 * Parse what a learner types in the lab's terminal into client invocations (curl, nc, openssl
 * s_client) for the traffic simulator. Only parsing and validation happen here; nothing connects.
 *
 * curl is parsed the way curl 8.x's `parse_args`/`getparameter` (src/tool_getparam.c) does it: short
 * options bundle (`-sSL`) and carry their value attached (`-XPOST`, `-HHost:a.example.com`) or in
 * the next word, whatever that word looks like; long options match exactly and take their value
 * from the next word; `--no-` negates boolean options only; `--` ends options; the first failure
 * stops parsing with curl's own message (`curl: option --foo: is unknown`, exit 2). curl before 8.16
 * rejects `--opt=value` (`option --resolve=...: is unknown`); that is the default here, and
 * `longOptionEquals: true` accepts it as curl 8.16+ does. URLs are checked per transfer, as curl
 * does, with `normaliseCurlUrl` (lib/urlapi.c `parseurl`).
 */
import {
  lineAndColumn,
  pipelines,
  splitLogicalLines,
  splitShellWords,
  type ShellSegment,
  type ShellWord,
} from './shell-words.ts';

export interface CurlHeader {
  name: string;
  value: string;
  /** `-H 'Name:'` (nothing after the colon) removes a header curl would send itself, such as Host. */
  remove?: boolean;
}

export interface CurlInvocation {
  kind: 'curl';
  /** In order, as typed; check each with `normaliseCurlUrl` (curl does so per transfer). */
  urls: string[];
  verbose: boolean;
  silent: boolean;
  showError: boolean;
  include: boolean;
  head: boolean;
  followRedirects: boolean;
  insecure: boolean;
  /** -X; `-I` alone gives "HEAD". null: GET, or POST when `data` is set (see `curlRequestMethod`). */
  method: string | null;
  /** -H in order, plus the headers other options stand for (-A User-Agent, -e Referer, -b Cookie,
   * --json Content-Type/Accept). `-H 'Host: x'` is here; the simulator applies it. */
  headers: CurlHeader[];
  /** null: curl's default (HTTP/2 over TLS by ALPN, HTTP/1.1 for http://). */
  http: '1.1' | '2' | '2-prior-knowledge' | null;
  /** File names as typed (`--cert file:password` keeps the file). */
  cacert: string | null;
  cert: string | null;
  key: string | null;
  /** --resolve host:port:addr[,addr]; `-host:port` entries already removed what they name. */
  resolve: { host: string; port: number; addresses: string[] }[];
  /** --connect-to HOST1:PORT1:HOST2:PORT2. host "" matches any host (as typed, brackets kept); port
   * null any port; toHost "" keeps the URL's host (brackets dropped); toPort null keeps the port. */
  connectTo: { host: string; port: number | null; toHost: string; toPort: number | null }[];
  output: string | null;
  /** The request body: -d/--data-* parts joined with '&' (--json parts concatenated). `@file`
   * parts stay as typed except `@-`, which takes text piped in with `echo … |`. */
  data: string | null;
  writeOut: string | null;
  /** Seconds. */
  maxTime: number | null;
  user: string | null;
  raw: string;
  // Fields beyond the brief's list; they change what goes on the wire or how curl exits.
  compressed: boolean;
  /** -f/--fail: exit 22 on HTTP >= 400. */
  fail: boolean;
  failWithBody: boolean;
  /** -G: `data` goes into the URL's query and the method stays GET (or HEAD with -I). */
  get: boolean;
  /** false after --no-alpn (then TLS carries no ALPN and curl speaks HTTP/1.1). */
  alpn: boolean;
  /** --path-as-is: curl keeps /../ and /./ in the path. */
  pathAsIs: boolean;
  /** --max-redirs; -1 means unlimited; null is curl's default (50). */
  maxRedirs: number | null;
  /** --connect-timeout, seconds. */
  connectTimeout: number | null;
  /** --tlsv1.x: the lowest TLS version curl offers ('1.0'…'1.3'); null is the library's default. */
  tlsMin: string | null;
  /** --tls-max: the highest TLS version curl offers; null is the library's default (1.3). */
  tlsMax: string | null;
}

export interface NcInvocation {
  kind: 'nc';
  host: string;
  port: number;
  zeroIo: boolean;
  verbose: boolean;
  /** Text piped in (`echo hello |` gives "hello": echo's own trailing newline is not included;
   * `printf` output is kept exactly), `<<< text`, or "" for `< /dev/null`; null when nothing is. */
  stdin: string | null;
  raw: string;
}

export interface OpensslSClientInvocation {
  kind: 'openssl-s_client';
  connect: { host: string; port: number };
  /** -servername as typed; null when not given. */
  servername: string | null;
  alpn: string[] | null;
  cert: string | null;
  key: string | null;
  cafile: string | null;
  raw: string;
  /** -noservername. */
  noServername: boolean;
  /** The SNI OpenSSL >= 1.1.1 sends: -servername, else the -connect host unless it is an IP
   * address; null with -noservername or for an IP address. */
  sni: string | null;
  /** -verify_return_error: abort the handshake when verification fails. */
  verifyReturnError: boolean;
  verifyHostname: string | null;
  stdin: string | null;
}

export type ClientInvocation = CurlInvocation | NcInvocation | OpensslSClientInvocation;

export interface CommandParseError {
  message: string;
  /** curl's exit code when curl itself would fail this way (2 for option errors, 49 for a bad
   * --resolve entry); null for shell errors and other commands. */
  curlExitCode: number | null;
  /** 1-based column (in its line) of the word at fault, or null. */
  column: number | null;
  /** 1-based line of the word at fault in the parsed text, or null. */
  line: number | null;
}

export type CommandParseResult =
  | { ok: true; invocation: ClientInvocation; warnings: string[]; line?: number }
  | { ok: false; error: CommandParseError; line?: number };

export interface ParseCommandOptions {
  /** Shell variables: `$NAME`/`${NAME}` outside single quotes expand from it. Without it they stay
   * as typed and a warning says so. */
  env?: Readonly<Record<string, string>>;
  /** Accept curl's `--option=value` (curl >= 8.16). Default false, as curl 8.0 to 8.15. */
  longOptionEquals?: boolean;
}

const NOT_FOUND_HINT = 'command not found in this simulator (try curl, nc or openssl s_client)';

// ---------------------------------------------------------------------------------------------
// curl's option table (curl 8.x src/tool_getparam.c `aliases`): name, argument type, short letter.
// Types: n = takes no value and cannot be negated, b = boolean (accepts --no-), b! = boolean that
// is on by default (its letter turns it off, e.g. -N = --no-buffer), s/f = takes a value;
// a trailing ~ marks options curl keeps only to say they are deprecated.

type CurlArgType = 'none' | 'bool' | 'value';

interface CurlOptionSpec {
  name: string;
  arg: CurlArgType;
  letter: string | null;
  /** ARG_NO: the short letter means --no-<name>. */
  offByLetter: boolean;
  deprecated: boolean;
}

const CURL_OPTION_TABLE = `
abstract-unix-socket f|alpn b!|alt-svc s|anyauth n|append b a|aws-sigv4 s|basic b|buffer b! N|ca-native b
cacert f|capath f|cert f E|cert-status b|cert-type s|ciphers s|clobber b!|compressed b|compressed-ssh b
config f K|connect-timeout s|connect-to s|continue-at s C|cookie s b|cookie-jar s c|create-dirs b
create-file-mode s|crlf b|crlfile f|curves s|data s d|data-ascii s|data-binary s|data-raw s
data-urlencode s|delegation s|digest b|disable b q|disable-eprt b|disable-epsv b
disallow-username-in-url b|dns-interface s|dns-ipv4-addr s|dns-ipv6-addr s|dns-servers s
doh-cert-status b|doh-insecure b|doh-url s|dump-ca-embed n|dump-header f D|ech s|egd-file s~|engine s
eprt b|epsv b|etag-compare f|etag-save f|expect100-timeout s|fail b f|fail-early b|fail-with-body b
false-start b|follow b|form s F|form-escape b|form-string s|ftp-account s|ftp-alternative-to-user s
ftp-create-dirs b|ftp-method s|ftp-pasv n|ftp-port s P|ftp-pret b|ftp-skip-pasv-ip b|ftp-ssl b
ftp-ssl-ccc b|ftp-ssl-ccc-mode s|ftp-ssl-control b|ftp-ssl-reqd b|get b G|globoff b g
happy-eyeballs-timeout-ms s|haproxy-clientip s|haproxy-protocol b|head b I|header s H|help s h
hostpubmd5 s|hostpubsha256 s|hsts s|http0.9 b|http1.0 n 0|http1.1 n|http2 n|http2-prior-knowledge n
http3 n|http3-only n|ignore-content-length b|include b|insecure b k|interface s|ip-tos s
ipfs-gateway s|ipv4 n 4|ipv6 n 6|json s|junk-session-cookies b j|keepalive b!|keepalive-cnt s
keepalive-time s|key f|key-type s|knownhosts f|krb s~|krb4 s~|libcurl s|limit-rate s|list-only b l
local-port s|location b L|location-trusted b|login-options s|mail-auth s|mail-from s|mail-rcpt s
mail-rcpt-allowfails b|manual b M|max-filesize s|max-redirs s|max-time s m|metalink b~|mptcp b
negotiate b|netrc b n|netrc-file f|netrc-optional b|next n :|noproxy s|npn b~|ntlm b|ntlm-wb b~
oauth2-bearer s|out-null b|output f o|output-dir s|parallel b Z|parallel-immediate b|parallel-max s
parallel-max-host s|pass s|path-as-is b|pinnedpubkey s|post301 b|post302 b|post303 b|preproxy s
progress-bar b #|progress-meter b!|proto s|proto-default s|proto-redir s|proxy s x|proxy-anyauth b
proxy-basic b|proxy-ca-native b|proxy-cacert f|proxy-capath f|proxy-cert f|proxy-cert-type s
proxy-ciphers s|proxy-crlfile f|proxy-digest b|proxy-header s|proxy-http2 b|proxy-insecure b
proxy-key f|proxy-key-type s|proxy-negotiate b|proxy-ntlm b|proxy-pass s|proxy-pinnedpubkey s
proxy-service-name s|proxy-ssl-allow-beast b|proxy-ssl-auto-client-cert b|proxy-tls13-ciphers s
proxy-tlsauthtype s|proxy-tlspassword s|proxy-tlsuser s|proxy-tlsv1 n|proxy-user s U|proxy1.0 s
proxytunnel b p|pubkey s|quote s Q|random-file f~|range s r|rate s|raw b|referer s e
remote-header-name b J|remote-name b O|remote-name-all b|remote-time b R|remove-on-error b
request s X|request-target s|resolve s|retry s|retry-all-errors b|retry-connrefused b|retry-delay s
retry-max-time s|sasl-authzid s|sasl-ir b|service-name s|sessionid b!|show-error b S|show-headers b i
sigalgs s|silent b s|skip-existing b|socks4 s|socks4a s|socks5 s|socks5-basic b|socks5-gssapi b
socks5-gssapi-nec b|socks5-gssapi-service s|socks5-hostname s|speed-limit s Y|speed-time s y|ssl b
ssl-allow-beast b|ssl-auto-client-cert b|ssl-no-revoke b|ssl-reqd b|ssl-revoke-best-effort b
ssl-sessions f|sslv2 n~ 2|sslv3 n~ 3|stderr f|styled-output b|suppress-connect-headers b
tcp-fastopen b|tcp-nodelay b|telnet-option s t|tftp-blksize s|tftp-no-options b|time-cond s z
tls-earlydata b|tls-max s|tls13-ciphers s|tlsauthtype s|tlspassword s|tlsuser s|tlsv1 n 1|tlsv1.0 n
tlsv1.1 n|tlsv1.2 n|tlsv1.3 n|tr-encoding b|trace f|trace-ascii f|trace-config s|trace-ids b
trace-time b|unix-socket f|upload-file f T|upload-flags s|url s|url-query s|use-ascii b B|user s u
user-agent s A|variable s|verbose b v|version b V|vlan-priority s|write-out s w|xattr b`;

const CURL_LONG = new Map<string, CurlOptionSpec>();
const CURL_SHORT = new Map<string, CurlOptionSpec>();
for (const entry of CURL_OPTION_TABLE.split(/[|\n]/)) {
  const [name, type, letter] = entry.trim().split(' ');
  if (!name) continue;
  const spec: CurlOptionSpec = {
    name,
    arg: type.startsWith('n') ? 'none' : type.startsWith('b') ? 'bool' : 'value',
    letter: letter ?? null,
    offByLetter: type.includes('!'),
    deprecated: type.includes('~'),
  };
  CURL_LONG.set(name, spec);
  if (spec.letter) CURL_SHORT.set(spec.letter, spec);
}

/** Options that change nothing the simulator shows (progress, local files, tracing): accepted
 * without a warning. Every other option the simulator does not model gets a warning. */
const CURL_QUIET = new Set([
  'buffer',
  'clobber',
  'create-dirs',
  'create-file-mode',
  'disable',
  'dump-header',
  'globoff',
  'ipv4',
  'junk-session-cookies',
  'keepalive',
  'keepalive-cnt',
  'keepalive-time',
  'libcurl',
  'netrc',
  'netrc-file',
  'netrc-optional',
  'out-null',
  'pass',
  'progress-bar',
  'progress-meter',
  'remote-time',
  'remove-on-error',
  'skip-existing',
  'stderr',
  'styled-output',
  'tcp-fastopen',
  'tcp-nodelay',
  'trace',
  'trace-ascii',
  'trace-config',
  'trace-ids',
  'trace-time',
  'xattr',
]);

// ---------------------------------------------------------------------------------------------
// Small helpers

class ParseFailure {
  error: CommandParseError;
  constructor(error: CommandParseError) {
    this.error = error;
  }
}

/** Where a parse happens: the full text (for line/column), the offset of the command in it. */
interface Place {
  full: string;
  base: number;
}

function failAt(place: Place, message: string, curlExitCode: number | null, offset: number | null): never {
  const position = offset === null ? null : lineAndColumn(place.full, place.base + offset);
  throw new ParseFailure({
    message,
    curlExitCode,
    column: position?.column ?? null,
    line: position?.line ?? null,
  });
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Dotted-quad IPv4 as inet_pton accepts it (no leading zeros, no short forms). */
export function isIPv4Address(s: string): boolean {
  return IPV4.test(s);
}

/** Textual IPv6 address as inet_pton accepts it (RFC 4291 §2.2, embedded IPv4 allowed). */
export function isIPv6Address(s: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(s)) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':'));
  let groups = [...groupsOf(halves[0]), ...(halves.length === 2 ? groupsOf(halves[1]) : [])];
  let count = groups.length;
  const last = groups[groups.length - 1];
  if (last !== undefined && last.includes('.')) {
    if (!isIPv4Address(last)) return false;
    groups = groups.slice(0, -1);
    count++;
  }
  if (groups.some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** curl_easy_escape: everything but ALPHA, DIGIT and -._~ becomes %XX of its UTF-8 bytes. */
function curlEscape(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** --data-urlencode's forms (curl tool_getparam.c `data_urlencode`): `content`, `=content`,
 * `name=content`, `@file`, `name@file`. Spaces become '+'. */
function dataUrlencode(value: string): { text: string; file: string | null } {
  let separator = value.indexOf('=');
  if (separator < 0) separator = value.indexOf('@');
  if (separator < 0) return { text: curlEscape(value).replace(/%20/g, '+'), file: null };
  const name = value.slice(0, separator);
  const content = value.slice(separator + 1);
  if (value[separator] === '@') return { text: value, file: content };
  const encoded = curlEscape(content).replace(/%20/g, '+');
  return { text: name ? `${name}=${encoded}` : encoded, file: null };
}

/** -E/--cert `file[:password]`, with `\:` and `\\` escapes (tool_getparam.c `parse_cert_parameter`). */
export function curlCertFileName(parameter: string): string {
  if (parameter.toLowerCase().startsWith('pkcs11:') || !/[:\\]/.test(parameter)) return parameter;
  let out = '';
  for (let i = 0; i < parameter.length; i++) {
    const c = parameter[i];
    if (c === '\\') {
      const next = parameter[i + 1];
      if (next === undefined) out += '\\';
      else if (next === '\\' || next === ':') out += next;
      else out += '\\' + next;
      i++;
    } else if (c === ':') {
      break;
    } else {
      out += c;
    }
  }
  return out;
}

/** strtod-style seconds as --max-time and --connect-timeout take them. */
function parseSeconds(value: string): number | 'bad' | 'negative' {
  const t = value.trim();
  const number = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
  if (!number.test(t)) return 'bad';
  const n = Number(t);
  if (n < 0) return 'negative';
  return n;
}

function wordsText(words: readonly ShellWord[]): string[] {
  return words.map((w) => w.text);
}

// ---------------------------------------------------------------------------------------------
// URLs

export interface CurlUrl {
  /** scheme://host[:port]/path[?query]: lower-case scheme, no user info, no fragment, dot segments
   * removed (unless pathAsIs), "/" for an empty path. */
  url: string;
  scheme: 'http' | 'https';
  /** Host as typed (percent-decoded), or a normalised dotted-quad for IPv4 forms like 0x7f.1. */
  host: string;
  port: number;
  /** True when the URL names the port (even the scheme's default). */
  explicitPort: boolean;
  /** The path and query curl sends in the request line. */
  pathAndQuery: string;
  /** The Host header / :authority curl sends: host, plus :port unless it is the scheme's default. */
  authority: string;
  /** The TLS SNI curl sends: the host, or null for an IP address (RFC 6066 §3 forbids it). */
  sni: string | null;
  isIpAddress: boolean;
  /** User info from the URL (`https://user:pw@host/`), or null. */
  user: string | null;
  /** True when the URL had no scheme and curl guessed http://. */
  guessedScheme: boolean;
}

export interface CurlUrlError {
  error: string;
  /** 3: malformed URL; 1: a protocol other than http/https. */
  curlExitCode: 1 | 3;
}

const URL_MALFORMED = 'curl: (3) URL using bad/illegal format or missing URL';
const urlRejected = (why: string): CurlUrlError => ({
  error: `curl: (3) URL rejected: ${why}`,
  curlExitCode: 3,
});

/** lib/urlapi.c `ipv4_normalize`: 127.1, 0x7f.0.0.1, 2130706433 and so on, or null for a name. */
function normaliseIPv4(host: string): string | null {
  const parts = host.split('.');
  if (parts.length > 4) return null;
  const values: number[] = [];
  for (const part of parts) {
    let value: number;
    if (/^0[xX][0-9A-Fa-f]*$/.test(part)) value = part.length === 2 ? 0 : parseInt(part.slice(2), 16);
    else if (/^0[0-7]*$/.test(part)) value = parseInt(part, 8);
    else if (/^[1-9]\d*$/.test(part)) value = Number(part);
    else return null;
    if (value > 0xffffffff) return null;
    values.push(value);
  }
  const last = values[values.length - 1];
  const head = values.slice(0, -1);
  if (head.some((v) => v > 0xff)) return null;
  const room = 2 ** (8 * (4 - head.length));
  if (last >= room) return null;
  const bytes = [...head];
  for (let i = 4 - head.length - 1; i >= 0; i--) bytes.push(Math.floor(last / 256 ** i) % 256);
  return bytes.join('.');
}

/** RFC 3986 §5.2.4 remove_dot_segments, as lib/urlapi.c `dedotdotify`. */
function removeDotSegments(path: string): string {
  if (!path.includes('.')) return path;
  const output: string[] = [];
  const segments = path.split('/');
  // The path starts with "/", so segments[0] is "".
  for (let i = 1; i < segments.length; i++) {
    const s = segments[i];
    const isLast = i === segments.length - 1;
    if (s === '.') {
      if (isLast) output.push('');
    } else if (s === '..') {
      output.pop();
      if (isLast) output.push('');
    } else {
      output.push(s);
    }
  }
  return '/' + output.join('/');
}

const GUESSED_SCHEMES: [string, string][] = [
  ['ftp.', 'ftp'],
  ['dict.', 'dict'],
  ['ldap.', 'ldap'],
  ['imap.', 'imap'],
  ['smtp.', 'smtp'],
  ['pop3.', 'pop3'],
];

/**
 * Check one curl URL the way libcurl parses it (lib/urlapi.c `parseurl` with CURLU_GUESS_SCHEME
 * and CURLU_NON_SUPPORT_SCHEME): a URL without scheme gets http:// (ftp:// for "ftp." hosts and so
 * on), 1 to 3 slashes may follow the scheme, spaces and control characters are rejected, a port must
 * be decimal and <= 65535, and only http and https are simulated. IPv6 literals are rejected: the
 * simulated gateway has IPv4 addresses only.
 */
export function normaliseCurlUrl(u: string, options: { pathAsIs?: boolean } = {}): CurlUrl | CurlUrlError {
  if (u === '') return { error: URL_MALFORMED, curlExitCode: 3 };
  // junkscan(): control bytes and spaces are not allowed anywhere.
  if (/[\x00-\x20\x7f]/.test(u)) return urlRejected('Malformed input to a URL function');

  let scheme: string | null = null;
  let rest = u;
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]{0,39}):(?=\/)/.exec(u);
  if (schemeMatch) {
    scheme = schemeMatch[1].toLowerCase();
    rest = u.slice(schemeMatch[0].length);
    const slashes = /^\/*/.exec(rest)![0].length;
    if (slashes < 1 || slashes > 3) return urlRejected('Unsupported number of slashes following scheme');
    rest = rest.slice(slashes);
  }

  const hostEnd = rest.search(/[/?#]/);
  const authority = hostEnd < 0 ? rest : rest.slice(0, hostEnd);
  let pathPart = hostEnd < 0 ? '' : rest.slice(hostEnd);

  let user: string | null = null;
  let hostPort = authority;
  const at = authority.indexOf('@');
  if (at >= 0) {
    user = authority.slice(0, at);
    hostPort = authority.slice(at + 1);
  }

  let host = hostPort;
  let portText: string | null = null;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close < 0) return urlRejected('Bad IPv6 address');
    const after = hostPort.slice(close + 1);
    if (after !== '' && !after.startsWith(':'))
      return urlRejected('Port number was not a decimal number between 0 and 65535');
    host = hostPort.slice(0, close + 1);
    portText = after === '' ? null : after.slice(1);
  } else {
    const colon = hostPort.indexOf(':');
    if (colon >= 0) {
      host = hostPort.slice(0, colon);
      portText = hostPort.slice(colon + 1);
    }
  }

  let port: number | null = null;
  if (portText !== null) {
    if (portText === '') {
      // A colon with no digits means the default port, but only when a scheme was given
      // (lib/urlapi.c `Curl_parse_port`, "Browser behavior adaptation").
      if (scheme === null) return urlRejected('Port number was not a decimal number between 0 and 65535');
    } else {
      if (!/^\d+$/.test(portText) || Number(portText) > 65535) {
        return urlRejected('Port number was not a decimal number between 0 and 65535');
      }
      port = Number(portText);
    }
  }

  if (host === '') return urlRejected('No host part in the URL');
  let isIpAddress = false;
  if (host.startsWith('[')) {
    const inner = host.slice(1, -1).split('%')[0];
    if (!isIPv6Address(inner)) return urlRejected('Bad IPv6 address');
    return {
      error: `curl: (3) IPv6 address ${host} is not supported by this simulator: the simulated gateway has IPv4 addresses only`,
      curlExitCode: 3,
    };
  }
  const ipv4 = /^\d/.test(host) ? normaliseIPv4(host) : null;
  if (ipv4 !== null) {
    host = ipv4;
    isIpAddress = true;
  } else {
    if (host.includes('%')) {
      try {
        host = decodeURIComponent(host);
      } catch {
        return urlRejected('Bad hostname');
      }
      if (/[\x00-\x1f\x7f]/.test(host)) return urlRejected('Bad hostname');
    }
    if (/[ \r\n\t/:#?!@{}[\]\\$'"^`*<>=;,+&()%]/.test(host)) return urlRejected('Bad hostname');
  }

  let guessedScheme = false;
  if (scheme === null) {
    guessedScheme = true;
    scheme = GUESSED_SCHEMES.find(([prefix]) => host.toLowerCase().startsWith(prefix))?.[1] ?? 'http';
  }
  if (scheme !== 'http' && scheme !== 'https') {
    const known = ['ftp', 'ftps', 'dict', 'file', 'gopher', 'gophers', 'imap', 'imaps', 'ldap', 'ldaps'];
    known.push('mqtt', 'pop3', 'pop3s', 'rtsp', 'scp', 'sftp', 'smb', 'smbs', 'smtp', 'smtps', 'telnet');
    known.push('tftp', 'ws', 'wss');
    return {
      error: known.includes(scheme)
        ? `curl: (1) Protocol "${scheme}" is not supported by this simulator (only http and https are)`
        : `curl: (1) Protocol "${scheme}" not supported`,
      curlExitCode: 1,
    };
  }

  const fragment = pathPart.indexOf('#');
  if (fragment >= 0) pathPart = pathPart.slice(0, fragment);
  const queryAt = pathPart.indexOf('?');
  let path = queryAt < 0 ? pathPart : pathPart.slice(0, queryAt);
  const query = queryAt < 0 ? '' : pathPart.slice(queryAt);
  if (!path.startsWith('/')) path = '/' + path;
  if (!options.pathAsIs) path = removeDotSegments(path);

  const defaultPort = scheme === 'https' ? 443 : 80;
  const effectivePort = port ?? defaultPort;
  const authorityHeader = effectivePort === defaultPort ? host : `${host}:${effectivePort}`;
  return {
    url: `${scheme}://${host}${port !== null ? `:${port}` : ''}${path}${query}`,
    scheme,
    host,
    port: effectivePort,
    explicitPort: port !== null,
    pathAndQuery: path + query,
    authority: authorityHeader,
    sni: isIpAddress ? null : host.replace(/\.$/, ''),
    isIpAddress,
    user,
    guessedScheme,
  };
}

/** The method curl puts on the request line: -X, else HEAD for -I, POST with data (unless -G). */
export function curlRequestMethod(invocation: CurlInvocation): string {
  if (invocation.method !== null) return invocation.method;
  if (invocation.head) return 'HEAD';
  if (invocation.data !== null && !invocation.get) return 'POST';
  return 'GET';
}

// ---------------------------------------------------------------------------------------------
// curl

type DataKind = 'data' | 'ascii' | 'binary' | 'raw' | 'urlencode' | 'json';

const DATA_KINDS: Record<string, DataKind> = {
  data: 'data',
  'data-ascii': 'ascii',
  'data-binary': 'binary',
  'data-raw': 'raw',
  'data-urlencode': 'urlencode',
  json: 'json',
};

interface CurlState {
  inv: CurlInvocation;
  warnings: string[];
  resolveEntries: { text: string; offset: number }[];
  connectToEntries: { text: string; offset: number }[];
  dataParts: { kind: DataKind; value: string }[];
  cookies: string[];
  /** -A and -e: only the last one counts ("" for -A means no User-Agent). */
  userAgent: string | null;
  referer: string | null;
  headOffset: number | null;
}

function addWarning(warnings: string[], text: string): void {
  if (!warnings.includes(text)) warnings.push(text);
}

/** libcurl `Curl_add_custom_headers`: `Name: value`; `Name:` removes curl's own header; `Name;`
 * sends an empty one; anything else is not sent. */
function addCustomHeader(state: CurlState, value: string): void {
  if (value.startsWith('@')) {
    addWarning(state.warnings, `-H ${value}: reading headers from a file is not modelled; ignored`);
    return;
  }
  const colon = value.indexOf(':');
  if (colon < 0) {
    const semicolon = value.indexOf(';');
    if (semicolon > 0 && value.slice(semicolon + 1).trim() === '') {
      state.inv.headers.push({ name: value.slice(0, semicolon), value: '' });
      return;
    }
    addWarning(state.warnings, `-H '${value}' has no colon, so curl does not send it`);
    return;
  }
  if (colon === 0) {
    addWarning(state.warnings, `-H '${value}' has no header name, so curl does not send it`);
    return;
  }
  const name = value.slice(0, colon);
  const headerValue = value.slice(colon + 1).trim();
  state.inv.headers.push(
    headerValue === '' ? { name, value: '', remove: true } : { name, value: headerValue },
  );
}

function notModelled(state: CurlState, flag: string, why = 'ignored'): void {
  addWarning(state.warnings, `curl option ${flag} is not modelled by the simulator; ${why}`);
}

/**
 * Apply one option. `flag` is how the learner wrote it (for messages), `toggle` the boolean value,
 * `value` the argument of a value option. Returns an error reason (curl's `param2text`) or null.
 */
function applyCurlOption(
  state: CurlState,
  spec: CurlOptionSpec,
  flag: string,
  toggle: boolean,
  value: string | null,
  place: Place,
  offset: number,
): string | null {
  const inv = state.inv;
  const v = value ?? '';
  switch (spec.name) {
    case 'verbose':
      inv.verbose = toggle;
      return null;
    case 'insecure':
      inv.insecure = toggle;
      return null;
    case 'cacert':
      inv.cacert = v;
      return null;
    case 'cert':
      inv.cert = curlCertFileName(v);
      return null;
    case 'key':
      inv.key = v;
      return null;
    case 'resolve':
      state.resolveEntries.push({ text: v, offset });
      return null;
    case 'connect-to':
      state.connectToEntries.push({ text: v, offset });
      return null;
    case 'header':
      addCustomHeader(state, v);
      return null;
    case 'request':
      if (v === '') return 'blank argument where content is expected';
      inv.method = v;
      return null;
    case 'head':
      inv.head = toggle;
      state.headOffset = toggle ? offset : null;
      return null;
    case 'include':
    case 'show-headers':
      inv.include = toggle;
      return null;
    case 'location':
    case 'location-trusted':
    case 'follow':
      inv.followRedirects = toggle;
      return null;
    case 'http1.0':
      inv.http = '1.1';
      addWarning(state.warnings, `curl option ${flag}: HTTP/1.0 is simulated as HTTP/1.1`);
      return null;
    case 'http1.1':
      inv.http = '1.1';
      return null;
    case 'http2':
      inv.http = '2';
      return null;
    case 'http2-prior-knowledge':
      inv.http = '2-prior-knowledge';
      return null;
    case 'http3':
    case 'http3-only':
      notModelled(state, flag, 'the gateway is simulated over TCP, so curl uses its default HTTP version');
      return null;
    case 'silent':
      inv.silent = toggle;
      return null;
    case 'show-error':
      inv.showError = toggle;
      return null;
    case 'output':
      inv.output = v;
      return null;
    case 'data':
    case 'data-ascii':
    case 'data-binary':
    case 'data-raw':
    case 'data-urlencode':
    case 'json':
      state.dataParts.push({ kind: DATA_KINDS[spec.name], value: v });
      return null;
    case 'write-out':
      inv.writeOut = v;
      if (v.startsWith('@'))
        addWarning(state.warnings, `-w ${v}: reading the format from a file is not modelled`);
      return null;
    case 'max-time':
    case 'connect-timeout': {
      const seconds = parseSeconds(v);
      if (seconds === 'bad') return 'expected a proper numerical parameter';
      if (seconds === 'negative') return 'expected a positive numerical parameter';
      if (spec.name === 'max-time') inv.maxTime = seconds;
      else inv.connectTimeout = seconds;
      return null;
    }
    case 'max-redirs': {
      if (!/^\s*[+-]?\d+$/.test(v) || Number(v) < -1) return 'expected a proper numerical parameter';
      inv.maxRedirs = Number(v);
      return null;
    }
    case 'user':
      inv.user = v;
      return null;
    case 'compressed':
      inv.compressed = toggle;
      return null;
    case 'user-agent':
      state.userAgent = v;
      return null;
    case 'referer': {
      const referer = v.endsWith(';auto') ? v.slice(0, -5) : v;
      state.referer = referer === '' ? null : referer;
      return null;
    }
    case 'cookie':
      if (v.includes('=')) state.cookies.push(v);
      else addWarning(state.warnings, `-b ${v}: reading cookies from a file is not modelled; ignored`);
      return null;
    case 'url':
      inv.urls.push(v);
      return null;
    case 'fail':
      inv.fail = toggle;
      return null;
    case 'fail-with-body':
      inv.failWithBody = toggle;
      return null;
    case 'get':
      inv.get = toggle;
      return null;
    case 'alpn':
      inv.alpn = toggle;
      return null;
    case 'path-as-is':
      inv.pathAsIs = toggle;
      return null;
    case 'tlsv1':
    case 'tlsv1.0':
    case 'tlsv1.1':
    case 'tlsv1.2':
    case 'tlsv1.3':
      // tool_getparam.c: --tlsv1 means "1.0 or later"; each sets the minimum version.
      inv.tlsMin = spec.name === 'tlsv1' ? '1.0' : spec.name.slice(4);
      return null;
    case 'tls-max':
      // str2tls_max: 1.0, 1.1, 1.2, 1.3 or default; anything else is PARAM_BAD_USE.
      if (!['1.0', '1.1', '1.2', '1.3', 'default'].includes(v)) return 'is badly used here';
      inv.tlsMax = v === 'default' ? null : v;
      return null;
    case 'cert-type':
    case 'key-type':
      if (v.toUpperCase() !== 'PEM') notModelled(state, flag, 'files are read as PEM');
      return null;
    case 'help':
    case 'manual':
    case 'version':
      return failAt(place, `curl ${flag}: not available in this simulator`, null, offset);
    case 'next':
      return failAt(
        place,
        `curl: ${flag} is not supported by this simulator; run one curl command per line`,
        null,
        offset,
      );
    case 'config':
      return failAt(
        place,
        `curl: ${flag} is not supported by this simulator (it reads options from a file); put the options on the command line`,
        null,
        offset,
      );
    case 'proxy':
    case 'preproxy':
    case 'socks4':
    case 'socks4a':
    case 'socks5':
    case 'socks5-hostname':
      notModelled(state, flag, 'the request goes straight to the gateway');
      return null;
    default:
      if (spec.deprecated) {
        addWarning(state.warnings, `Warning: --${spec.name} is deprecated and has no function anymore`);
      } else if (!CURL_QUIET.has(spec.name)) {
        notModelled(state, flag);
      }
      return null;
  }
}

function curlOptionError(place: Place, word: ShellWord, reason: string): never {
  failAt(place, `curl: option ${word.text}: ${reason}`, 2, word.offset);
}

/** curl's `getparameter` for one argv word. Returns whether the next word was used as the value. */
function curlParameter(
  state: CurlState,
  word: ShellWord,
  next: ShellWord | null,
  place: Place,
  options: ParseCommandOptions,
): boolean {
  const flag = word.text;
  if (flag.startsWith('--')) {
    let name = flag.slice(2);
    let toggle = true;
    let negated = false;
    let value: string | null = null;
    let valueIsNext = true;
    if (name.startsWith('no-')) {
      name = name.slice(3);
      toggle = false;
      negated = true;
    } else if (name.startsWith('expand-')) {
      name = name.slice(7);
      addWarning(
        state.warnings,
        `curl ${flag}: --variable expansion is not modelled; the value is used as typed`,
      );
    }
    if (options.longOptionEquals) {
      const eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.slice(eq + 1);
        name = name.slice(0, eq);
        valueIsNext = false;
      }
    }
    const spec = CURL_LONG.get(name);
    if (!spec) curlOptionError(place, word, 'is unknown');
    if (negated && spec.arg !== 'bool')
      curlOptionError(place, word, "used '--no-' for option that isn't a boolean");
    if (spec.arg === 'value') {
      if (valueIsNext) {
        if (next === null) curlOptionError(place, word, 'requires parameter');
        value = next.text;
      }
      const reason = applyCurlOption(state, spec, `--${name}`, toggle, value, place, word.offset);
      if (reason) curlOptionError(place, word, reason);
      return valueIsNext;
    }
    const reason = applyCurlOption(state, spec, `--${name}`, toggle, null, place, word.offset);
    if (reason) curlOptionError(place, word, reason);
    return false;
  }
  const letters = flag.slice(1);
  if (letters === '') curlOptionError(place, word, 'is unknown');
  for (let j = 0; j < letters.length; j++) {
    const spec = CURL_SHORT.get(letters[j]);
    if (!spec) curlOptionError(place, word, 'is unknown');
    const display = `-${letters[j]}`;
    if (spec.arg === 'value') {
      // The rest of the word is the value (`-XPOST`), else the next word, whatever it is.
      const attached = letters.slice(j + 1);
      let value: string;
      let usedNext = false;
      if (attached !== '') value = attached;
      else if (spec.name === 'help') value = '';
      else if (next === null) curlOptionError(place, word, 'requires parameter');
      else {
        value = next.text;
        usedNext = true;
      }
      const reason = applyCurlOption(state, spec, display, true, value, place, word.offset);
      if (reason) curlOptionError(place, word, reason);
      return usedNext;
    }
    const reason = applyCurlOption(state, spec, display, !spec.offByLetter, null, place, word.offset);
    if (reason) curlOptionError(place, word, reason);
  }
  return false;
}

function resolveError(place: Place, entry: { text: string; offset: number }): never {
  failAt(place, `curl: (49) Couldn't parse CURLOPT_RESOLVE entry '${entry.text}'`, 49, entry.offset);
}

/** lib/hostip.c `Curl_loadhostpairs`: [+]host:port:addr[,addr]… and -host:port removals. */
function applyResolveEntries(state: CurlState, place: Place): void {
  const out: CurlInvocation['resolve'] = [];
  for (const entry of state.resolveEntries) {
    if (entry.text.startsWith('-')) {
      const m = /^-([^:]*):(\d+)$/.exec(entry.text);
      if (!m || Number(m[2]) > 65535) {
        addWarning(
          state.warnings,
          `--resolve ${entry.text}: curl cannot parse this removal entry and ignores it`,
        );
        continue;
      }
      const host = m[1].toLowerCase();
      const port = Number(m[2]);
      for (let i = out.length - 1; i >= 0; i--) {
        if (out[i].host.toLowerCase() === host && out[i].port === port) out.splice(i, 1);
      }
      continue;
    }
    const text = entry.text.startsWith('+') ? entry.text.slice(1) : entry.text;
    const m = /^([^:]*):(\d+):(.*)$/.exec(text);
    if (!m || Number(m[2]) > 65535) resolveError(place, entry);
    const addresses: string[] = [];
    let rest = m[3];
    while (rest !== '') {
      let address: string;
      if (rest.startsWith('[')) {
        const close = rest.indexOf(']');
        if (close < 0) resolveError(place, entry);
        address = rest.slice(1, close);
        rest = rest.slice(close + 1);
        if (rest !== '' && !rest.startsWith(',')) resolveError(place, entry);
      } else {
        const comma = rest.indexOf(',');
        address = comma < 0 ? rest : rest.slice(0, comma);
        rest = comma < 0 ? '' : rest.slice(comma);
      }
      if (rest.startsWith(',')) rest = rest.slice(1);
      address = address.trim();
      if (!isIPv4Address(address) && !isIPv6Address(address)) resolveError(place, entry);
      addresses.push(address);
    }
    if (addresses.length === 0) resolveError(place, entry);
    out.push({ host: m[1], port: Number(m[2]), addresses });
  }
  state.inv.resolve = out;
}

/** lib/url.c `parse_connect_to_string`/`parse_connect_to_host_port`. An entry whose HOST1:PORT1
 * part is malformed never matches any URL, so curl ignores it; a bad target port fails the transfer
 * with exit 49. */
function applyConnectToEntries(state: CurlState, place: Place): void {
  for (const entry of state.connectToEntries) {
    const v = entry.text;
    let i: number;
    if (v.startsWith('[')) {
      const close = v.indexOf(']');
      i = close < 0 ? -1 : close + 1;
    } else {
      i = v.indexOf(':');
    }
    const neverMatches = () =>
      addWarning(
        state.warnings,
        `--connect-to ${v} never matches a URL (the form is HOST1:PORT1:HOST2:PORT2), so curl ignores it`,
      );
    if (i < 0 || v[i] !== ':') {
      neverMatches();
      continue;
    }
    const host = v.slice(0, i);
    const rest = v.slice(i + 1);
    const colon = rest.indexOf(':');
    if (colon < 0) {
      neverMatches();
      continue;
    }
    const portText = rest.slice(0, colon);
    if (portText !== '' && !/^\d+$/.test(portText)) {
      neverMatches();
      continue;
    }
    const target = rest.slice(colon + 1);
    let toHost: string;
    let after: string;
    if (target.startsWith('[')) {
      const close = target.indexOf(']');
      if (close < 0) failAt(place, 'curl: (49) Invalid IPv6 address format', 49, entry.offset);
      toHost = target.slice(1, close);
      after = target.slice(close + 1);
      if (after !== '' && !after.startsWith(':')) {
        failAt(place, 'curl: (49) Invalid IPv6 address format', 49, entry.offset);
      }
    } else {
      const c = target.indexOf(':');
      toHost = c < 0 ? target : target.slice(0, c);
      after = c < 0 ? '' : target.slice(c);
    }
    const toPortText = after.slice(1);
    let toPort: number | null = null;
    if (toPortText !== '') {
      if (!/^\d+$/.test(toPortText) || Number(toPortText) > 65535) {
        failAt(
          place,
          `curl: (49) No valid port number in connect to host string (${toPortText})`,
          49,
          entry.offset,
        );
      }
      toPort = Number(toPortText);
    }
    state.inv.connectTo.push({ host, port: portText === '' ? null : Number(portText), toHost, toPort });
  }
}

function assembleData(state: CurlState, stdin: string | null): void {
  let data: string | null = null;
  for (const part of state.dataParts) {
    let text = part.value;
    const readsFile = part.value.startsWith('@') && part.kind !== 'raw' && part.kind !== 'urlencode';
    if (readsFile) {
      const file = part.value.slice(1);
      if (file === '-' && stdin !== null) {
        // -d @- strips carriage returns and newlines; --data-binary keeps them.
        text = part.kind === 'binary' || part.kind === 'json' ? stdin : stdin.replace(/[\r\n]/g, '');
      } else {
        addWarning(
          state.warnings,
          `curl reads the body from ${file === '-' ? 'stdin' : `file ${file}`}; the simulator sends "${part.value}" instead`,
        );
      }
    } else if (part.kind === 'urlencode') {
      const encoded = dataUrlencode(part.value);
      text = encoded.text;
      if (encoded.file !== null) {
        addWarning(
          state.warnings,
          `--data-urlencode ${part.value}: reading file ${encoded.file} is not modelled; sent as typed`,
        );
      }
    }
    data = data === null ? text : part.kind === 'json' ? data + text : `${data}&${text}`;
  }
  state.inv.data = data;
}

function parseCurl(
  args: readonly ShellWord[],
  place: Place,
  options: ParseCommandOptions,
  stdin: string | null,
  raw: string,
) {
  const inv: CurlInvocation = {
    kind: 'curl',
    urls: [],
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
    raw,
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
  const state: CurlState = {
    inv,
    warnings: [],
    resolveEntries: [],
    connectToEntries: [],
    dataParts: [],
    cookies: [],
    userAgent: null,
    referer: null,
    headOffset: null,
  };
  if (args.length === 0) {
    failAt(place, "curl: try 'curl --help' or 'curl --manual' for more information", 2, null);
  }
  let stillFlags = true;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (stillFlags && word.text.startsWith('-')) {
      if (word.text === '--') {
        stillFlags = false;
        continue;
      }
      if (curlParameter(state, word, args[i + 1] ?? null, place, options)) i++;
    } else {
      inv.urls.push(word.text);
    }
  }
  if (state.dataParts.length > 0 && inv.head && !inv.get) {
    failAt(
      place,
      'Warning: You can only select one HTTP request method! You asked for both POST (-d, --data) and HEAD (-I, --head).',
      2,
      state.headOffset,
    );
  }
  if (inv.urls.length === 0) failAt(place, 'curl: no URL specified', 2, null);
  applyResolveEntries(state, place);
  applyConnectToEntries(state, place);
  assembleData(state, stdin);

  if (state.userAgent !== null) {
    inv.headers.push(
      state.userAgent === ''
        ? { name: 'User-Agent', value: '', remove: true }
        : { name: 'User-Agent', value: state.userAgent },
    );
  }
  if (state.referer !== null) inv.headers.push({ name: 'Referer', value: state.referer });
  if (state.cookies.length > 0) inv.headers.push({ name: 'Cookie', value: state.cookies.join(';') });
  if (state.dataParts.some((p) => p.kind === 'json')) {
    // --json adds these unless the user set them (tool_operate.c, "jsoned").
    const has = (name: string) => inv.headers.some((h) => h.name.toLowerCase() === name.toLowerCase());
    if (!has('Content-Type')) inv.headers.push({ name: 'Content-Type', value: 'application/json' });
    if (!has('Accept')) inv.headers.push({ name: 'Accept', value: 'application/json' });
  }
  if (inv.head && inv.method === null) inv.method = 'HEAD';
  if (inv.method === 'HEAD' && !inv.head) {
    addWarning(
      state.warnings,
      'Warning: Setting custom HTTP method to HEAD with -X/--request may not work the way you want. Consider using -I/--head instead.',
    );
  }
  for (const url of inv.urls) {
    if (/[{}[\]]/.test(url) && !/^[a-z]*:?\/*\[/i.test(url)) {
      addWarning(
        state.warnings,
        `URL ${url}: curl's URL globbing ({a,b} and [1-3]) is not modelled; the URL is used as typed`,
      );
    }
  }
  if (stdin !== null && !state.dataParts.some((p) => p.value === '@-')) {
    addWarning(state.warnings, 'curl does not read the text piped into it here; it is ignored');
  }
  return { invocation: inv, warnings: state.warnings };
}

// ---------------------------------------------------------------------------------------------
// nc (OpenBSD netcat, the nc of Debian, Ubuntu and macOS) and telnet

const NC_VALUE_FLAGS = 'IiMmOPpqsTVWwXx';
const NC_PLAIN_FLAGS = '46bCDdFhkNnrStZ';

function parseNcPort(text: string, name: string, place: Place, offset: number, warnings: string[]): number {
  const services: Record<string, number> = { http: 80, https: 443, telnet: 23 };
  if (services[text] !== undefined) return services[text];
  let portText = text;
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range) {
    portText = range[1];
    addWarning(warnings, `${name}: port range ${text}: only the first port, ${range[1]}, is simulated`);
  }
  if (!/^\d+$/.test(portText)) failAt(place, `${name}: port number invalid: ${text}`, null, offset);
  const port = Number(portText);
  if (port < 1) failAt(place, `${name}: port number too small: ${portText}`, null, offset);
  if (port > 65535) failAt(place, `${name}: port number too large: ${portText}`, null, offset);
  return port;
}

function parseNc(
  name: string,
  args: readonly ShellWord[],
  place: Place,
  stdin: string | null,
  raw: string,
  commandOffset: number,
): { invocation: NcInvocation; warnings: string[] } {
  const warnings: string[] = [];
  let verbose = false;
  let zeroIo = false;
  const positionals: ShellWord[] = [];
  let stillFlags = true;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const w = word.text;
    // GNU getopt (Linux) also finds options after the host and port, so `nc host 80 -v` works.
    if (!stillFlags || !w.startsWith('-') || w === '-') {
      positionals.push(word);
      continue;
    }
    if (w === '--') {
      stillFlags = false;
      continue;
    }
    if (w.startsWith('--')) {
      const hint = w === '--ssl' ? ' (for TLS use openssl s_client -connect host:port or curl)' : '';
      failAt(place, `${name}: unrecognized option '${w}'${hint}`, null, word.offset);
    }
    for (let j = 1; j < w.length; j++) {
      const letter = w[j];
      if (letter === 'v') verbose = true;
      else if (letter === 'z') zeroIo = true;
      else if (letter === 'u') {
        failAt(
          place,
          `${name} -u: UDP is not simulated; the gateway's TCP ports are (drop -u)`,
          null,
          word.offset,
        );
      } else if (letter === 'l') {
        failAt(
          place,
          `${name} -l: listening is not simulated; connect to the gateway instead`,
          null,
          word.offset,
        );
      } else if (letter === 'U') {
        failAt(place, `${name} -U: Unix sockets are not simulated`, null, word.offset);
      } else if (NC_VALUE_FLAGS.includes(letter)) {
        if (j === w.length - 1) {
          if (i + 1 >= args.length) {
            failAt(place, `${name}: option requires an argument -- '${letter}'`, null, word.offset);
          }
          i++;
        }
        if (letter === 'x' || letter === 'X') {
          addWarning(
            warnings,
            `${name} -${letter}: proxies are not simulated; the connection goes straight to the host`,
          );
        }
        break;
      } else if (NC_PLAIN_FLAGS.includes(letter)) {
        if (letter === 'h')
          failAt(place, `${name} -h: help is not available in this simulator`, null, word.offset);
      } else {
        failAt(place, `${name}: invalid option -- '${letter}'`, null, word.offset);
      }
    }
  }
  if (positionals.length === 0)
    failAt(place, `usage: ${name} [-v] [-z] destination port`, null, commandOffset);
  if (positionals.length === 1) {
    const hint = /:\d+$/.test(positionals[0].text)
      ? ` (${name} takes the host and the port as two words)`
      : '';
    failAt(place, `${name}: missing port number${hint}`, null, positionals[0].offset);
  }
  const host = positionals[0].text;
  const port = parseNcPort(positionals[1].text, name, place, positionals[1].offset, warnings);
  if (positionals.length > 2) {
    addWarning(warnings, `${name}: only the first port, ${port}, is simulated`);
  }
  return { invocation: { kind: 'nc', host, port, zeroIo, verbose, stdin, raw }, warnings };
}

function parseTelnet(
  args: readonly ShellWord[],
  place: Place,
  stdin: string | null,
  raw: string,
  commandOffset: number,
): { invocation: NcInvocation; warnings: string[] } {
  const warnings = ['telnet is simulated as nc: a plain TCP connection'];
  const positionals = args.filter((w) => !w.text.startsWith('-'));
  if (args.some((w) => w.text.startsWith('-'))) addWarning(warnings, 'telnet options are ignored');
  if (positionals.length === 0) failAt(place, 'usage: telnet host [port]', null, commandOffset);
  const host = positionals[0].text;
  const port =
    positionals.length > 1
      ? parseNcPort(positionals[1].text, 'telnet', place, positionals[1].offset, warnings)
      : 23;
  return { invocation: { kind: 'nc', host, port, zeroIo: false, verbose: true, stdin, raw }, warnings };
}

// ---------------------------------------------------------------------------------------------
// openssl s_client (OpenSSL 3.x apps/s_client.c; options also accept `--name` and `-name=value`)

const OPENSSL_VALUE_OPTIONS = new Set(
  (
    'connect host port bind proxy proxy_user proxy_pass unix servername verify verify_hostname verify_ip ' +
    'verify_email verify_depth verify_name verify_auth_level attime purpose policy cert certform cert_chain ' +
    'key keyform pass CAfile CApath CAstore chainCAfile chainCApath chainCAstore verifyCAfile verifyCApath ' +
    'verifyCAstore CRL CRLform requestCAfile xkey xcert xchain xchain_build xcertform xkeyform alpn ' +
    'nextprotoneg cipher ciphersuites groups curves sigalgs client_sigalgs named_curve record_padding ' +
    'starttls xmpphost name sess_out sess_in keylogfile msgfile early_data psk_identity psk psk_session mtu ' +
    'keymatexport keymatexportlen maxfraglen max_send_frag split_send_frag max_pipelines read_buf ' +
    'dane_tlsa_domain dane_tlsa_rrdata serverinfo ssl_config engine provider provider-path propquery rand ' +
    'writerand ctlogfile srpuser srppass srp_strength ssl_client_engine tfo'
  ).split(' '),
);

const OPENSSL_FLAG_OPTIONS = new Set(
  (
    '4 6 showcerts debug msg state nbio crlf quiet ign_eof no_ign_eof brief prexit reconnect status ' +
    'tlsextdebug trace security_debug security_debug_verbose verify_return_error verify_quiet no_ticket ' +
    'legacy_renegotiation legacy_server_connect no_legacy_server_connect allow_no_dhe_kex prefer_no_dhe_kex ' +
    'no_renegotiation noservername tls1 tls1_1 tls1_2 tls1_3 no_tls1 no_tls1_1 no_tls1_2 no_tls1_3 no_ssl3 ' +
    'ssl3 timeout ct noct enable_pha no-CAfile no-CApath no-CAstore crl_check crl_check_all crl_download ' +
    'x509_strict partial_chain ignore_critical issuer_checks check_ss_sig trusted_first no_alt_chains ' +
    'no_check_time allow_proxy_certs explicit_policy inhibit_any inhibit_map policy_check policy_print ' +
    'use_deltas extended_crl suiteB_128 suiteB_128_only suiteB_192 build_chain strict nocommands bugs comp ' +
    'no_comp serverpref no_middlebox no_etm ktls ignore_unexpected_eof no_tx_cert_comp no_rx_cert_comp ' +
    'dane_ee_no_namechecks async fallback_scsv nbio_test adv cert_comp'
  ).split(' '),
);

/** BIO_parse_hostserv with BIO_PARSE_PRIO_HOST: host:port, [v6]:port, or a host alone. */
function parseOpensslConnect(
  text: string,
  place: Place,
  offset: number,
  warnings: string[],
): { host: string; port: number } {
  const malformed = () =>
    failAt(place, 's_client: -connect argument or target parameter malformed or ambiguous', null, offset);
  let host: string;
  let portText: string | null;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) malformed();
    failAt(
      place,
      `s_client: IPv6 address ${text.slice(0, close + 1)} is not supported by this simulator`,
      null,
      offset,
    );
  }
  const colon = text.lastIndexOf(':');
  if (colon < 0) {
    host = text;
    portText = null;
  } else {
    host = text.slice(0, colon);
    portText = text.slice(colon + 1);
    if (host.includes(':')) malformed();
  }
  if (host === '') malformed();
  if (portText === null || portText === '') {
    addWarning(warnings, `openssl s_client: no port in -connect ${text}, so OpenSSL uses its default, 4433`);
    return { host, port: 4433 };
  }
  const services: Record<string, number> = { https: 443, http: 80 };
  const port = services[portText] ?? (/^\d+$/.test(portText) ? Number(portText) : NaN);
  if (!(port >= 0 && port <= 65535)) malformed();
  return { host, port };
}

function parseOpenssl(
  args: readonly ShellWord[],
  place: Place,
  stdin: string | null,
  raw: string,
  commandOffset: number,
): { invocation: OpensslSClientInvocation; warnings: string[] } {
  const warnings: string[] = [];
  let connect: { text: string; offset: number } | null = null;
  let legacyHost: string | null = null;
  let legacyPort: string | null = null;
  let servername: string | null = null;
  let alpn: string[] | null = null;
  let cert: string | null = null;
  let key: string | null = null;
  let cafile: string | null = null;
  let noServername = false;
  let verifyReturnError = false;
  let verifyHostname: string | null = null;
  let i = 0;
  for (; i < args.length; i++) {
    const word = args[i];
    const w = word.text;
    if (!w.startsWith('-') || w === '-') break;
    if (w === '--') {
      i++;
      break;
    }
    let name = w.replace(/^--?/, '');
    let value: string | null = null;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    if (name === 'help') failAt(place, 's_client -help: not available in this simulator', null, word.offset);
    if (OPENSSL_VALUE_OPTIONS.has(name)) {
      if (value === null) {
        if (i + 1 >= args.length) failAt(place, `s_client: Option -${name} needs a value`, null, word.offset);
        value = args[++i].text;
      }
      switch (name) {
        case 'connect':
          connect = { text: value, offset: word.offset };
          break;
        case 'host':
          legacyHost = value;
          break;
        case 'port':
          legacyPort = value;
          break;
        case 'servername':
          servername = value;
          break;
        case 'alpn':
          alpn = value.split(',').filter((p) => p !== '');
          break;
        case 'cert':
          cert = value;
          break;
        case 'key':
          key = value;
          break;
        case 'CAfile':
          cafile = value;
          break;
        case 'verify_hostname':
          verifyHostname = value;
          break;
        case 'pass':
        case 'verify':
        case 'verify_depth':
        case 'certform':
        case 'keyform':
        case 'sess_out':
        case 'keylogfile':
        case 'msgfile':
          break;
        default:
          addWarning(warnings, `openssl s_client -${name} is not modelled by the simulator; ignored`);
      }
    } else if (OPENSSL_FLAG_OPTIONS.has(name)) {
      if (name === 'noservername') noServername = true;
      else if (name === 'verify_return_error') verifyReturnError = true;
      else if (/^(no_)?(tls1(_\d)?|ssl3)$/.test(name) || name === 'enable_pha' || name === 'reconnect') {
        addWarning(warnings, `openssl s_client -${name} is not modelled by the simulator; ignored`);
      }
    } else {
      failAt(place, `s_client: Unknown option: ${w}`, null, word.offset);
    }
  }
  const rest = args.slice(i);
  if (rest.length > 1 || (rest.length === 1 && connect !== null)) {
    const extra = connect !== null ? rest[0] : rest[1];
    failAt(place, `s_client: Extra (unknown) options: "${extra.text}"`, null, extra.offset);
  }
  // OpenSSL 3 takes the target as a trailing host:port argument too.
  if (rest.length === 1) connect = { text: rest[0].text, offset: rest[0].offset };
  if (connect === null && (legacyHost !== null || legacyPort !== null)) {
    connect = { text: `${legacyHost ?? 'localhost'}:${legacyPort ?? '4433'}`, offset: commandOffset };
  }
  let target: { host: string; port: number };
  if (connect === null) {
    addWarning(warnings, 'openssl s_client: no -connect given, so OpenSSL connects to localhost:4433');
    target = { host: 'localhost', port: 4433 };
  } else {
    target = parseOpensslConnect(connect.text, place, connect.offset, warnings);
  }
  if (servername !== null && noServername) {
    failAt(place, "s_client: Can't use -servername and -noservername together", null, commandOffset);
  }
  const isIp = isIPv4Address(target.host) || isIPv6Address(target.host);
  const sni = noServername ? null : (servername ?? (isIp ? null : target.host));
  return {
    invocation: {
      kind: 'openssl-s_client',
      connect: target,
      servername,
      alpn,
      cert,
      key,
      cafile,
      raw,
      noServername,
      sni,
      verifyReturnError,
      verifyHostname,
      stdin,
    },
    warnings,
  };
}

// ---------------------------------------------------------------------------------------------
// Shell level: wrappers, pipelines, lists

const CLIENTS = new Set(['curl', 'nc', 'netcat', 'ncat', 'telnet', 'openssl']);
const HARMLESS = new Set([
  'echo',
  'printf',
  'true',
  ':',
  'sleep',
  'clear',
  'reset',
  'cd',
  'pwd',
  'date',
  'wait',
]);

function commandName(word: ShellWord | undefined): string {
  if (!word) return '';
  const base = word.text.slice(word.text.lastIndexOf('/') + 1);
  return base.endsWith('.exe') ? base.slice(0, -4) : base;
}

/** Drop what runs a command without changing it: `sudo`, `time`, `env`, `VAR=value`, `command`,
 * `exec`, `nohup`, `timeout N`. */
function unwrap(words: readonly ShellWord[], warnings: string[]): ShellWord[] {
  let rest = [...words];
  for (;;) {
    const first = rest[0];
    if (!first) return rest;
    const name = commandName(first);
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(first.text) && !first.text.startsWith('=')) {
      addWarning(warnings, `the variable assignment ${first.text.split('=')[0]}=… is ignored`);
      rest = rest.slice(1);
    } else if (name === 'sudo') {
      addWarning(warnings, 'sudo is ignored');
      let i = 1;
      while (i < rest.length && rest[i].text.startsWith('-')) {
        if (rest[i].text === '--') {
          i++;
          break;
        }
        i += /^-[ughpCDrtTU]$/.test(rest[i].text) ? 2 : 1;
      }
      rest = rest.slice(i);
    } else if (name === 'env') {
      let i = 1;
      while (i < rest.length && (rest[i].text.startsWith('-') || rest[i].text.includes('='))) {
        i += rest[i].text === '-u' ? 2 : 1;
      }
      addWarning(warnings, 'env and its variable assignments are ignored');
      rest = rest.slice(i);
    } else if (name === 'time' || name === 'command' || name === 'exec' || name === 'nohup') {
      let i = 1;
      while (i < rest.length && /^-[pv]$/.test(rest[i].text)) i++;
      if (name !== 'command' && name !== 'exec') addWarning(warnings, `${name} is ignored`);
      rest = rest.slice(i);
    } else if (name === 'timeout') {
      let i = 1;
      while (i < rest.length && rest[i].text.startsWith('-')) i += /^-[sk]$/.test(rest[i].text) ? 2 : 1;
      addWarning(warnings, 'timeout is ignored');
      rest = rest.slice(i + 1);
    } else {
      return rest;
    }
  }
}

/** What `echo` or `printf` writes, as the producer of a pipeline. */
function producedText(words: readonly ShellWord[]): string | null {
  const name = commandName(words[0]);
  const args = wordsText(words.slice(1));
  if (name === 'echo') {
    let interpret = false;
    let i = 0;
    for (; i < args.length && /^-[neE]+$/.test(args[i]); i++) {
      if (args[i].includes('e')) interpret = true;
      if (args[i].includes('E')) interpret = false;
    }
    const text = args.slice(i).join(' ');
    return interpret ? printfEscapes(text) : text;
  }
  if (name === 'printf') {
    if (args.length === 0) return '';
    return printfFormat(args[0], args.slice(1));
  }
  return null;
}

function printfEscapes(text: string): string {
  return text.replace(/\\(x[0-9A-Fa-f]{1,2}|0?[0-7]{1,3}|.)/g, (_m, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8) & 0xff);
    const map: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      a: '\x07',
      b: '\b',
      f: '\f',
      v: '\v',
      '\\': '\\',
      e: '\x1b',
    };
    return map[e] ?? '\\' + e;
  });
}

/** printf's format: backslash escapes and %s/%d/%b/%%, reusing the format while arguments remain. */
function printfFormat(format: string, args: string[]): string {
  let out = '';
  let index = 0;
  do {
    let used = false;
    out += printfEscapes(
      format.replace(/%([-+ 0#]*\d*(?:\.\d+)?)([sdbciouxX%])/g, (_m, _flags: string, conversion: string) => {
        if (conversion === '%') return '%';
        used = true;
        const arg = args[index++] ?? '';
        if (conversion === 'd' || conversion === 'i') return String(parseInt(arg, 10) || 0);
        return arg;
      }),
    );
    if (!used) break;
  } while (index < args.length);
  return out;
}

type PipelineOutcome =
  | { kind: 'client'; result: CommandParseResult }
  | { kind: 'harmless'; name: string }
  | { kind: 'error'; result: CommandParseResult };

function errorResult(e: unknown): CommandParseResult {
  if (e instanceof ParseFailure) return { ok: false, error: e.error };
  throw e;
}

function expansionWarnings(segments: readonly ShellSegment[], warnings: string[]): void {
  for (const segment of segments) {
    const words = [...segment.words, ...segment.redirects.map((r) => r.target)];
    for (const word of words) {
      for (const x of word.expansions) {
        if (x.kind === 'variable' && x.expanded && x.unset) {
          addWarning(warnings, `${x.text} is not set, so it expands to nothing`);
        } else if (x.kind === 'variable' && !x.expanded) {
          addWarning(
            warnings,
            `${x.text} is not expanded: this terminal has no such variable, so the text ${x.text} is used as typed`,
          );
        } else if (x.kind !== 'variable') {
          addWarning(
            warnings,
            `${x.text} is not run: command substitution is not supported, so the text is used as typed`,
          );
        }
      }
    }
  }
}

function analysePipeline(
  pipeline: ShellSegment[],
  text: string,
  place: Place,
  options: ParseCommandOptions,
  raw: string,
): PipelineOutcome {
  const warnings: string[] = [];
  try {
    const commands = pipeline.map((segment) => unwrap(segment.words, warnings));
    const clientIndex = commands.findIndex((words) => CLIENTS.has(commandName(words[0])));
    if (clientIndex < 0) {
      for (let k = 0; k < commands.length; k++) {
        const words = commands[k];
        const name = commandName(words[0]);
        if (words.length === 0) {
          failAt(place, `${commandName(pipeline[k].words[0])}: no command to run`, null, pipeline[k].offset);
        }
        if (name === 'kubectl' && words.some((w) => w.text === 'exec')) {
          const dashes = words.findIndex((w) => w.text === '--');
          const inner = dashes >= 0 ? wordsText(words.slice(dashes + 1)).join(' ') : '';
          const suggestion = inner
            ? `run \`${inner}\` here directly`
            : 'run curl, nc or openssl s_client here directly';
          failAt(
            place,
            `kubectl exec: this simulator models clients outside the cluster only, so it cannot run commands in a pod; ${suggestion}, against the gateway's address`,
            null,
            words[0].offset,
          );
        }
        if (!HARMLESS.has(name)) failAt(place, `${name}: ${NOT_FOUND_HINT}`, null, words[0].offset);
      }
      return { kind: 'harmless', name: commandName(commands[0][0]) };
    }

    const client = commands[clientIndex];
    const segment = pipeline[clientIndex];
    const name = commandName(client[0]);
    const args = client.slice(1);
    expansionWarnings(pipeline, warnings);

    // stdin: the command piped in, or a redirection.
    let stdin: string | null = null;
    if (clientIndex > 0) {
      const producer = commands[clientIndex - 1];
      stdin = producedText(producer);
      if (stdin === null) {
        addWarning(
          warnings,
          `the output of \`${wordsText(producer).join(' ')}\` is not modelled; nothing is piped in`,
        );
      }
      for (let k = 0; k < clientIndex - 1; k++) {
        addWarning(warnings, `\`${wordsText(commands[k]).join(' ')} |\` is ignored`);
      }
    }
    for (const redirect of segment.redirects) {
      if (redirect.operator === '<<<') {
        stdin = redirect.target.text;
      } else if (redirect.operator === '<' && redirect.fd === null) {
        if (redirect.target.text === '/dev/null') stdin = '';
        else
          addWarning(
            warnings,
            `reading stdin from ${redirect.target.text} is not modelled; nothing is piped in`,
          );
      }
    }
    if (clientIndex < pipeline.length - 1) {
      const consumers = text.slice(segment.end, pipeline[pipeline.length - 1].end).trim();
      addWarning(
        warnings,
        `the rest of the pipeline (${consumers}) is ignored: the simulator shows ${name}'s own output`,
      );
    }

    let parsed: { invocation: ClientInvocation; warnings: string[] };
    if (name === 'curl') {
      parsed = parseCurl(args, place, options, stdin, raw);
    } else if (name === 'nc' || name === 'netcat' || name === 'ncat') {
      parsed = parseNc(name, args, place, stdin, raw, client[0].offset);
      if (name === 'ncat') parsed.warnings.unshift('ncat is simulated as OpenBSD nc');
    } else if (name === 'telnet') {
      parsed = parseTelnet(args, place, stdin, raw, client[0].offset);
    } else {
      const sub = args[0];
      if (!sub) {
        failAt(
          place,
          'openssl: give a command; this simulator supports openssl s_client',
          null,
          client[0].offset,
        );
      }
      if (sub.text !== 's_client') {
        failAt(
          place,
          `openssl ${sub.text}: not available in this simulator (only openssl s_client is)`,
          null,
          sub.offset,
        );
      }
      parsed = parseOpenssl(args.slice(1), place, stdin, raw, sub.offset);
    }
    for (const w of parsed.warnings) addWarning(warnings, w);
    return { kind: 'client', result: { ok: true, invocation: parsed.invocation, warnings } };
  } catch (e) {
    return { kind: 'error', result: errorResult(e) };
  }
}

/** Parse one logical command line; `many` allows several client commands joined by ; && || &. */
function parseLogicalLine(
  text: string,
  place: Place,
  options: ParseCommandOptions,
  many: boolean,
): CommandParseResult[] {
  const split = splitShellWords(text, { env: options.env });
  if (!split.ok) {
    const { line, column } = lineAndColumn(place.full, place.base + split.error.offset);
    return [{ ok: false, error: { message: split.error.message, curlExitCode: null, column, line } }];
  }
  if (split.segments.length === 0) return [];
  const groups = pipelines(split.segments);
  const raw = text.trim();
  const outcomes = groups.map((group) => {
    const groupRaw =
      groups.length === 1 ? raw : text.slice(group[0].offset, group[group.length - 1].end).trim();
    return analysePipeline(group, text, place, options, groupRaw);
  });
  const firstError = outcomes.find((o) => o.kind === 'error');
  const clients = outcomes.filter((o) => o.kind === 'client');
  const ignored = outcomes
    .filter((o) => o.kind === 'harmless')
    .map((o) => (o.kind === 'harmless' ? o.name : ''));

  if (!many) {
    if (firstError) return [firstError.result];
    if (clients.length > 1) {
      return [
        {
          ok: false,
          error: {
            message: `${clients.length} commands on one line: enter them one per line (the simulator does not run ;, && or || lists)`,
            curlExitCode: null,
            column: null,
            line: null,
          },
        },
      ];
    }
  }
  const results: CommandParseResult[] = [];
  for (const outcome of outcomes) {
    if (outcome.kind === 'harmless') continue;
    const result = outcome.result;
    if (result.ok) {
      for (const name of ignored) addWarning(result.warnings, `\`${name}\` on the same line is ignored`);
      if (clients.length > 1) {
        addWarning(
          result.warnings,
          'several commands on one line run one after the other; && and || conditions are not simulated',
        );
      }
    }
    results.push(result);
  }
  if (results.length === 0) {
    // Only harmless commands (echo, sleep…): none of them is a client.
    const first = split.segments[0].words[0];
    const { line, column } = lineAndColumn(place.full, place.base + (first?.offset ?? 0));
    return [
      { ok: false, error: { message: `${ignored[0]}: ${NOT_FOUND_HINT}`, curlExitCode: null, column, line } },
    ];
  }
  return results;
}

/**
 * Parse one command as typed in the terminal (it may span lines with backslash continuations).
 * A pipeline is fine (`echo hello | nc host 31400`, `curl … | jq`); a list of several client
 * commands (`curl a; curl b`) is an error here, see `parseCommands`.
 */
export function parseCommand(line: string, options: ParseCommandOptions = {}): CommandParseResult {
  const results = parseLogicalLine(line, { full: line, base: 0 }, options, false);
  if (results.length === 0) {
    return { ok: false, error: { message: 'empty command', curlExitCode: null, column: null, line: null } };
  }
  return results[0];
}

/**
 * Parse a terminal session or script: one result per command, in order. Blank and comment-only
 * lines are skipped; backslash continuations, open quotes and a trailing `|`, `&&` or `||` join
 * lines; a line holding several client commands (`curl a && curl b`) gives one result per command.
 * Each result carries `line`, the 1-based line where its command starts.
 */
export function parseCommands(text: string, options: ParseCommandOptions = {}): CommandParseResult[] {
  const out: CommandParseResult[] = [];
  for (const logical of splitLogicalLines(text)) {
    const results = parseLogicalLine(logical.text, { full: text, base: logical.offset }, options, true);
    for (const result of results) out.push({ ...result, line: logical.line });
  }
  return out;
}
