/**
 * `parseXmlTree` is a strict little XML reader for the manifest tests: it checks that a document is
 * well-formed (one root, matching start and end tags, quoted attributes without duplicates, only the five
 * predefined entities and character references, no `<` or bare `&` in values or text) and returns the
 * element tree with unescaped attribute values. It throws an `Error` naming the offset of the first fault.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
}

const NAME = /[A-Za-z_:][\w.:-]*/y;
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9A-Fa-f]+);/g;
const ENTITY_VALUES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescape(text: string, at: number): string {
  if (text.includes('<') || text.replace(ENTITY, '').includes('&')) {
    throw new Error(`bad character data at ${at}: ${JSON.stringify(text)}`);
  }
  return text.replace(ENTITY, (entity) => {
    const body = entity.slice(1, -1);
    if (body.startsWith('#x')) {
      return String.fromCodePoint(parseInt(body.slice(2), 16));
    }
    if (body.startsWith('#')) {
      return String.fromCodePoint(parseInt(body.slice(1), 10));
    }
    return ENTITY_VALUES[body] ?? entity;
  });
}

/** `parseXmlTree` parses `text` and returns its root element. */
export function parseXmlTree(text: string): XmlElement {
  let pos = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const fail = (what: string): never => {
    throw new Error(`${what} at ${pos}`);
  };
  const name = (): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(text);
    if (m === null) {
      return fail('expected a name');
    }
    pos += m[0].length;
    return m[0];
  };
  const skipSpace = (): void => {
    while (pos < text.length && /\s/.test(text[pos] ?? '')) {
      pos += 1;
    }
  };
  if (text.startsWith('<?xml')) {
    const end = text.indexOf('?>');
    pos = end < 0 ? fail('unterminated declaration') : end + 2;
  }
  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    const chars = text.slice(pos, lt < 0 ? text.length : lt);
    unescape(chars, pos);
    if (chars.trim() !== '' && stack.length === 0) {
      fail('text outside the root element');
    }
    if (lt < 0) {
      break;
    }
    pos = lt + 1;
    if (text.startsWith('!--', pos)) {
      const end = text.indexOf('-->', pos);
      pos = end < 0 ? fail('unterminated comment') : end + 3;
      continue;
    }
    if (text[pos] === '/') {
      pos += 1;
      const closing = name();
      skipSpace();
      if (text[pos] !== '>') {
        fail('expected >');
      }
      pos += 1;
      const open = stack.pop();
      if (open?.name !== closing) {
        fail(`end tag ${closing} does not match ${open?.name ?? 'nothing'}`);
      }
      continue;
    }
    const element: XmlElement = { name: name(), attributes: {}, children: [] };
    const attributes: Record<string, string> = {};
    for (;;) {
      const before = pos;
      skipSpace();
      if (text.startsWith('/>', pos) || text[pos] === '>') {
        break;
      }
      if (pos === before) {
        fail('expected space before attribute');
      }
      const key = name();
      if (key in attributes) {
        fail(`duplicate attribute ${key}`);
      }
      if (text[pos] !== '=' || (text[pos + 1] !== '"' && text[pos + 1] !== "'")) {
        fail(`attribute ${key} is not ="quoted"`);
      }
      const quote = text[pos + 1] ?? '"';
      const end = text.indexOf(quote, pos + 2);
      if (end < 0) {
        fail('unterminated attribute value');
      }
      attributes[key] = unescape(text.slice(pos + 2, end), pos);
      pos = end + 1;
    }
    Object.assign(element.attributes, attributes);
    const parent = stack.at(-1);
    if (parent !== undefined) {
      parent.children.push(element);
    } else if (root === undefined) {
      root = element;
    } else {
      fail('second root element');
    }
    if (text.startsWith('/>', pos)) {
      pos += 2;
    } else {
      pos += 1;
      stack.push(element);
    }
  }
  if (stack.length > 0 || root === undefined) {
    return fail(stack.length > 0 ? `unclosed element ${stack.at(-1)?.name ?? ''}` : 'no root element');
  }
  return root;
}

/** `childElements` lists the children of `element` named `name`. */
export function childElements(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}
