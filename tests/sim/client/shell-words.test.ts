import { describe, expect, it } from 'vitest';
import {
  lineAndColumn,
  pipelines,
  splitLogicalLines,
  splitShellWords,
  type ShellSegment,
  type ShellSplitOptions,
} from '../../../src/sim/traffic/client/index.ts';

function segments(input: string, options?: ShellSplitOptions): ShellSegment[] {
  const result = splitShellWords(input, options);
  if (!result.ok) throw new Error(`unexpected error: ${result.error.message}`);
  return result.segments;
}

/** Words of each segment. */
function words(input: string, options?: ShellSplitOptions): string[][] {
  return segments(input, options).map((s) => s.words.map((w) => w.text));
}

describe('splitShellWords: quoting and escapes', () => {
  it.each<[string, string[]]>([
    ['curl http://a/', ['curl', 'http://a/']],
    ['  curl   -v\thttp://a/  ', ['curl', '-v', 'http://a/']],
    ["curl -H 'Host: b.sample.com' x", ['curl', '-H', 'Host: b.sample.com', 'x']],
    ['curl -H "Host: b.sample.com" x', ['curl', '-H', 'Host: b.sample.com', 'x']],
    // Quotes join with their neighbours into one word.
    ["a'b c'd", ['ab cd']],
    ['a"b c"d', ['ab cd']],
    [`'a'"b"c`, ['abc']],
    // Single quotes keep everything literally, backslashes and dollars included.
    [`'a\\b $X "q"'`, ['a\\b $X "q"']],
    // Double quotes: backslash escapes only " \ $ ` (and newline); elsewhere it stays.
    [`"a\\"b"`, ['a"b']],
    [`"a\\\\b"`, ['a\\b']],
    [`"cost \\$5"`, ['cost $5']],
    ['"a\\`b"', ['a`b']],
    [`"a\\nb"`, ['a\\nb']],
    [`"it's"`, ["it's"]],
    [`'say "hi"'`, ['say "hi"']],
    // Outside quotes a backslash makes the next character literal.
    ['a\\ b', ['a b']],
    ['\\"a\\"', ['"a"']],
    ["\\'", ["'"]],
    ['a\\\\b', ['a\\b']],
    ['\\curl x', ['curl', 'x']],
    ['a\\|b', ['a|b']],
    ['a\\;b', ['a;b']],
    // A trailing backslash stays.
    ['a\\', ['a\\']],
    // Empty quoted strings are words.
    ["curl '' x", ['curl', '', 'x']],
    ['curl "" x', ['curl', '', 'x']],
    // bash's $'…' ANSI-C quoting.
    ["$'a\\nb'", ['a\nb']],
    ["$'tab\\there'", ['tab\there']],
    ["$'\\x41\\101\\u00e9'", ['AAé']],
    ["$'it\\'s'", ["it's"]],
    // $"…" is a double-quoted string.
    ['$"a b"', ['a b']],
    // Carriage returns (pasted CRLF text) are whitespace.
    ['curl x\r', ['curl', 'x']],
  ])('%j', (input, expected) => {
    expect(words(input)).toEqual([expected]);
  });

  it('marks quoted and escaped words', () => {
    const [segment] = segments(`a 'b' c\\d "e" f`);
    expect(segment.words.map((w) => w.quoted)).toEqual([false, true, true, true, false]);
  });

  it('reports each word’s offsets in the input', () => {
    const [segment] = segments(`curl  -H 'Host: x'  http://a/`);
    expect(segment.words.map((w) => [w.offset, w.end])).toEqual([
      [0, 4],
      [6, 8],
      [9, 18],
      [20, 29],
    ]);
  });
});

describe('splitShellWords: continuations and comments', () => {
  it.each<[string, string[][]]>([
    ['curl -v \\\n  https://a/', [['curl', '-v', 'https://a/']]],
    // A continuation inside a word joins it.
    ['cu\\\nrl x', [['curl', 'x']]],
    ['curl -v \\\r\n  https://a/', [['curl', '-v', 'https://a/']]],
    // Inside double quotes backslash-newline vanishes as well.
    ['"a\\\nb"', [['ab']]],
    // Inside single quotes it is literal.
    ["'a\\\nb'", [['a\\\nb']]],
    ['curl x # a comment', [['curl', 'x']]],
    ['# only a comment', []],
    ['curl x #comment', [['curl', 'x']]],
    // `#` inside a word is an ordinary character.
    ['curl http://a/#frag', [['curl', 'http://a/#frag']]],
    ["curl '#x'", [['curl', '#x']]],
    [
      'curl x # comment\ncurl y',
      [
        ['curl', 'x'],
        ['curl', 'y'],
      ],
    ],
    ['', []],
    ['   \n\n  ', []],
  ])('%j', (input, expected) => {
    expect(words(input)).toEqual(expected);
  });
});

describe('splitShellWords: operators', () => {
  it('splits pipelines and lists and records the operators', () => {
    const result = segments('a | b && c || d ; e & f');
    expect(result.map((s) => s.words[0].text)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(result.map((s) => s.operatorBefore)).toEqual([null, '|', '&&', '||', ';', '&']);
    expect(result.map((s) => s.operatorAfter)).toEqual(['|', '&&', '||', ';', '&', null]);
  });

  it.each<[string, string[][]]>([
    [
      'echo hello|nc h 1',
      [
        ['echo', 'hello'],
        ['nc', 'h', '1'],
      ],
    ],
    ['a;b', [['a'], ['b']]],
    ['a&&b', [['a'], ['b']]],
    ['a |& b', [['a'], ['b']]],
    // Quoted or escaped operators are not operators.
    ["echo 'a | b'", [['echo', 'a | b']]],
    ['echo "a && b"', [['echo', 'a && b']]],
    ['echo a\\|b', [['echo', 'a|b']]],
    // `$(…)` and backquotes keep their inside, operators included, as text.
    ['curl -H "X: $(a | b)" x', [['curl', '-H', 'X: $(a | b)', 'x']]],
    ['curl $(echo a; echo b) x', [['curl', '$(echo a; echo b)', 'x']]],
    ['echo `a | b`', [['echo', '`a | b`']]],
    // A newline after |, && or || continues the command.
    [
      'echo hi |\n  nc h 1',
      [
        ['echo', 'hi'],
        ['nc', 'h', '1'],
      ],
    ],
    ['a &&\n\n b', [['a'], ['b']]],
    // A plain newline separates commands.
    ['a\nb', [['a'], ['b']]],
  ])('%j', (input, expected) => {
    expect(words(input)).toEqual(expected);
  });

  it('marks newline-separated commands with the newline operator', () => {
    expect(segments('a\nb').map((s) => s.operatorBefore)).toEqual([null, '\n']);
  });

  it('groups segments into pipelines', () => {
    const groups = pipelines(segments('echo a | nc h 1 ; curl x | jq . | less && curl y'));
    expect(groups.map((g) => g.map((s) => s.words[0].text))).toEqual([
      ['echo', 'nc'],
      ['curl', 'jq', 'less'],
      ['curl'],
    ]);
  });
});

describe('splitShellWords: redirections', () => {
  it.each<[string, string[], [number | null, string, string][]]>([
    ['curl x > out.html', ['curl', 'x'], [[null, '>', 'out.html']]],
    [
      'curl x >/dev/null 2>&1',
      ['curl', 'x'],
      [
        [null, '>', '/dev/null'],
        [2, '>&', '1'],
      ],
    ],
    ['curl x 2>/dev/null', ['curl', 'x'], [[2, '>', '/dev/null']]],
    ['curl x >> log', ['curl', 'x'], [[null, '>>', 'log']]],
    ['curl x &> all', ['curl', 'x'], [[null, '&>', 'all']]],
    ['nc h 1 < /dev/null', ['nc', 'h', '1'], [[null, '<', '/dev/null']]],
    ["nc h 1 <<< 'hi there'", ['nc', 'h', '1'], [[null, '<<<', 'hi there']]],
    // Digits separated from the operator are an argument, not a file descriptor.
    ['echo 2 > f', ['echo', '2'], [[null, '>', 'f']]],
    // A quoted operator is text.
    ["echo '>' x", ['echo', '>', 'x'], []],
  ])('%j', (input, expectedWords, expectedRedirects) => {
    const [segment] = segments(input);
    expect(segment.words.map((w) => w.text)).toEqual(expectedWords);
    expect(segment.redirects.map((r) => [r.fd, r.operator, r.target.text])).toEqual(expectedRedirects);
  });
});

describe('splitShellWords: expansions are left as typed', () => {
  it.each<[string, string[], string[]]>([
    [
      'curl http://$INGRESS_HOST:$INGRESS_PORT/x',
      ['curl', 'http://$INGRESS_HOST:$INGRESS_PORT/x'],
      ['$INGRESS_HOST', '$INGRESS_PORT'],
    ],
    ['echo "${HOST}/x"', ['echo', '${HOST}/x'], ['${HOST}']],
    ['echo $1 $? $$', ['echo', '$1', '$?', '$$'], ['$1', '$?', '$$']],
    ['echo $(cat f)', ['echo', '$(cat f)'], ['$(cat f)']],
    ['echo $((1 + 2))', ['echo', '$((1 + 2))'], ['$((1 + 2))']],
    ['echo `date`', ['echo', '`date`'], ['`date`']],
    // Single-quoted dollars are not expansions.
    ["echo '$HOME'", ['echo', '$HOME'], []],
    // A dollar before something that is not a name is an ordinary character.
    ['echo $ a$ $/', ['echo', '$', 'a$', '$/'], []],
  ])('%j', (input, expectedWords, expansions) => {
    const [segment] = segments(input);
    expect(segment.words.map((w) => w.text)).toEqual(expectedWords);
    expect(segment.words.flatMap((w) => w.expansions.map((x) => x.text))).toEqual(expansions);
    expect(segment.words.flatMap((w) => w.expansions.map((x) => x.expanded))).toEqual(
      expansions.map(() => false),
    );
  });

  it('classifies expansions', () => {
    const [segment] = segments('echo $A ${B} $(c) `d` $((1))');
    expect(segment.words.slice(1).map((w) => [w.expansions[0].kind, w.expansions[0].name])).toEqual([
      ['variable', 'A'],
      ['variable', 'B'],
      ['command', null],
      ['command', null],
      ['arithmetic', null],
    ]);
  });

  it('expands $NAME and ${NAME} from env when given, outside single quotes only', () => {
    const env = { INGRESS_HOST: '203.0.113.10', PORT: '443' };
    expect(words(`curl "https://a:$PORT/" '$PORT' http://\${INGRESS_HOST}:$PORT/x $UNSET.`, { env })).toEqual(
      [['curl', 'https://a:443/', '$PORT', 'http://203.0.113.10:443/x', '.']],
    );
    const unset = segments('echo $UNSET', { env })[0].words[1].expansions[0];
    expect(unset).toMatchObject({ name: 'UNSET', expanded: true, unset: true });
  });

  it('does not expand specials or command substitutions even with env', () => {
    expect(words('echo $1 $(x)', { env: { x: 'no' } })).toEqual([['echo', '$1', '$(x)']]);
  });
});

describe('splitShellWords: errors are values with positions', () => {
  it.each<[string, string, number, number]>([
    ["curl -H 'Host: x", "matching `''", 1, 9],
    ['curl -H "Host: x', 'matching `"\'', 1, 9],
    ['curl \\\n -H "x', 'matching `"\'', 2, 5],
    ["echo $'abc", "matching `''", 1, 7],
    ['echo ${HOST', "matching `}'", 1, 6],
    ['echo $(date', "matching `)'", 1, 6],
    ['echo `date', "matching ``'", 1, 6],
    ['| nc h 1', "unexpected token `|'", 1, 1],
    ['echo hi |', "unexpected end of input after `|'", 1, 10],
    ['curl a &&', "unexpected end of input after `&&'", 1, 10],
    ['a ;; b', "unexpected token `;;'", 1, 3],
    ['a && && b', "unexpected token `&&'", 1, 6],
    ['curl x >', "unexpected token `newline'", 1, 9],
    ['curl x > | y', "unexpected token `|'", 1, 10],
    ['(curl x)', "unexpected token `('", 1, 1],
    ['cat <<EOF', 'here-documents', 1, 5],
  ])('%j', (input, message, line, column) => {
    const result = splitShellWords(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toContain(message);
    expect([result.error.line, result.error.column]).toEqual([line, column]);
  });
});

describe('splitLogicalLines', () => {
  it.each<[string, [string, number][]]>([
    [
      'curl a\ncurl b',
      [
        ['curl a', 1],
        ['curl b', 2],
      ],
    ],
    [
      'curl -v \\\n  https://a/\ncurl b',
      [
        ['curl -v \\\n  https://a/', 1],
        ['curl b', 3],
      ],
    ],
    [
      "curl -d '{\n}' x\nnc h 1",
      [
        ["curl -d '{\n}' x", 1],
        ['nc h 1', 3],
      ],
    ],
    [
      'echo hi |\n  nc h 1\ncurl x',
      [
        ['echo hi |\n  nc h 1', 1],
        ['curl x', 3],
      ],
    ],
    ['curl a &&\ncurl b', [['curl a &&\ncurl b', 1]]],
    ['curl a ||\ncurl b', [['curl a ||\ncurl b', 1]]],
    // A `|` inside quotes or a comment does not continue the line.
    [
      "echo '|'\ncurl x",
      [
        ["echo '|'", 1],
        ['curl x', 2],
      ],
    ],
    [
      'curl x # a |\ncurl y',
      [
        ['curl x # a |', 1],
        ['curl y', 2],
      ],
    ],
    [
      'curl x &\ncurl y',
      [
        ['curl x &', 1],
        ['curl y', 2],
      ],
    ],
    [
      'curl -H "$(a\nb)" x\ncurl y',
      [
        ['curl -H "$(a\nb)" x', 1],
        ['curl y', 3],
      ],
    ],
    // An unterminated quote takes the rest of the text.
    ["curl 'x\ncurl y", [["curl 'x\ncurl y", 1]]],
    [
      'a\n\nb',
      [
        ['a', 1],
        ['', 2],
        ['b', 3],
      ],
    ],
  ])('%j', (input, expected) => {
    expect(splitLogicalLines(input).map((l) => [l.text, l.line])).toEqual(expected);
  });

  it('gives offsets into the whole text', () => {
    const text = 'curl a\n  curl b';
    for (const line of splitLogicalLines(text))
      expect(text.slice(line.offset, line.offset + line.text.length)).toBe(line.text);
  });
});

describe('lineAndColumn', () => {
  it.each<[string, number, number, number]>([
    ['abc', 0, 1, 1],
    ['abc', 2, 1, 3],
    ['ab\ncd', 3, 2, 1],
    ['ab\ncd', 4, 2, 2],
    ['ab\n\ncd', 4, 3, 1],
  ])('%j at %i', (text, offset, line, column) => {
    expect(lineAndColumn(text, offset)).toEqual({ line, column });
  });
});
