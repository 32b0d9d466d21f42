/**
 * POSIX-shell word splitting for the lab's terminal panel.
 *
 * This is the part of a shell that runs before any program sees its argv: quote removal (single
 * quotes, double quotes, backslashes, bash's $'…'), line continuations (backslash-newline),
 * comments (`#` at the start of a word), redirections (`>`, `2>&1`, `<<<`) and the operators that
 * join commands into pipelines and lists (`|`, `&&`, `||`, `;`, `&`, newline). Nothing is executed
 * and nothing is expanded: `$VAR`, `${VAR}`, `$(cmd)` and backquotes stay in the word as typed and are
 * reported in `expansions`, unless the caller passes `env`, in which case plain `$NAME` and `${NAME}`
 * are replaced from it (an unset name becomes "", as in a shell). Errors, such as an unterminated
 * quote, are returned as values carrying the position, never thrown.
 *
 * The rules follow POSIX "Shell Command Language" §2.2 (quoting), §2.3 (token recognition), §2.7
 * (redirection) and §2.9 (pipelines and lists), plus the bash extensions people paste from docs
 * (`$'…'`, `<<<`, `|&`, `&>`).
 */

/** Operators that join commands: a pipeline (`|`, `|&`) or a list (`&&`, `||`, `;`, `&`, newline). */
export type ShellOperator = '|' | '|&' | '&&' | '||' | ';' | '&' | '\n';

export type RedirectOperator = '<' | '>' | '>>' | '>|' | '<>' | '<&' | '>&' | '&>' | '&>>' | '<<<';

export interface ShellExpansion {
  /** `variable`: $NAME, ${…}, $1, $?; `command`: $(…) or `…`; `arithmetic`: $((…)). */
  kind: 'variable' | 'command' | 'arithmetic';
  /** As typed, for example `$HOST`, `${HOST}`, `$(cat f)`. */
  text: string;
  /** The variable's name for $NAME, ${NAME} and specials ($1, $?); null otherwise. */
  name: string | null;
  /** 0-based offset of the `$` or backquote in the input. */
  offset: number;
  /** True when the text was replaced from `env` (an unset name becomes ""). */
  expanded: boolean;
  /** True when `env` was given but has no such name. */
  unset: boolean;
}

export interface ShellWord {
  /** The word after quote removal. */
  text: string;
  /** 0-based offset of the word's first character (a quote included) in the input. */
  offset: number;
  /** 0-based offset just past the word's last character. */
  end: number;
  /** True when any part of the word was quoted or backslash-escaped. */
  quoted: boolean;
  expansions: ShellExpansion[];
}

export interface ShellRedirect {
  /** The explicit file descriptor (`2>`), or null. */
  fd: number | null;
  operator: RedirectOperator;
  target: ShellWord;
  offset: number;
}

/** One simple command: the words between two operators. */
export interface ShellSegment {
  words: ShellWord[];
  redirects: ShellRedirect[];
  offset: number;
  end: number;
  operatorBefore: ShellOperator | null;
  operatorAfter: ShellOperator | null;
}

export interface ShellSyntaxError {
  message: string;
  /** 0-based offset in the input. */
  offset: number;
  /** 1-based line and column of `offset` in the input. */
  line: number;
  column: number;
}

export type ShellSplitResult =
  { ok: true; segments: ShellSegment[] } | { ok: false; error: ShellSyntaxError };

export interface ShellSplitOptions {
  /** When given, `$NAME` and `${NAME}` outside single quotes are replaced from it. */
  env?: Readonly<Record<string, string>>;
}

/** A command as a shell reads it: one line, or several joined by continuations, open quotes or a
 * trailing `|`, `&&`, `||`. */
export interface LogicalLine {
  text: string;
  /** 0-based offset of `text` in the whole input. */
  offset: number;
  /** 1-based line number where it starts. */
  line: number;
}

/** 1-based line and column of a 0-based offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const stop = Math.min(offset, text.length);
  for (let i = 0; i < stop; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_PARAMETER = /[0-9@*#?$!-]/;
const CONTINUING_OPERATORS: ReadonlySet<ShellOperator | null> = new Set(['|', '|&', '&&', '||']);

class ShellSyntaxFailure {
  message: string;
  offset: number;
  constructor(message: string, offset: number) {
    this.message = message;
    this.offset = offset;
  }
}

interface WordBuilder {
  text: string;
  offset: number;
  end: number;
  quoted: boolean;
  expansions: ShellExpansion[];
}

interface SegmentBuilder {
  words: ShellWord[];
  redirects: ShellRedirect[];
  operatorBefore: ShellOperator | null;
}

/**
 * Index just past the `)` that closes a `$(` whose body starts at `from`, skipping quoted text and
 * nested parentheses; -1 when it never closes.
 */
function skipParenthesised(src: string, from: number): number {
  let depth = 1;
  let i = from;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      i += 2;
    } else if (c === "'") {
      const close = src.indexOf("'", i + 1);
      if (close < 0) return -1;
      i = close + 1;
    } else if (c === '"') {
      i++;
      while (i < src.length && src[i] !== '"') i += src[i] === '\\' ? 2 : 1;
      if (i >= src.length) return -1;
      i++;
    } else if (c === '`') {
      i++;
      while (i < src.length && src[i] !== '`') i += src[i] === '\\' ? 2 : 1;
      if (i >= src.length) return -1;
      i++;
    } else if (c === '(') {
      depth++;
      i++;
    } else if (c === ')') {
      depth--;
      i++;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return -1;
}

/** Index just past the backquote closing one opened at `open`; -1 when it never closes. */
function skipBackquoted(src: string, open: number): number {
  let i = open + 1;
  while (i < src.length && src[i] !== '`') i += src[i] === '\\' ? 2 : 1;
  return i < src.length ? i + 1 : -1;
}

/** bash's $'…' escapes (bash manual, "ANSI-C Quoting"). Returns the text and the index past the
 * closing quote. */
function readAnsiCQuoted(src: string, open: number): { text: string; next: number } {
  let out = '';
  let i = open + 2;
  while (i < src.length) {
    const c = src[i];
    if (c === "'") return { text: out, next: i + 1 };
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = src[i + 1];
    i += 2;
    switch (e) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'a':
        out += '\x07';
        break;
      case 'b':
        out += '\b';
        break;
      case 'e':
      case 'E':
        out += '\x1b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'v':
        out += '\v';
        break;
      case '\\':
      case "'":
      case '"':
      case '?':
        out += e;
        break;
      case 'x': {
        const hex = /^[0-9A-Fa-f]{1,2}/.exec(src.slice(i))?.[0] ?? '';
        if (hex) {
          out += String.fromCharCode(parseInt(hex, 16));
          i += hex.length;
        } else out += '\\x';
        break;
      }
      case 'u':
      case 'U': {
        const hex = (e === 'u' ? /^[0-9A-Fa-f]{1,4}/ : /^[0-9A-Fa-f]{1,8}/).exec(src.slice(i))?.[0] ?? '';
        if (hex) {
          out += String.fromCodePoint(parseInt(hex, 16));
          i += hex.length;
        } else out += '\\' + e;
        break;
      }
      case undefined:
        out += '\\';
        break;
      default: {
        const octal = /^[0-7]{1,3}/.exec(src.slice(i - 1))?.[0];
        if (octal) {
          out += String.fromCharCode(parseInt(octal, 8) & 0xff);
          i += octal.length - 1;
        } else out += '\\' + e;
      }
    }
  }
  throw new ShellSyntaxFailure("unexpected end of input while looking for the matching `''", open + 1);
}

class Lexer {
  private readonly src: string;
  private readonly env: Readonly<Record<string, string>> | undefined;
  private i = 0;
  private word: WordBuilder | null = null;
  private pendingRedirect: { fd: number | null; operator: RedirectOperator; offset: number } | null = null;
  private segment: SegmentBuilder = { words: [], redirects: [], operatorBefore: null };
  readonly segments: ShellSegment[] = [];

  constructor(src: string, env: Readonly<Record<string, string>> | undefined) {
    this.src = src;
    this.env = env;
  }

  run(): void {
    const src = this.src;
    while (this.i < src.length) {
      const c = src[this.i];
      if (c === ' ' || c === '\t' || c === '\r') {
        this.endWord();
        this.i++;
      } else if (c === '\n') {
        this.endWord();
        this.operator('\n', this.i);
        this.i++;
      } else if (c === '\\') {
        const next = src[this.i + 1];
        if (next === '\n' || (next === '\r' && src[this.i + 2] === '\n')) {
          // Line continuation: both characters vanish, and the word goes on (POSIX §2.2.1).
          this.i += next === '\n' ? 2 : 3;
        } else if (next === undefined) {
          this.append('\\', this.i, false);
          this.i++;
        } else {
          this.append(next, this.i, true);
          this.i += 2;
        }
      } else if (c === "'") {
        const close = src.indexOf("'", this.i + 1);
        if (close < 0) {
          throw new ShellSyntaxFailure("unexpected end of input while looking for the matching `''", this.i);
        }
        this.append(src.slice(this.i + 1, close), this.i, true);
        this.i = close + 1;
      } else if (c === '"') {
        this.readDoubleQuoted();
      } else if (c === '$') {
        this.readDollar(false);
      } else if (c === '`') {
        this.readBackquoted();
      } else if (c === '#' && this.word === null) {
        // A comment runs to the end of the line; the newline itself still separates commands.
        while (this.i < src.length && src[this.i] !== '\n') this.i++;
      } else if ('|&;<>()'.includes(c)) {
        this.readOperator();
      } else {
        this.append(c, this.i, false);
        this.i++;
      }
    }
    this.endWord();
    if (this.pendingRedirect) {
      throw new ShellSyntaxFailure("syntax error near unexpected token `newline'", this.src.length);
    }
    if (this.segment.words.length > 0 || this.segment.redirects.length > 0) {
      this.pushSegment(null);
    } else if (CONTINUING_OPERATORS.has(this.segment.operatorBefore)) {
      throw new ShellSyntaxFailure(
        `syntax error: unexpected end of input after \`${this.segment.operatorBefore}'`,
        this.src.length,
      );
    }
  }

  private startWord(at: number): WordBuilder {
    if (!this.word) this.word = { text: '', offset: at, end: at, quoted: false, expansions: [] };
    return this.word;
  }

  private append(text: string, at: number, quoted: boolean): void {
    const word = this.startWord(at);
    word.text += text;
    if (quoted) word.quoted = true;
  }

  private endWord(): void {
    const word = this.word;
    if (!word) return;
    this.word = null;
    const finished: ShellWord = {
      text: word.text,
      offset: word.offset,
      end: this.i,
      quoted: word.quoted,
      expansions: word.expansions,
    };
    if (this.pendingRedirect) {
      this.segment.redirects.push({ ...this.pendingRedirect, target: finished });
      this.pendingRedirect = null;
    } else {
      this.segment.words.push(finished);
    }
  }

  private pushSegment(after: ShellOperator | null): void {
    const items = [
      ...this.segment.words.map((w) => w.offset),
      ...this.segment.redirects.map((r) => r.offset),
    ];
    const ends = [
      ...this.segment.words.map((w) => w.end),
      ...this.segment.redirects.map((r) => r.target.end),
    ];
    this.segments.push({
      words: this.segment.words,
      redirects: this.segment.redirects,
      offset: Math.min(...items),
      end: Math.max(...ends),
      operatorBefore: this.segment.operatorBefore,
      operatorAfter: after,
    });
  }

  private operator(op: ShellOperator, at: number): void {
    if (this.pendingRedirect) {
      throw new ShellSyntaxFailure(
        `syntax error near unexpected token \`${op === '\n' ? 'newline' : op}'`,
        at,
      );
    }
    const empty = this.segment.words.length === 0 && this.segment.redirects.length === 0;
    if (empty) {
      if (op === '\n') {
        // A blank line, or the newline after `|`, `&&`, `||`: the shell keeps reading (POSIX §2.9).
        return;
      }
      throw new ShellSyntaxFailure(`syntax error near unexpected token \`${op}'`, at);
    }
    this.pushSegment(op);
    this.segment = { words: [], redirects: [], operatorBefore: op };
  }

  private redirect(operator: RedirectOperator, at: number): void {
    let fd: number | null = null;
    const word = this.word;
    // An IO number is a word of digits written right against the operator: `2>&1` (POSIX §2.10.1).
    if (word && !word.quoted && word.expansions.length === 0 && /^\d+$/.test(word.text)) {
      fd = Number(word.text);
      this.word = null;
    } else {
      this.endWord();
    }
    if (this.pendingRedirect) {
      throw new ShellSyntaxFailure(`syntax error near unexpected token \`${operator}'`, at);
    }
    this.pendingRedirect = { fd, operator, offset: word && fd !== null ? word.offset : at };
  }

  private readOperator(): void {
    const src = this.src;
    const at = this.i;
    const c = src[at];
    const two = src.slice(at, at + 2);
    const three = src.slice(at, at + 3);
    if (c === '(' || c === ')') {
      throw new ShellSyntaxFailure(
        `syntax error near unexpected token \`${c}' (subshells are not supported here)`,
        at,
      );
    }
    if (c === '|') {
      this.endWord();
      if (two === '||') return this.advanceOperator('||', 2, at);
      if (two === '|&') return this.advanceOperator('|&', 2, at);
      return this.advanceOperator('|', 1, at);
    }
    if (c === ';') {
      this.endWord();
      if (two === ';;') throw new ShellSyntaxFailure("syntax error near unexpected token `;;'", at);
      return this.advanceOperator(';', 1, at);
    }
    if (c === '&') {
      if (three === '&>>') return this.advanceRedirect('&>>', 3, at);
      if (two === '&>') return this.advanceRedirect('&>', 2, at);
      this.endWord();
      if (two === '&&') return this.advanceOperator('&&', 2, at);
      return this.advanceOperator('&', 1, at);
    }
    if (c === '<') {
      if (three === '<<<') return this.advanceRedirect('<<<', 3, at);
      if (two === '<<') {
        throw new ShellSyntaxFailure(
          'here-documents (<<) are not supported here; pipe the text in instead (echo text | …)',
          at,
        );
      }
      if (two === '<>') return this.advanceRedirect('<>', 2, at);
      if (two === '<&') return this.advanceRedirect('<&', 2, at);
      return this.advanceRedirect('<', 1, at);
    }
    // c === '>'
    if (two === '>>') return this.advanceRedirect('>>', 2, at);
    if (two === '>|') return this.advanceRedirect('>|', 2, at);
    if (two === '>&') return this.advanceRedirect('>&', 2, at);
    return this.advanceRedirect('>', 1, at);
  }

  private advanceOperator(op: ShellOperator, length: number, at: number): void {
    this.i += length;
    this.operator(op, at);
  }

  private advanceRedirect(op: RedirectOperator, length: number, at: number): void {
    this.redirect(op, at);
    this.i += length;
  }

  private readDoubleQuoted(): void {
    const src = this.src;
    const open = this.i;
    this.startWord(open).quoted = true;
    this.i++;
    for (;;) {
      if (this.i >= src.length) {
        throw new ShellSyntaxFailure('unexpected end of input while looking for the matching `"\'', open);
      }
      const c = src[this.i];
      if (c === '"') {
        this.i++;
        return;
      }
      if (c === '\\') {
        // Inside double quotes a backslash only escapes $ ` " \ and newline (POSIX §2.2.3).
        const next = src[this.i + 1];
        if (next === '\n') {
          this.i += 2;
        } else if (next === '$' || next === '`' || next === '"' || next === '\\') {
          this.append(next, this.i, true);
          this.i += 2;
        } else {
          this.append('\\', this.i, true);
          this.i++;
        }
      } else if (c === '$') {
        this.readDollar(true);
      } else if (c === '`') {
        this.readBackquoted();
      } else {
        this.append(c, this.i, true);
        this.i++;
      }
    }
  }

  private readBackquoted(): void {
    const open = this.i;
    const next = skipBackquoted(this.src, open);
    if (next < 0) {
      throw new ShellSyntaxFailure("unexpected end of input while looking for the matching ``'", open);
    }
    this.addExpansion('command', this.src.slice(open, next), null, open);
    this.i = next;
  }

  private addExpansion(kind: ShellExpansion['kind'], text: string, name: string | null, at: number): void {
    const word = this.startWord(at);
    const env = this.env;
    if (kind === 'variable' && name !== null && env && NAME_START.test(name[0])) {
      const value = Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined;
      word.text += value ?? '';
      word.expansions.push({ kind, text, name, offset: at, expanded: true, unset: value === undefined });
      return;
    }
    word.text += text;
    word.expansions.push({ kind, text, name, offset: at, expanded: false, unset: false });
  }

  private readDollar(inDoubleQuotes: boolean): void {
    const src = this.src;
    const at = this.i;
    const c1 = src[at + 1];
    if (c1 === "'" && !inDoubleQuotes) {
      const { text, next } = readAnsiCQuoted(src, at);
      this.append(text, at, true);
      this.i = next;
      return;
    }
    if (c1 === '"' && !inDoubleQuotes) {
      // bash's $"…" (locale translation) is an ordinary double-quoted string for us.
      this.i++;
      this.startWord(at);
      this.readDoubleQuoted();
      return;
    }
    if (c1 === '{') {
      const close = src.indexOf('}', at + 2);
      if (close < 0) {
        throw new ShellSyntaxFailure("unexpected end of input while looking for the matching `}'", at);
      }
      const inner = src.slice(at + 2, close);
      const name = /^([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])$/.test(inner) ? inner : null;
      this.addExpansion('variable', src.slice(at, close + 1), name, at);
      this.i = close + 1;
      return;
    }
    if (c1 === '(') {
      const arithmetic = src[at + 2] === '(';
      const next = skipParenthesised(src, at + 2);
      if (next < 0) {
        throw new ShellSyntaxFailure("unexpected end of input while looking for the matching `)'", at);
      }
      this.addExpansion(arithmetic ? 'arithmetic' : 'command', src.slice(at, next), null, at);
      this.i = next;
      return;
    }
    if (c1 !== undefined && NAME_START.test(c1)) {
      let end = at + 2;
      while (end < src.length && NAME_CHAR.test(src[end])) end++;
      this.addExpansion('variable', src.slice(at, end), src.slice(at + 1, end), at);
      this.i = end;
      return;
    }
    if (c1 !== undefined && SPECIAL_PARAMETER.test(c1)) {
      this.addExpansion('variable', src.slice(at, at + 2), c1, at);
      this.i = at + 2;
      return;
    }
    // A lone `$` (before a space, `/`, `:` or the end) is an ordinary character.
    this.append('$', at, inDoubleQuotes);
    this.i++;
  }
}

/**
 * Split shell input into simple commands (segments) of words. Operators between segments are kept
 * in `operatorBefore`/`operatorAfter`; consecutive segments joined by `|` or `|&` form a pipeline.
 */
export function splitShellWords(input: string, options: ShellSplitOptions = {}): ShellSplitResult {
  const lexer = new Lexer(input, options.env);
  try {
    lexer.run();
  } catch (e) {
    if (e instanceof ShellSyntaxFailure) {
      return {
        ok: false,
        error: { message: e.message, offset: e.offset, ...lineAndColumn(input, e.offset) },
      };
    }
    throw e;
  }
  return { ok: true, segments: lexer.segments };
}

/** Group segments into pipelines: runs of segments joined by `|` or `|&`. */
export function pipelines(segments: readonly ShellSegment[]): ShellSegment[][] {
  const out: ShellSegment[][] = [];
  for (const segment of segments) {
    const joined = segment.operatorBefore === '|' || segment.operatorBefore === '|&';
    if (joined && out.length > 0) out[out.length - 1].push(segment);
    else out.push([segment]);
  }
  return out;
}

/**
 * Cut a multi-line text into the commands a shell would read one at a time: a newline ends a
 * command unless it is escaped (continuation), inside quotes, `$(…)` or backquotes, or follows
 * `|`, `&&` or `||`. Blank lines and comment-only lines come back too (callers skip them); an
 * unterminated quote makes the rest of the text one command, whose word splitting then reports it.
 */
export function splitLogicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let start = 0;
  let startLine = 1;
  let line = 1;
  let i = 0;
  let atWordStart = true;
  // The last operator seen outside quotes on the current command, cleared by any other token.
  let continues = false;
  const cut = (end: number, next: number) => {
    out.push({ text: text.slice(start, end), offset: start, line: startLine });
    start = next;
    startLine = line;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      line++;
      if (!continues) cut(i, i + 1);
      i++;
      atWordStart = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      atWordStart = true;
      continue;
    }
    if (c === '#' && atWordStart) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    let next = i + 1;
    if (c === '\\') {
      next = Math.min(text.startsWith('\r\n', i + 1) ? i + 3 : i + 2, text.length);
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      next = close < 0 ? text.length : close + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      next = Math.min(j + 1, text.length);
    } else if (c === '`') {
      const close = skipBackquoted(text, i);
      next = close < 0 ? text.length : close;
    } else if (c === '$' && text[i + 1] === '(') {
      const close = skipParenthesised(text, i + 2);
      next = close < 0 ? text.length : close;
    } else if (c === '$' && text[i + 1] === "'") {
      let j = i + 2;
      while (j < text.length && text[j] !== "'") j += text[j] === '\\' ? 2 : 1;
      next = Math.min(j + 1, text.length);
    }
    for (let k = i; k < next; k++) if (text[k] === '\n') line++;
    const two = text.slice(i, i + 2);
    if (two === '&&' || two === '||' || two === '|&') {
      continues = true;
      next = i + 2;
    } else if (c === '|') {
      continues = true;
    } else {
      continues = false;
    }
    atWordStart = '|&;<>()'.includes(c);
    i = next;
  }
  if (start < text.length || out.length === 0) cut(text.length, text.length);
  return out;
}
