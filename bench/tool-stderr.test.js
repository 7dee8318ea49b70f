import { describe, expect, it } from 'vitest';
import { ToolStderr } from './tool-stderr.js';

describe('ToolStderr', () => {
  it('reads the module count of the update after the mark', async () => {
    const stderr = new ToolStderr({ readsHotNode: true, trace: false });
    stderr.write('[hot-node] hot update router.ts (2 modules, 9.0 ms)\n');
    const mark = stderr.mark();
    stderr.write('[hot-node] hot update rou');
    stderr.write('ter.ts (3 modules, 8.0 ms)\n');
    expect(await stderr.hotNodeReport('router.ts', mark)).toEqual({ modules: 3 });
  });

  it('adds the trace of the same update', async () => {
    const stderr = new ToolStderr({ readsHotNode: true, trace: true });
    stderr.write('[hot-node] hot update a.ts (1 module, 2.0 ms)\n');
    stderr.write(
      '[hot-node] trace a.ts: event +0.00ms, transformed +1.00ms, evaluated +1.50ms, done +2.00ms\n',
    );
    expect(await stderr.hotNodeReport('a.ts', 0)).toEqual({
      modules: 1,
      trace: { event: 0, transformed: 1, evaluated: 1.5, done: 2 },
    });
  });

  it('says so when hot-node printed nothing about the file', async () => {
    const stderr = new ToolStderr({ readsHotNode: true, trace: false });
    stderr.write('[hot-node] hot update other.ts (1 module, 2.0 ms)\n');
    expect(await stderr.hotNodeReport('a.ts', 0)).toEqual({ reported: 'no update line' });
  });

  it('keeps lines that are neither update reports nor chatter', () => {
    const stderr = new ToolStderr({ readsHotNode: false, trace: false });
    stderr.write('[vite-runner] hot updated: /server.ts\nTypeError: x is not a function\n\n');
    expect(stderr.unexpected()).toEqual(['TypeError: x is not a function']);
  });
});
