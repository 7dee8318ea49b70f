import { describe, expect, it } from 'vitest';
import { serverSource, useCli } from './helpers.js';

const { project, start } = useCli();

const files = (onDispose?: string) => ({
  'package.json': '{ "type": "module" }\n',
  'server.ts': serverSource(onDispose ? { onDispose } : {}),
});

describe('stop signals', () => {
  it('Ctrl-C (SIGINT) runs the dispose handlers, then exits with 130', async () => {
    const cli = start(project(files()), ['server.ts']);
    await cli.waitFor(/listening \d+/);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toEqual({ code: 130, signal: null });
    expect(cli.stdout()).toMatch(/disposed\n$/);
  });

  it('SIGTERM runs the dispose handlers, then exits with 143', async () => {
    const cli = start(project(files()), ['server.ts']);
    await cli.waitFor(/listening \d+/);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toEqual({ code: 143, signal: null });
    expect(cli.stdout()).toMatch(/disposed\n$/);
  });

  it('runs the dispose handlers on SIGINT without a supervisor too', async () => {
    const cli = start(project(files()), ['--no-supervisor', 'server.ts']);
    await cli.waitFor(/listening \d+/);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toEqual({ code: 130, signal: null });
    expect(cli.stdout()).toMatch(/disposed\n$/);
  });

  it('exits at once on a second Ctrl-C while a dispose handler hangs', async () => {
    const hang = "console.log('disposing'); await new Promise(() => setInterval(() => {}, 1000));";
    const cli = start(project(files(hang)), ['server.ts']);
    await cli.waitFor(/listening \d+/);
    cli.child.kill('SIGINT');
    await cli.waitFor(/disposing/);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toEqual({ code: 130, signal: null });
    expect(cli.stdout()).not.toContain('disposed');
  });

  it('leaves SIGINT to a program that listens for it, as node does', async () => {
    const source = [
      "process.on('SIGINT', () => { console.log('own handler'); process.exit(7); });",
      'setInterval(() => {}, 1000);',
      "console.log('ready');",
      '',
    ].join('\n');
    const cli = start(project({ 'package.json': '{ "type": "module" }\n', 'main.ts': source }), ['main.ts']);
    await cli.waitFor(/ready/);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toEqual({ code: 7, signal: null });
    expect(cli.stdout()).toBe('ready\nown handler\n');
  });
});
