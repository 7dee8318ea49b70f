import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareEdit, restoreEditedFiles, saveAgain } from './file-edits.js';

/** @type {string} */
let dir;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bench-edits-'));
});

afterEach(async () => {
  restoreEditedFiles();
  await rm(dir, { recursive: true, force: true });
});

describe('prepareEdit', () => {
  it('writes only when the returned function runs', async () => {
    const file = join(dir, 'a.ts');
    await writeFile(file, 'x <!--m v0--> y');
    const write = prepareEdit(file, '<!--m v0-->', '<!--m v1-->');
    expect(await readFile(file, 'utf8')).toBe('x <!--m v0--> y');
    write();
    expect(await readFile(file, 'utf8')).toBe('x <!--m v1--> y');
  });

  it('cuts what is left over when the edited text is shorter', async () => {
    const file = join(dir, 'a.ts');
    await writeFile(file, 'x <!--m v10--> y');
    prepareEdit(file, '<!--m v10-->', '<!--m v9-->')();
    expect(await readFile(file, 'utf8')).toBe('x <!--m v9--> y');
  });

  it('refuses text that is missing', async () => {
    const file = join(dir, 'a.ts');
    await writeFile(file, 'nothing here');
    expect(() => prepareEdit(file, '<!--m v0-->', '<!--m v1-->')).toThrow(/exactly once/);
  });

  it('refuses text that occurs twice', async () => {
    const file = join(dir, 'a.ts');
    await writeFile(file, '<!--m v0--><!--m v0-->');
    expect(() => prepareEdit(file, '<!--m v0-->', '<!--m v1-->')).toThrow(/exactly once/);
  });
});

describe('restoreEditedFiles', () => {
  it('brings back the text from before the first edit', async () => {
    const file = join(dir, 'a.ts');
    await writeFile(file, '<!--m v0-->');
    prepareEdit(file, '<!--m v0-->', '<!--m v1-->')();
    prepareEdit(file, '<!--m v1-->', '<!--m v2-->')();
    restoreEditedFiles();
    expect(await readFile(file, 'utf8')).toBe('<!--m v0-->');
  });
});

describe('saveAgain', () => {
  it('keeps the text as it is', async () => {
    const file = join(dir, 'a.ts');
    await writeFile(file, 'same');
    saveAgain(file);
    expect(await readFile(file, 'utf8')).toBe('same');
  });
});
