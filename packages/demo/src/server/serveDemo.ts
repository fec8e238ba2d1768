/** A small static server for the built page and one model directory, on 127.0.0.1 only. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';

/** Options of {@link serveDemo}. */
export interface ServeDemoOptions {
  /** The built page (buildDemo's outDir). */
  root: string;
  /** A model directory (model.json + weights.bin), served under /model/. */
  modelDir?: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

/** A running demo server. */
export interface DemoServer {
  /** The server's origin + "/", e.g. http://127.0.0.1:4173/ */
  url: string;
  /** The page URL, with ?model= pointing at the served model when there is one. */
  pageUrl: string;
  close(): Promise<void>;
}

/** Where model files are served; the page's ?model= points here. */
export const MODEL_ROUTE = '/model/';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/** The file under `base` that `relative` names, or undefined if it would escape `base`. */
function inside(base: string, relative: string): string | undefined {
  const file = resolve(base, `.${sep}${relative}`);
  return file === base || file.startsWith(base + sep) ? file : undefined;
}

async function sendFile(res: ServerResponse, file: string | undefined, cache: string): Promise<void> {
  const info = file === undefined ? undefined : await stat(file).catch(() => undefined);
  if (file === undefined || info === undefined || !info.isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': info.size, 'Cache-Control': cache });
  createReadStream(file).pipe(res);
}

function handler(root: string, modelDir: string | undefined) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch (error) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Bad URL (${(error as Error).message})`);
      return;
    }
    if (path.startsWith(MODEL_ROUTE)) {
      // The model may be re-saved while the page is open: never cache it.
      await sendFile(res, modelDir === undefined ? undefined : inside(modelDir, path.slice(MODEL_ROUTE.length)), 'no-store');
      return;
    }
    await sendFile(res, inside(root, path === '/' ? 'index.html' : path), 'no-cache');
  };
}

/** Serve the built page (and a model) on 127.0.0.1; resolves once listening. */
export async function serveDemo(options: ServeDemoOptions): Promise<DemoServer> {
  const root = resolve(options.root);
  const modelDir = options.modelDir === undefined ? undefined : resolve(options.modelDir);
  const handle = handler(root, modelDir);
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Server error: ${(error as Error).message}`);
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => done());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const pageUrl = modelDir === undefined ? url : `${url}?model=${encodeURIComponent(`${MODEL_ROUTE.slice(1)}model.json`)}`;
  return {
    url,
    pageUrl,
    close: () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}
