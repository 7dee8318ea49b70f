import { describe, expect, it } from 'vitest';
import { resultsMarkdown } from './report.js';

/** @type {import('./report.js').Machine} */
const machine = { node: 'v20.0.0', cpu: 'cpu', cores: 2, platform: 'linux x64', memoryGiB: 8, load1: 0.5 };

describe('resultsMarkdown', () => {
  it('has a memory section with its table when memory ran', () => {
    const markdown = resultsMarkdown({
      date: new Date(0),
      command: 'npm run bench -- --suites memory',
      machine,
      durationMs: 60_000,
      memory: {
        edits: 50,
        checkpoints: [0, 1, 50],
        sizes: [
          {
            size: 500,
            results: [
              {
                tool: 'hot-node',
                points: [{ edits: 0, heap: 2 ** 20 }],
                restarts: false,
                resaves: 0,
                notes: [],
              },
            ],
          },
        ],
        tools: [{ name: 'hot-node', description: 'd' }],
        durationMs: 60_000,
      },
    });
    expect(markdown).toContain('- memory: 50 leaf edits per tool and size, sampled after 0, 1, 50 edits');
    expect(markdown).toContain('## Memory');
    expect(markdown).toMatch(/\| 500 +\| hot-node \| heap MiB +\| 1\.0 /);
    expect(markdown).not.toContain('## Cold start');
  });

  it('lists the time of each part that ran', () => {
    const markdown = resultsMarkdown({
      date: new Date(0),
      command: 'npm run bench',
      machine,
      durationMs: 90_000,
      cold: { runs: 1, sizes: [], baselines: [], tools: [], durationMs: 30_000 },
      memory: { edits: 1, checkpoints: [0, 1], sizes: [], tools: [], durationMs: 60_000 },
    });
    expect(markdown).toContain('- wall time of the whole run: 90 s (cold start 30 s, memory 60 s)');
  });
});
