import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { formatError } from '../../src/evaluator/diagnostics.js';
import { type TempProject, useFixtures } from './helpers.js';

const { project, runner } = useFixtures();

type HostGlobals = Record<string, unknown>;
const host = globalThis as HostGlobals;

afterEach(() => {
  delete host.hotNodeMarker;
  delete host.hotNodePackageLoads;
});

/** A project whose `set.ts` sets a global, `read.ts` reads it, and `both.ts` imports a package. */
function app(): TempProject {
  return project({
    'package.json': { type: 'module' },
    'set.ts': "(globalThis as Record<string, unknown>).hotNodeMarker = 'set';\nexport {};",
    'set.cjs': "globalThis.hotNodeMarker = 'set';",
    'read.ts': 'export const marker = typeof (globalThis as Record<string, unknown>).hotNodeMarker;',
    'both.ts': "import * as pkg from 'pkg';\nexport { pkg };",
    'node_modules/pkg/package.json': { name: 'pkg', type: 'module', exports: './index.js' },
    'node_modules/pkg/index.js': [
      'globalThis.hotNodePackageLoads = (globalThis.hotNodePackageLoads ?? 0) + 1;',
      'export class Thing {}',
    ].join('\n'),
  });
}

describe('an isolated runner', () => {
  it('keeps a global set by a module out of the host', async () => {
    const project = app();
    const isolated = runner(project, { isolated: true });
    await isolated.import('./set.ts');
    expect((await isolated.import('./read.ts')).marker).toBe('string');
    expect('hotNodeMarker' in host).toBe(false);
  });

  it('keeps a global set by a CommonJS module out of the host', async () => {
    const project = app();
    const isolated = runner(project, { isolated: true });
    await isolated.import('./set.cjs');
    expect((await isolated.import('./read.ts')).marker).toBe('string');
    expect('hotNodeMarker' in host).toBe(false);
  });

  it('does not share globals with another isolated runner', async () => {
    const project = app();
    await runner(project, { isolated: true }).import('./set.ts');
    const other = await runner(project, { isolated: true }).import('./read.ts');
    expect(other.marker).toBe('undefined');
  });

  it('runs modules in the vm.Context it is given', async () => {
    const project = app();
    const context = vm.createContext();
    await runner(project, { isolated: context }).import('./set.ts');
    expect(vm.runInContext('hotNodeMarker', context)).toBe('set');
    expect('hotNodeMarker' in host).toBe(false);
  });

  it('gives modules Node’s globals: process, console, timers, Buffer, URL', async () => {
    const project = app();
    project.write({
      'globals.ts': [
        'export const kinds = [',
        '  typeof process,',
        '  typeof console.log,',
        '  typeof setTimeout,',
        '  typeof queueMicrotask,',
        '  typeof Buffer,',
        '  typeof URL,',
        '  typeof TextEncoder,',
        '];',
      ].join('\n'),
    });
    const ns = await runner(project, { isolated: true }).import('./globals.ts');
    expect(ns.kinds).toEqual([
      'object',
      'function',
      'function',
      'function',
      'function',
      'function',
      'function',
    ]);
  });

  it('has its own instances of the project’s modules', async () => {
    const project = app();
    const first = await runner(project, { isolated: true }).import('./read.ts');
    const second = await runner(project, { isolated: true }).import('./read.ts');
    expect(first).not.toBe(second);
  });

  it('shares packages with other runners: each is loaded once, natively', async () => {
    const project = app();
    const first = await runner(project, { isolated: true }).import('./both.ts');
    const second = await runner(project, { isolated: true }).import('./both.ts');
    expect(first.pkg).toBe(second.pkg);
    expect(host.hotNodePackageLoads).toBe(1);
  });
});

describe('a runner in the default mode', () => {
  it('shares globals with the host', async () => {
    const project = app();
    await runner(project).import('./set.ts');
    expect(host.hotNodeMarker).toBe('set');
  });
});

describe('errors of an isolated runner', () => {
  it('are formatted with their location and code frame, though their Error is another context’s', async () => {
    const project = app();
    project.write({ 'throws.ts': "const value = 1;\nthrow new TypeError('bad value ' + value);\n" });
    const isolated = runner(project, { isolated: true });
    const error = await isolated.import('./throws.ts').catch((e: unknown) => e);
    expect(error instanceof Error).toBe(false);
    const text = formatError(error);
    expect(text).toContain('TypeError: bad value 1');
    expect(text).toMatch(/throws\.ts:2:\d+/);
    expect(text).not.toMatch(/^Uncaught/);
  });
});
