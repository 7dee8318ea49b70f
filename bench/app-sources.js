// Source text of the generated app's files. The app is written in the TypeScript style the
// project targets (NodeNext, `.js` specifiers, `import type`, JSON import attributes) so that
// every tool under test runs the very same files.

/** Rendered after every page by the router module, so an edit of the router shows over HTTP. */
export const ROUTER_MARKER = '<!--router v0-->';

/** @typedef {import('./app-layout.js').AppLayout} AppLayout */
/** @typedef {import('./app-layout.js').Feature} Feature */
/** @typedef {import('./app-layout.js').Component} Component */

/** @param {AppLayout} app */
export function packageJson(app) {
  return `${JSON.stringify({ name: `bench-app-${app.moduleCount}`, private: true, type: 'module' }, null, 2)}\n`;
}

export function tsconfigJson() {
  const config = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      types: ['node'],
      resolveJsonModule: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      skipLibCheck: true,
      noEmit: true,
    },
    include: ['**/*.ts'],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** Types `import.meta.hot` for tools that provide it; node and tsx leave it undefined. */
export function hotTypes() {
  return `interface ImportMetaHot {
  readonly data: Record<string, unknown>;
  accept(): void;
  dispose(callback: (data: Record<string, unknown>) => void): void;
}

interface ImportMeta {
  readonly hot?: ImportMetaHot;
}
`;
}

/** @param {AppLayout} app */
export function dataJson(app) {
  const items = Array.from({ length: 40 }, (_, i) => ({
    id: `item-${i}`,
    name: `Item ${i} of app ${app.moduleCount}`,
    priceCents: 199 + ((i * 7919) % 50000),
    tags: [`tag-${i % 5}`, `group-${i % 3}`],
    updated: new Date(Date.UTC(2024, i % 12, 1 + (i % 28))).toISOString(),
  }));
  return `${JSON.stringify({ title: `Benchmark app (${app.moduleCount} modules)`, items }, null, 2)}\n`;
}

export function serverTs() {
  return `import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { moduleInstance } from './lib/registry.js';
import { handle } from './router.js';

// One id per process, kept on globalThis across in-process updates: a changed id means a restart.
const processState = globalThis as { benchProcessId?: string };
const processId = (processState.benchProcessId ??= \`\${process.pid}-\${randomUUID().slice(0, 8)}\`);

// An update re-runs this module: reuse the port of the server it replaces.
const previousPort = import.meta.hot?.data.port;
const port = typeof previousPort === 'number' ? previousPort : Number(process.env.PORT ?? 0);

const server = createServer((req, res) => {
  res.setHeader('x-process-id', processId);
  res.setHeader('x-module-instance', moduleInstance);
  try {
    handle(req, res);
  } catch (error) {
    res.statusCode = 500;
    res.end(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
});

server.listen(port, '127.0.0.1', () => {
  const address = server.address() as AddressInfo;
  console.log(\`listening on \${address.port}\`);
});

if (import.meta.hot) {
  import.meta.hot.accept();
  import.meta.hot.dispose((data) => {
    data.port = (server.address() as AddressInfo | null)?.port;
    server.closeAllConnections();
    server.close();
  });
}
`;
}

/** @param {AppLayout} app */
export function routerTs(app) {
  const imports = app.features.map((f) => `import { route as f${f.index} } from './routes/f${f.index}.js';`);
  return `import type { IncomingMessage, ServerResponse } from 'node:http';
import { catalog } from './lib/catalog.js';
import { findRoute, listRoutes } from './lib/registry.js';
import type { RenderContext } from './lib/types.js';
import { home } from './routes/home.js';
${imports.join('\n')}

const mounted = [home, ${app.features.map((f) => `f${f.index}`).join(', ')}];
if (listRoutes().length < mounted.length) throw new Error('a route did not register itself');

export function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  // Looked up per request so a re-run route module replaces the old one.
  const route = findRoute(url.pathname);
  if (!route) {
    res.statusCode = 404;
    res.end('not found');
    return;
  }
  const ctx: RenderContext = { path: url.pathname, query: url.searchParams, catalog, depth: 0 };
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(\`\${route.render(ctx)}${ROUTER_MARKER}\`);
}
`;
}

export function homeRouteTs() {
  return `import { F0L0N0 } from '../components/index.js';
import { layout } from '../lib/html.js';
import { defineRoute, listRoutes } from '../lib/registry.js';
import type { RenderContext } from '../lib/types.js';
import { escapeHtml } from '../lib/utils.js';

export const home = defineRoute('/', (ctx: RenderContext) => {
  const links = listRoutes()
    .map((r) => \`<li><a href="\${escapeHtml(r.path)}">\${escapeHtml(r.title)}</a></li>\`)
    .join('');
  return layout('Home', \`<nav><ul>\${links}</ul></nav>\${F0L0N0(ctx, { title: 'Featured', items: ctx.catalog.all() })}\`);
}, 'Home');

if (import.meta.hot) {
  import.meta.hot.accept();
}
`;
}

/** @param {Feature} feature */
export function featureRouteTs(feature) {
  const root = /** @type {Component} */ (feature.levels[0]?.[0]);
  // A feature page imports its own feature's barrel; only the home page uses the barrel of all
  // features, so an edit deep in one feature re-runs that feature's chain, its route and home.
  return `import { ${root.name} } from '../components/f${feature.index}/index.js';
import { layout } from '../lib/html.js';
import { defineRoute } from '../lib/registry.js';
import type { RenderContext } from '../lib/types.js';

const title = 'Feature ${feature.index}';

export const route = defineRoute('${feature.path}', (ctx: RenderContext) => {
  const items = ctx.catalog.all().filter((_, i) => i % ${(feature.index % 4) + 2} === 0);
  return layout(title, ${root.name}(ctx, { title, items }));
}, title);

if (import.meta.hot) {
  import.meta.hot.accept();
}
`;
}

/** @param {AppLayout} app */
export function componentsBarrelTs(app) {
  return `${app.features.map((f) => `export * from './f${f.index}/index.js';`).join('\n')}\n`;
}

/** @param {Feature} feature */
export function featureBarrelTs(feature) {
  const root = /** @type {Component} */ (feature.levels[0]?.[0]);
  return `export * from './l0n${root.index}.js';\n`;
}

/**
 * @param {Component} component
 * @param {Component[]} nextLevel components of the level below, empty for leaves
 */
export function componentTs(component, nextLevel) {
  return nextLevel.length === 0 ? leafTs(component) : branchTs(component, nextLevel);
}

/**
 * @param {Component} component
 * @param {Component[]} nextLevel
 */
function branchTs(component, nextLevel) {
  const children = component.children.map((i) => /** @type {Component} */ (nextLevel[i]));
  const imports = children.map((c) => `import { ${c.name} } from './l${c.level}n${c.index}.js';`);
  const take = 2 + (component.index % 3);
  const heading = `h${Math.min(component.level + 2, 6)}`;
  const calls = children.map(
    (c, i) =>
      `${c.name}(inner, { title: \`\${props.title} / ${i}\`, items: props.items.slice(${i}, ${i} + ${take * 2}) })`,
  );
  return `import type { ComponentProps, RenderContext } from '../../lib/types.js';
import { classNames, escapeHtml } from '../../lib/index.js';
${imports.join('\n')}

export interface ${component.name}Props extends ComponentProps {
  readonly collapsed?: boolean;
}

export function ${component.name}(ctx: RenderContext, props: ${component.name}Props): string {
  const inner = { ...ctx, depth: ctx.depth + 1 };
  const parts: string[] = [
${calls.map((call) => `    ${call},`).join('\n')}
  ];
  const cls = classNames('level-${component.level}', props.collapsed === true && 'collapsed');
  return \`<section class="\${cls}">${component.marker}<${heading}>\${escapeHtml(props.title)}</${heading}>\${parts.join('')}</section>\`;
}
`;
}

/** @param {Component} component */
function leafTs(component) {
  const variant = component.index % 3;
  const detail = [
    'formatCurrency(item.priceCents)',
    'formatDate(item.updated)',
    `pluralize(item.tags.length, 'tag')`,
  ][variant];
  return `import { formatCurrency, formatDate, pluralize } from '../../lib/formatters.js';
import type { ComponentProps, Item, RenderContext } from '../../lib/types.js';
import { escapeHtml } from '../../lib/utils.js';

function row(item: Item): string {
  return \`<li data-id="\${escapeHtml(item.id)}">\${escapeHtml(item.name)} <small>\${${detail}}</small></li>\`;
}

export function ${component.name}(ctx: RenderContext, props: ComponentProps): string {
  const rows = props.items.slice(0, ${2 + variant}).map(row).join('');
  return \`<div class="leaf" data-depth="\${ctx.depth}">${component.marker}<h6>\${escapeHtml(props.title)}</h6><ul>\${rows}</ul></div>\`;
}
`;
}

export function libIndexTs() {
  return `export * from './formatters.js';
export * from './html.js';
export * from './store.js';
export * from './types.js';
export * from './utils.js';
`;
}

export function libTypesTs() {
  return `import type { Store } from './store.js';

export interface Item {
  readonly id: string;
  readonly name: string;
  readonly priceCents: number;
  readonly tags: readonly string[];
  readonly updated: string;
}

export interface RenderContext {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly catalog: Store<Item>;
  readonly depth: number;
}

export interface ComponentProps {
  readonly title: string;
  readonly items: readonly Item[];
}

export type Render = (ctx: RenderContext) => string;

export interface RouteDefinition {
  readonly path: string;
  readonly title: string;
  readonly render: Render;
}
`;
}

export function libUtilsTs() {
  return `const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

export function classNames(...names: Array<string | false | null | undefined>): string {
  return names.filter((n): n is string => typeof n === 'string' && n.length > 0).join(' ');
}

export function chunk<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}
`;
}

export function libFormattersTs() {
  return `export function formatCurrency(cents: number): string {
  const whole = Math.floor(cents / 100).toString().replace(/\\B(?=(\\d{3})+(?!\\d))/g, ',');
  return \`$\${whole}.\${(cents % 100).toString().padStart(2, '0')}\`;
}

export function formatDate(iso: string): string {
  return iso.slice(0, 10);
}

export function pluralize(count: number, noun: string): string {
  return \`\${count} \${noun}\${count === 1 ? '' : 's'}\`;
}
`;
}

export function libHtmlTs() {
  return `import { escapeHtml } from './utils.js';

export function layout(title: string, body: string): string {
  return \`<!doctype html><html><head><meta charset="utf-8"><title>\${escapeHtml(title)}</title></head><body><main>\${body}</main></body></html>\`;
}
`;
}

export function libStoreTs() {
  return `export class Store<T extends { readonly id: string }> {
  readonly #byId = new Map<string, T>();

  constructor(items: readonly T[]) {
    for (const item of items) this.#byId.set(item.id, item);
  }

  get size(): number {
    return this.#byId.size;
  }

  get(id: string): T | undefined {
    return this.#byId.get(id);
  }

  all(): T[] {
    return [...this.#byId.values()];
  }
}
`;
}

export function libCatalogTs() {
  return `import data from './data.json' with { type: 'json' };
import { Store } from './store.js';
import type { Item } from './types.js';

export const title: string = data.title;
export const catalog = new Store<Item>(data.items);
`;
}

export function libRegistryTs() {
  return `import { randomUUID } from 'node:crypto';
import type { Render, RouteDefinition } from './types.js';

/** New whenever this module runs again: a full reload re-runs it, an in-place update does not. */
export const moduleInstance: string = randomUUID().slice(0, 8);

const routes = new Map<string, RouteDefinition>();

/** Registers (or, when a route module re-runs, replaces) the route for \`path\`. */
export function defineRoute(path: string, render: Render, title: string): RouteDefinition {
  const route: RouteDefinition = { path, title, render };
  routes.set(path, route);
  return route;
}

export function findRoute(path: string): RouteDefinition | undefined {
  return routes.get(path);
}

export function listRoutes(): RouteDefinition[] {
  return [...routes.values()];
}
`;
}
