import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a route sees of a request. */
export interface RouteRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage['headers'];
  /** The request body as text (forms and JSON are small here: no streaming needed). */
  text(): Promise<string>;
}

/** What a route answers: written to the socket by the router. */
export interface RouteResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export type RouteHandler = (request: RouteRequest) => RouteResponse | Promise<RouteResponse>;

/** A route module: the path it serves and its handler. */
export interface RouteModule {
  readonly path: string;
  readonly handle: RouteHandler;
}

const MAX_BODY_BYTES = 64 * 1024;

export function toRouteRequest(req: IncomingMessage): RouteRequest {
  return {
    method: req.method ?? 'GET',
    url: new URL(req.url ?? '/', 'http://localhost'),
    headers: req.headers,
    async text() {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) throw new Error('request body too large');
        chunks.push(chunk);
      }
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

export function send(res: ServerResponse, response: RouteResponse): void {
  res.writeHead(response.status, { 'cache-control': 'no-store', ...response.headers });
  res.end(response.body);
}

export function html(body: string, status = 200): RouteResponse {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body };
}

export function json(value: unknown, status = 200): RouteResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: `${JSON.stringify(value)}\n` };
}

/** 303: after a form POST the browser GETs the page again (a reload does not resubmit). */
export function redirect(location: string): RouteResponse {
  return { status: 303, headers: { location }, body: '' };
}

export function text(body: string, status: number): RouteResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
}

/** The fields of a urlencoded form or a JSON object body. */
export async function readFields(request: RouteRequest): Promise<Record<string, string>> {
  const body = await request.text();
  if (request.headers['content-type']?.startsWith('application/json')) {
    const parsed: unknown = JSON.parse(body || '{}');
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, String(value)]));
  }
  return Object.fromEntries(new URLSearchParams(body));
}
