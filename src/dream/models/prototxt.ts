/**
 * A reader for protobuf's text format (Caffe's .prototxt). Every field becomes an array,
 * since any field may repeat; `first()` and `all()` read them back.
 */
export type TextValue = string | number | boolean | TextMessage;
export interface TextMessage {
  readonly [field: string]: TextValue[];
}

const TOKEN = /\s*(?:#[^\n]*|([{}:;,<>[\]])|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|([^\s{}:;,<>[\]#"']+))/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m || TOKEN.lastIndex === start) {
      if (/^\s*$/.test(text.slice(start))) break;
      throw new SyntaxError(`unexpected character at offset ${start}: ${JSON.stringify(text.slice(start, start + 20))}`);
    }
    const token = m[1] ?? m[2] ?? m[3];
    if (token !== undefined) tokens.push(token);
  }
  return tokens;
}

function scalar(token: string): TextValue {
  if (token.startsWith('"') || token.startsWith("'")) return JSON.parse(`"${token.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string;
  if (token === 'true') return true;
  if (token === 'false') return false;
  const n = Number(token);
  return Number.isNaN(n) ? token : n;
}

export function parseTextProto(text: string): TextMessage {
  const tokens = tokenize(text);
  let i = 0;
  const message = (closing?: string): TextMessage => {
    const out: Record<string, TextValue[]> = {};
    while (i < tokens.length && tokens[i] !== closing) {
      const field = tokens[i++]!;
      if (tokens[i] === ':') i++;
      let value: TextValue;
      if (tokens[i] === '{' || tokens[i] === '<') {
        const close = tokens[i++] === '{' ? '}' : '>';
        value = message(close);
        if (tokens[i++] !== close) throw new SyntaxError(`missing ${close} after field ${field}`);
      } else {
        const token = tokens[i++];
        if (token === undefined) throw new SyntaxError(`missing value for field ${field}`);
        value = scalar(token);
      }
      (out[field] ??= []).push(value);
      if (tokens[i] === ';' || tokens[i] === ',') i++;
    }
    return out;
  };
  const root = message();
  if (i < tokens.length) throw new SyntaxError(`unexpected ${tokens[i]}`);
  return root;
}

export function first<T extends TextValue>(msg: TextMessage | undefined, field: string): T | undefined {
  return msg?.[field]?.[0] as T | undefined;
}

export function all<T extends TextValue>(msg: TextMessage | undefined, field: string): T[] {
  return (msg?.[field] ?? []) as T[];
}
