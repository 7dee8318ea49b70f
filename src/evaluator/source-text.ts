/**
 * Returns the offset of the first character at or after `pos` that is not whitespace or
 * part of a comment.
 */
export function skipTrivia(code: string, pos: number): number {
  while (pos < code.length) {
    const ch = code.charCodeAt(pos);
    if (ch === 47 /* / */) {
      const next = code.charCodeAt(pos + 1);
      if (next === 47) {
        const end = code.indexOf('\n', pos + 2);
        pos = end === -1 ? code.length : end + 1;
        continue;
      }
      if (next === 42 /* * */) {
        const end = code.indexOf('*/', pos + 2);
        pos = end === -1 ? code.length : end + 2;
        continue;
      }
      return pos;
    }
    if (
      ch === 32 ||
      ch === 9 ||
      ch === 10 ||
      ch === 13 ||
      ch === 0xa0 ||
      ch === 0xfeff ||
      ch === 0x2028 ||
      ch === 0x2029
    ) {
      pos++;
      continue;
    }
    return pos;
  }
  return pos;
}
