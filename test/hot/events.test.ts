import { describe, expect, it } from 'vitest';
import { lines, useHotFixtures } from './helpers.js';

const { project, engine, log } = useHotFixtures();

/** An entry that logs every event it hears as `event payload-json`. */
function listeningEntry(imports: string[], tail = ''): string {
  return lines(
    ...imports.map((i) => `import './${i}.ts';`),
    "for (const event of ['vite:beforeUpdate', 'vite:afterUpdate', 'vite:beforeFullReload', 'vite:beforePrune', 'vite:invalidate', 'vite:error']) {",
    '  import.meta.hot.on(event, (payload) => globalThis.__log.push(event + " " + JSON.stringify(payload)));',
    '}',
    tail,
  );
}

const events = (): string[] =>
  log().filter((line): line is string => typeof line === 'string' && line.startsWith('vite:'));
const names = (): string[] => events().map((line) => line.split(' ')[0]!);
const payloadOf = (name: string): Record<string, unknown> => {
  const line = events().find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no ${name} event in ${JSON.stringify(log())}`);
  return JSON.parse(line.slice(name.length + 1));
};

describe('events reach import.meta.hot.on listeners', () => {
  it('vite:beforeUpdate and vite:afterUpdate carry the update payload', async () => {
    const app = project({ 'entry.ts': listeningEntry(['mod']), 'mod.ts': 'import.meta.hot.accept();\n' });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'mod.ts': 'import.meta.hot.accept();\nexport const v = 2;\n' });
    expect(names()).toEqual(['vite:beforeUpdate', 'vite:afterUpdate']);
    const payload = payloadOf('vite:beforeUpdate') as {
      type: string;
      updates: Array<Record<string, unknown>>;
    };
    expect(payload.type).toBe('update');
    expect(payload.updates).toEqual([
      {
        type: 'js-update',
        path: app.url('mod.ts'),
        acceptedPath: app.url('mod.ts'),
        timestamp: expect.any(Number),
      },
    ]);
  });

  it('vite:beforeFullReload comes before every dispose handler of a full reload', async () => {
    const app = project({
      'entry.ts': listeningEntry(
        ['mod'],
        "import.meta.hot.dispose(() => globalThis.__log.push('entry dispose'));",
      ),
      'mod.ts': "import.meta.hot.dispose(() => globalThis.__log.push('mod dispose'));\n",
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'mod.ts': 'export const v = 2;\n' });
    expect(
      log()
        .slice(0, 3)
        .map((line) => String(line).split(' ')[0]),
    ).toEqual(['vite:beforeFullReload', 'entry', 'mod']);
    expect(payloadOf('vite:beforeFullReload')).toEqual({
      type: 'full-reload',
      triggeredBy: app.file('mod.ts'),
    });
  });

  it('vite:beforePrune names the pruned modules and comes before their dispose handlers', async () => {
    const app = project({
      'entry.ts': listeningEntry(['parent']),
      'parent.ts': lines("import './child.ts';", 'import.meta.hot.accept();'),
      'child.ts': "import.meta.hot.dispose(() => globalThis.__log.push('child dispose'));\n",
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'parent.ts': 'import.meta.hot.accept();\n' });
    expect(payloadOf('vite:beforePrune')).toEqual({ type: 'prune', paths: [app.url('child.ts')] });
    const order = log().map((line) => String(line).split(' ')[0]);
    expect(order.indexOf('vite:beforePrune')).toBeLessThan(order.indexOf('child'));
  });

  it('vite:invalidate names the module and its message', async () => {
    const app = project({
      'entry.ts': listeningEntry(['parent']),
      'parent.ts': lines(
        "import { v } from './child.ts';",
        'globalThis.__v = v;',
        'import.meta.hot.accept();',
      ),
      'child.ts': "export const v = 1;\nimport.meta.hot.accept(() => import.meta.hot.invalidate('why'));\n",
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({
      'child.ts': "export const v = 2;\nimport.meta.hot.accept(() => import.meta.hot.invalidate('why'));\n",
    });
    expect(payloadOf('vite:invalidate')).toEqual({
      path: app.url('child.ts'),
      message: 'why',
      firstInvalidatedBy: app.url('child.ts'),
    });
  });

  it('vite:error carries the message and stack of an update error', async () => {
    const app = project({ 'entry.ts': listeningEntry(['mod']), 'mod.ts': 'import.meta.hot.accept();\n' });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'mod.ts': "import.meta.hot.accept();\nthrow new Error('broken');\n" });
    await new Promise((resolve) => setImmediate(resolve));
    const payload = payloadOf('vite:error') as { type: string; err: { message: string; stack: string } };
    expect(payload.type).toBe('error');
    expect(payload.err.message).toBe('broken');
    expect(payload.err.stack).toContain(app.file('mod.ts'));
  });

  it('a throwing listener is logged and does not stop the update', async () => {
    const app = project({
      'entry.ts': lines(
        "import './mod.ts';",
        "import.meta.hot.on('vite:beforeUpdate', () => { throw new Error('listener broke'); });",
      ),
      'mod.ts': 'import.meta.hot.accept();\n',
    });
    const { engine: hot, edit, logger } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'mod.ts': "import.meta.hot.accept();\nglobalThis.__log.push('v2');\n" });
    expect(report.outcome).toBe('hot-update');
    expect(log()).toEqual(['v2']);
    expect(logger.calls.some((c) => c.level === 'error' && c.message.includes('listener broke'))).toBe(true);
  });
});

describe('payloads sent to the transport', () => {
  it('an update, a prune and a full reload are sent as Vite-shaped payloads', async () => {
    const app = project({
      'entry.ts': lines("import './parent.ts';"),
      'parent.ts': lines("import './child.ts';", 'import.meta.hot.accept();'),
      'child.ts': 'export {};\n',
    });
    const { engine: hot, edit, payloads } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'parent.ts': 'import.meta.hot.accept();\n' });
    await edit({ 'entry.ts': "import './parent.ts';\nexport const v = 2;\n" });
    expect(payloads).toHaveLength(3);
    expect(payloads).toContainEqual({
      type: 'update',
      updates: [
        {
          type: 'js-update',
          path: app.url('parent.ts'),
          acceptedPath: app.url('parent.ts'),
          timestamp: expect.any(Number),
        },
      ],
    });
    expect(payloads).toContainEqual({ type: 'prune', paths: [app.url('child.ts')] });
    expect(payloads.at(-1)).toEqual({ type: 'full-reload', triggeredBy: app.file('entry.ts') });
  });
});
