import type { ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { html, type RouteResponse } from './lib/http.js';
import { liveReloadScript } from './lib/live-reload-client.js';
import { tickerStatus } from './lib/ticker.js';
import { siteName } from './site.js';

const NAV = [
  { href: '/', label: 'Home' },
  { href: '/counter', label: 'Counter' },
  { href: '/about', label: 'About' },
  { href: '/api/items', label: 'API: items' },
  { href: '/api/status', label: 'API: status' },
] as const;

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1d2230; }
  nav { display: flex; gap: 1rem; padding-bottom: .75rem; border-bottom: 1px solid #d8dce6; }
  nav a { color: #3553d4; text-decoration: none; }
  nav a[aria-current] { font-weight: 600; }
  footer { margin-top: 3rem; padding-top: .75rem; border-top: 1px solid #d8dce6; color: #5d6475; font-size: .875rem; }
  output { font-variant-numeric: tabular-nums; font-weight: 600; }
  button { font: inherit; padding: .25rem .9rem; }
`;

export interface LayoutProps {
  readonly title: string;
  /** The path of the page, to mark its link in the navigation. */
  readonly path: string;
  readonly children: ReactNode;
}

export function Layout({ title, path, children }: LayoutProps) {
  const ticker = tickerStatus();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${siteName}`}</title>
        <style dangerouslySetInnerHTML={{ __html: STYLE }} />
        <script dangerouslySetInnerHTML={{ __html: liveReloadScript }} />
      </head>
      <body>
        <nav>
          <strong id="site-name">{siteName}</strong>
          {NAV.map((link) => (
            <a key={link.href} href={link.href} aria-current={link.href === path ? 'page' : undefined}>
              {link.label}
            </a>
          ))}
        </nav>
        <main>{children}</main>
        <footer>
          process <output id="pid">{process.pid}</output> · up <output id="ticks">{ticker.ticks}</output>{' '}
          ticks · <output id="intervals">{ticker.running}</output> interval running (
          <output id="intervals-started">{ticker.started}</output> started so far) · rendered{' '}
          {new Date().toLocaleTimeString('en-GB')}
        </footer>
      </body>
    </html>
  );
}

/** Renders a page of the app: the layout around `content`, as a full HTML document. */
export function page(title: string, path: string, content: ReactNode, status = 200): RouteResponse {
  const markup = renderToString(
    <Layout title={title} path={path}>
      {content}
    </Layout>,
  );
  return html(`<!doctype html>${markup}`, status);
}
