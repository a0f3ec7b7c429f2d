/**
 * `JsonSyntaxError` locates the first syntax error in a JSON text (RFC 8259): a 0-based character
 * `position`, 1-based `line` and `column`, and a lowercase `message` naming what was found and what
 * was expected.
 */
export interface JsonSyntaxError {
  readonly position: number;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

type Expect = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';

/** RFC 8259 §6 number grammar, matched at a given index. */
const NUMBER_SOURCE = String.raw`-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?`;
const LITERALS = ['true', 'false', 'null'] as const;
/** Escapes allowed after a backslash (RFC 8259 §7); `u` takes four hex digits. */
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

function show(ch: string | undefined): string {
  return ch === undefined ? 'end of file' : JSON.stringify(ch);
}

function at(text: string, position: number, message: string): JsonSyntaxError {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < position; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { position, line, column: position - lineStart + 1, message };
}

/** Returns the index after the string starting at `start` (a `"`), or an error. */
function scanString(text: string, start: number): number | JsonSyntaxError {
  for (let i = start + 1; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22) {
      return i + 1;
    }
    if (ch < 0x20) {
      return at(text, i, `control character ${show(text[i])} in string`);
    }
    if (ch === 0x5c) {
      const esc = text[i + 1];
      if (esc === undefined || !ESCAPES.has(esc)) {
        return at(text, i, `invalid escape ${show(text.slice(i, i + 2))} in string`);
      }
      if (esc === 'u' && !HEX4.test(text.slice(i + 2, i + 6))) {
        return at(text, i, `invalid escape ${show(text.slice(i, i + 6))} in string`);
      }
      i += esc === 'u' ? 5 : 1;
    }
  }
  return at(text, start, 'unterminated string');
}

/**
 * `locateJsonSyntaxError` scans `text` and returns where it first stops being JSON, or `undefined`
 * when it is valid. `JSON.parse` in Node 20 does not always report a position ("Unexpected token 'x',
 * "..." is not valid JSON"), so files that fail to parse are scanned again with this to say where.
 * The scan keeps its own stack, so deep nesting cannot overflow the call stack.
 */
export function locateJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const stack: ('{' | '[')[] = [];
  const number = new RegExp(NUMBER_SOURCE, 'y');
  let expect: Expect = 'value';
  let i = 0;
  const afterValue = (): Expect => (stack.length > 0 ? 'comma-or-close' : 'end');
  for (;;) {
    while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) {
      i += 1;
    }
    const c = text[i];
    if (c === undefined) {
      return expect === 'end'
        ? undefined
        : at(
            text,
            i,
            stack.length > 0
              ? `unexpected end of file inside ${stack.at(-1) === '{' ? 'an object' : 'an array'}`
              : 'unexpected end of file',
          );
    }
    if (expect === 'value' || expect === 'value-or-close') {
      if (c === ']' && expect === 'value-or-close') {
        stack.pop();
        i += 1;
        expect = afterValue();
      } else if (c === '{' || c === '[') {
        stack.push(c);
        i += 1;
        expect = c === '{' ? 'key-or-close' : 'value-or-close';
      } else if (c === '"') {
        const end = scanString(text, i);
        if (typeof end !== 'number') {
          return end;
        }
        i = end;
        expect = afterValue();
      } else if (c === '-' || (c >= '0' && c <= '9')) {
        number.lastIndex = i;
        if (!number.test(text)) {
          return at(text, i, `invalid number starting with ${show(c)}`);
        }
        i = number.lastIndex;
        expect = afterValue();
      } else {
        const literal = LITERALS.find((l) => text.startsWith(l, i));
        if (literal === undefined) {
          return at(text, i, `unexpected ${show(c)}, expected a value`);
        }
        i += literal.length;
        expect = afterValue();
      }
    } else if (expect === 'key' || expect === 'key-or-close') {
      if (c === '}' && expect === 'key-or-close') {
        stack.pop();
        i += 1;
        expect = afterValue();
      } else if (c === '"') {
        const end = scanString(text, i);
        if (typeof end !== 'number') {
          return end;
        }
        i = end;
        expect = 'colon';
      } else {
        return at(text, i, `unexpected ${show(c)}, expected a double-quoted property name`);
      }
    } else if (expect === 'colon') {
      if (c !== ':') {
        return at(text, i, `unexpected ${show(c)}, expected ':'`);
      }
      i += 1;
      expect = 'value';
    } else if (expect === 'comma-or-close') {
      const close = stack.at(-1) === '{' ? '}' : ']';
      if (c === ',') {
        i += 1;
        expect = close === '}' ? 'key' : 'value';
      } else if (c === close) {
        stack.pop();
        i += 1;
        expect = afterValue();
      } else {
        return at(text, i, `unexpected ${show(c)}, expected ',' or '${close}'`);
      }
    } else {
      return at(text, i, `unexpected ${show(c)} after the end of the JSON value`);
    }
  }
}
