/**
 * A strict JSON reader that also accepts what tsconfig files are allowed to contain:
 * `//` and `/* *\/` comments and trailing commas. Everything else follows JSON, so a
 * mistake is reported with its line and column instead of being silently misread.
 */

/** A syntax error in JSONC text, with the 1-based position where reading stopped. */
export class JsoncSyntaxError extends SyntaxError {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${line}:${column}: ${reason}`);
    this.name = 'JsoncSyntaxError';
  }
}

/** JSON values as the reader produces them. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Parses JSON with comments and trailing commas.
 * @returns the value, or `undefined` when the text holds nothing but whitespace and comments
 *   (TypeScript treats such a tsconfig as `{}`).
 * @throws {JsoncSyntaxError} on the first syntax error.
 */
export function parseJsonc(text: string): JsonValue | undefined {
  return new JsoncReader(text).readDocument();
}

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class JsoncReader {
  private pos = 0;

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  readDocument(): JsonValue | undefined {
    this.skipTrivia();
    if (this.pos >= this.text.length) return undefined;
    const value = this.readValue();
    this.skipTrivia();
    if (this.pos < this.text.length)
      this.fail(`Unexpected ${this.describeCurrent()} after the end of the value`);
    return value;
  }

  private readValue(): JsonValue {
    const ch = this.text[this.pos];
    switch (ch) {
      case '{':
        return this.readObject();
      case '[':
        return this.readArray();
      case '"':
        return this.readString();
      case 't':
        return this.readKeyword('true', true);
      case 'f':
        return this.readKeyword('false', false);
      case 'n':
        return this.readKeyword('null', null);
      default:
        if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return this.readNumber();
        if (ch === "'") this.fail('Strings must use double quotes');
        return this.fail(`Expected a value but found ${this.describeCurrent()}`);
    }
  }

  private readObject(): { [key: string]: JsonValue } {
    const result: { [key: string]: JsonValue } = {};
    this.pos++;
    this.skipTrivia();
    while (this.text[this.pos] !== '}') {
      if (this.text[this.pos] !== '"')
        this.fail(`Expected a property name or '}' but found ${this.describeCurrent()}`);
      const key = this.readString();
      this.skipTrivia();
      this.expect(':');
      this.skipTrivia();
      // defineProperty keeps a "__proto__" key an ordinary property, as JSON.parse does.
      Object.defineProperty(result, key, {
        value: this.readValue(),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.skipTrivia();
      if (this.text[this.pos] === ',') {
        this.pos++;
        this.skipTrivia();
      } else if (this.text[this.pos] !== '}') {
        this.fail(`Expected ',' or '}' but found ${this.describeCurrent()}`);
      }
    }
    this.pos++;
    return result;
  }

  private readArray(): JsonValue[] {
    const result: JsonValue[] = [];
    this.pos++;
    this.skipTrivia();
    while (this.text[this.pos] !== ']') {
      if (this.pos >= this.text.length) this.fail("Expected a value or ']' but found the end of the file");
      result.push(this.readValue());
      this.skipTrivia();
      if (this.text[this.pos] === ',') {
        this.pos++;
        this.skipTrivia();
      } else if (this.text[this.pos] !== ']') {
        this.fail(`Expected ',' or ']' but found ${this.describeCurrent()}`);
      }
    }
    this.pos++;
    return result;
  }

  private readString(): string {
    const start = this.pos;
    this.pos++;
    let result = '';
    let chunkStart = this.pos;
    for (;;) {
      const code = this.text.charCodeAt(this.pos);
      if (Number.isNaN(code) || code === 0x0a || code === 0x0d) {
        this.pos = start;
        this.fail('Unterminated string');
      }
      if (code === 0x22 /* " */) break;
      if (code === 0x5c /* \ */) {
        result += this.text.slice(chunkStart, this.pos);
        result += this.readEscape();
        chunkStart = this.pos;
        continue;
      }
      if (code < 0x20) this.fail('Control character in string');
      this.pos++;
    }
    result += this.text.slice(chunkStart, this.pos);
    this.pos++;
    return result;
  }

  private readEscape(): string {
    const ch = this.text[this.pos + 1];
    if (ch === 'u') {
      const hex = this.text.slice(this.pos + 2, this.pos + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('Invalid \\u escape in string');
      this.pos += 6;
      return String.fromCharCode(Number.parseInt(hex, 16));
    }
    const escaped = ch === undefined ? undefined : ESCAPES[ch];
    if (escaped === undefined) this.fail('Invalid escape in string');
    this.pos += 2;
    return escaped;
  }

  private readNumber(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match || match[0] === '-') this.fail('Invalid number');
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private readKeyword<T extends JsonValue>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos))
      this.fail(`Expected a value but found ${this.describeCurrent()}`);
    this.pos += word.length;
    return value;
  }

  private expect(ch: string): void {
    if (this.text[this.pos] !== ch) this.fail(`Expected '${ch}' but found ${this.describeCurrent()}`);
    this.pos++;
  }

  private skipTrivia(): void {
    const text = this.text;
    while (this.pos < text.length) {
      const ch = text[this.pos];
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\ufeff' || ch === '\u00a0') {
        this.pos++;
      } else if (ch === '/' && text[this.pos + 1] === '/') {
        const end = text.indexOf('\n', this.pos);
        this.pos = end === -1 ? text.length : end + 1;
      } else if (ch === '/' && text[this.pos + 1] === '*') {
        const end = text.indexOf('*/', this.pos + 2);
        if (end === -1) this.fail('Unterminated comment');
        this.pos = end + 2;
      } else {
        return;
      }
    }
  }

  private describeCurrent(): string {
    const ch = this.text[this.pos];
    return ch === undefined ? 'the end of the file' : `'${ch}'`;
  }

  private fail(reason: string): never {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < this.pos; i++) {
      if (this.text.charCodeAt(i) === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    throw new JsoncSyntaxError(reason, line, this.pos - lineStart + 1);
  }
}
