import { ArmError } from '../arm-error.js';

/**
 * A small OData v4 subset for the list operations of AMS (`$filter`, `$orderby`, `$top`; OData v4.01
 * Part 2 §5.1.1, §5.1.5, §5.1.6), as AMS documents them for assets and locators:
 * `properties/created gt 2012-06-01 and properties/created lt 2013-07-01`, `name eq 'show1'`,
 * `$orderby=properties/created desc`. Supported: comparisons `eq ne gt ge lt le` between a field and a
 * literal (`'text'` with `''` for a quote, numbers, `true`/`false`/`null`, ISO 8601 dates and
 * date-times, bare or as `datetime'…'`), `and`, `or`, `not` and parentheses. Fields are spelled
 * `properties/created` or `properties.created`. Anything else is a 400 naming what was not understood.
 */

/** `ODataValue` is what a field evaluates to. Dates compare as instants. */
export type ODataValue = string | number | boolean | Date | null | undefined;

/** `ODataFields` maps the filterable field names (`name`, `properties/created`) to their values. */
export type ODataFields<T> = Readonly<Record<string, (item: T) => ODataValue>>;

type Comparison = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

type Expr =
  | { readonly kind: 'and' | 'or'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'not'; readonly operand: Expr }
  | { readonly kind: 'compare'; readonly op: Comparison; readonly field: string; readonly value: ODataValue };

type Token =
  | { readonly kind: 'word'; readonly text: string }
  | { readonly kind: 'string'; readonly text: string }
  | { readonly kind: 'open' | 'close' };

const COMPARISONS: readonly Comparison[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const MAX_FILTER = 2048;

function invalid(parameter: string, message: string): ArmError {
  return new ArmError(400, 'BadRequest', `${parameter}: ${message}`, parameter);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'open' : 'close' });
      i++;
    } else if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) {
          throw invalid('$filter', 'a quoted string is not closed');
        }
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ kind: 'string', text: value });
    } else {
      let j = i;
      while (j < text.length && !" \t()'".includes(text[j] ?? '')) {
        j++;
      }
      const word = text.slice(i, j);
      // `datetime'2024-01-01T00:00:00Z'`: a typed literal.
      if (word.toLowerCase() === 'datetime' && text[j] === "'") {
        i = j;
        continue;
      }
      tokens.push({ kind: 'word', text: word });
      i = j;
    }
  }
  return tokens;
}

function canonicalField(name: string): string {
  return name.replaceAll('.', '/').toLowerCase();
}

function literal(token: Token | undefined): ODataValue {
  if (token === undefined) {
    throw invalid('$filter', 'a comparison lacks its value');
  }
  if (token.kind === 'string') {
    return DATE.test(token.text) && token.text.includes('T') ? new Date(token.text) : token.text;
  }
  if (token.kind !== 'word') {
    throw invalid('$filter', 'a comparison lacks its value');
  }
  const t = token.text;
  if (t === 'null') {
    return null;
  }
  if (t === 'true' || t === 'false') {
    return t === 'true';
  }
  if (DATE.test(t)) {
    const d = new Date(t.length === 10 ? `${t}T00:00:00Z` : t);
    if (Number.isNaN(d.getTime())) {
      throw invalid('$filter', `${t} is not a valid date`);
    }
    return d;
  }
  if (/^-?\d+(\.\d+)?$/.test(t)) {
    return Number(t);
  }
  throw invalid(
    '$filter',
    `${JSON.stringify(t)} is not a value: quote text ('…'), or give a number, a date or true/false/null`,
  );
}

class Parser {
  #at = 0;
  constructor(
    readonly tokens: readonly Token[],
    readonly fields: readonly string[],
  ) {}

  parse(): Expr {
    const e = this.#or();
    if (this.#at < this.tokens.length) {
      throw invalid('$filter', `unexpected ${describe(this.tokens[this.#at])}`);
    }
    return e;
  }

  #peekWord(): string | undefined {
    const t = this.tokens[this.#at];
    return t?.kind === 'word' ? t.text.toLowerCase() : undefined;
  }

  #or(): Expr {
    let left = this.#and();
    while (this.#peekWord() === 'or') {
      this.#at++;
      left = { kind: 'or', left, right: this.#and() };
    }
    return left;
  }

  #and(): Expr {
    let left = this.#unary();
    while (this.#peekWord() === 'and') {
      this.#at++;
      left = { kind: 'and', left, right: this.#unary() };
    }
    return left;
  }

  #unary(): Expr {
    if (this.#peekWord() === 'not') {
      this.#at++;
      return { kind: 'not', operand: this.#unary() };
    }
    const t = this.tokens[this.#at];
    if (t?.kind === 'open') {
      this.#at++;
      const e = this.#or();
      if (this.tokens[this.#at]?.kind !== 'close') {
        throw invalid('$filter', 'a parenthesis is not closed');
      }
      this.#at++;
      return e;
    }
    if (t?.kind !== 'word') {
      throw invalid('$filter', `expected a field name, found ${describe(t)}`);
    }
    const field = canonicalField(t.text);
    if (!this.fields.includes(field)) {
      throw invalid(
        '$filter',
        `cannot filter on ${JSON.stringify(t.text)}; filterable: ${this.fields.join(', ')}`,
      );
    }
    this.#at++;
    const op = this.#peekWord();
    const comparison = COMPARISONS.find((c) => c === op);
    if (comparison === undefined) {
      throw invalid('$filter', `expected one of ${COMPARISONS.join(', ')} after ${t.text}`);
    }
    this.#at++;
    const value = literal(this.tokens[this.#at]);
    this.#at++;
    return { kind: 'compare', op: comparison, field, value };
  }
}

function describe(t: Token | undefined): string {
  if (t === undefined) {
    return 'the end';
  }
  return t.kind === 'word' || t.kind === 'string' ? JSON.stringify(t.text) : t.kind === 'open' ? '(' : ')';
}

function comparable(v: ODataValue): string | number | boolean | null {
  if (v instanceof Date) {
    return v.getTime();
  }
  return v ?? null;
}

function compareValues(op: Comparison, a: ODataValue, b: ODataValue): boolean {
  let x = comparable(a);
  let y = comparable(b);
  // A stored date-time compares with a date literal (and back) as instants.
  if (typeof x === 'string' && typeof y === 'number' && b instanceof Date) {
    x = Date.parse(x);
  }
  if (typeof x === 'string' && typeof y === 'string') {
    x = x.toLowerCase();
    y = y.toLowerCase();
  }
  switch (op) {
    case 'eq':
      return x === y;
    case 'ne':
      return x !== y;
  }
  if (x === null || y === null || typeof x !== typeof y) {
    return false;
  }
  const [l, r] = [x as number | string, y as number | string];
  return op === 'gt' ? l > r : op === 'ge' ? l >= r : op === 'lt' ? l < r : l <= r;
}

function evaluate<T>(e: Expr, item: T, fields: ReadonlyMap<string, (item: T) => ODataValue>): boolean {
  switch (e.kind) {
    case 'and':
      return evaluate(e.left, item, fields) && evaluate(e.right, item, fields);
    case 'or':
      return evaluate(e.left, item, fields) || evaluate(e.right, item, fields);
    case 'not':
      return !evaluate(e.operand, item, fields);
    case 'compare':
      return compareValues(e.op, fields.get(e.field)?.(item), e.value);
  }
}

function orderTerms(text: string, fields: readonly string[]): { field: string; descending: boolean }[] {
  return text.split(',').map((term) => {
    const [name = '', direction = 'asc', ...rest] = term.trim().split(/\s+/);
    const field = canonicalField(name);
    if (!fields.includes(field)) {
      throw invalid('$orderby', `cannot order by ${JSON.stringify(name)}; orderable: ${fields.join(', ')}`);
    }
    if (rest.length > 0 || !['asc', 'desc'].includes(direction.toLowerCase())) {
      throw invalid('$orderby', `expected "<field> [asc|desc]", got ${JSON.stringify(term.trim())}`);
    }
    return { field, descending: direction.toLowerCase() === 'desc' };
  });
}

function sortKey(v: ODataValue): number | string {
  const c = comparable(v);
  if (typeof c === 'string') {
    const t = Date.parse(c);
    return /^\d{4}-\d{2}-\d{2}T/.test(c) && Number.isFinite(t) ? t : c.toLowerCase();
  }
  return c === null ? '' : typeof c === 'boolean' ? Number(c) : c;
}

/**
 * `applyODataQuery` filters, orders and cuts `items` by the request's `$filter`, `$orderby` and `$top`
 * over `fields`. Throws 400 `BadRequest` naming the parameter when one is not understood.
 */
export function applyODataQuery<T>(
  query: URLSearchParams,
  items: readonly T[],
  fieldSpec: ODataFields<T>,
): T[] {
  const fields = new Map(Object.entries(fieldSpec).map(([k, v]) => [canonicalField(k), v]));
  const names = [...fields.keys()];
  let out = [...items];
  const filter = query.get('$filter');
  if (filter !== null && filter.trim() !== '') {
    if (filter.length > MAX_FILTER) {
      throw invalid('$filter', `at most ${MAX_FILTER} characters`);
    }
    const expr = new Parser(tokenize(filter), names).parse();
    out = out.filter((item) => evaluate(expr, item, fields));
  }
  const orderby = query.get('$orderby');
  if (orderby !== null && orderby.trim() !== '') {
    const terms = orderTerms(orderby, names);
    out.sort((a, b) => {
      for (const { field, descending } of terms) {
        const get = fields.get(field);
        const x = sortKey(get?.(a));
        const y = sortKey(get?.(b));
        if (x !== y) {
          return (x < y ? -1 : 1) * (descending ? -1 : 1);
        }
      }
      return 0;
    });
  }
  const top = query.get('$top');
  if (top !== null && top !== '') {
    if (!/^\d{1,9}$/.test(top)) {
      throw invalid('$top', `must be a whole number, not ${JSON.stringify(top)}`);
    }
    out = out.slice(0, Number(top));
  }
  return out;
}
