import { readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { packageRoot } from '../lexicon-files/package-root.js';
import { skipBody } from '../server/http-replies.js';
import type { HttpRoute } from '../server/http-server.js';

const gzipAsync = promisify(gzip);

/**
 * Web Chat fills an empty <style> element from script; this is the hash of that
 * empty element, the one inline style the policy must allow (checked with
 * chromium: zero violations).
 */
const EMPTY_STYLE_HASH = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";

export interface WebPageOptions {
  /** Origins allowed to frame /chat (the embed snippet's iframe); `*` by default. */
  embedOrigins?: string;
}

interface StaticFile {
  body: Buffer;
  type: string;
  etag: string;
  gzipped?: Promise<Buffer>;
}

/**
 * The customer-facing pages: the demo company page (`/`), the bare chat used by
 * the embed iframe (`/chat`), the embed snippet, and the official Web Chat
 * bundle served from node_modules (its package `exports` hide dist/, so it is
 * read by path; no build step).
 */
export class WebPages {
  private readonly files = new Map<string, StaticFile>();
  private readonly root = packageRoot();

  constructor(private readonly options: WebPageOptions = {}) {}

  /** One GET/HEAD row per page and file; pages take no body, so one is read only up to the server's limit. */
  routes(maxBodyBytes: number): HttpRoute[] {
    const methods = ['GET', 'HEAD'] as const;
    return [
      {
        method: methods, path: '/favicon.ico',
        handle: async (req, res) => {
          await skipBody(req, maxBodyBytes);
          // No icon, but an answer: browsers ask on every page load and log a 404 otherwise.
          res.writeHead(204, { 'cache-control': 'public, max-age=86400' });
          res.end();
        },
      },
      ...Object.entries(ROUTES).map(([path, route]): HttpRoute => ({
        method: methods, path,
        handle: async (req, res, url) => {
          await skipBody(req, maxBodyBytes);
          await this.serve(req, res, url, route);
        },
      })),
    ];
  }

  /** Said after the server's "nothing at <path>". */
  static readonly notFoundHint = 'the chat is at / and the embed snippet at /embed.js';

  private async serve(req: IncomingMessage, res: ServerResponse, url: URL, route: PageRoute): Promise<void> {
    const file = this.load(route.file, route.type);
    const headers: Record<string, string> = {
      'content-type': file.type,
      etag: file.etag,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': route.page ? 'no-cache' : 'public, max-age=3600',
    };
    if (route.page) headers['content-security-policy'] = this.policy(req, url.pathname === '/chat' ? this.options.embedOrigins ?? '*' : "'none'");
    if (route.crossOrigin) headers['access-control-allow-origin'] = '*';
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    let body = file.body;
    if (file.body.length > 64 * 1024 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      // The Web Chat bundle is 3.9 MB; gzip it once per process, not per request.
      file.gzipped ??= gzipAsync(file.body);
      body = await file.gzipped;
      headers['content-encoding'] = 'gzip';
      headers.vary = 'accept-encoding';
    }
    headers['content-length'] = String(body.length);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  private policy(req: IncomingMessage, frameAncestors: string): string {
    const host = req.headers.host && /^[A-Za-z0-9.\-:[\]]+$/.test(req.headers.host) ? req.headers.host : '';
    const socket = host ? ` ws://${host} wss://${host}` : '';
    return [
      "default-src 'none'",
      "script-src 'self'",
      `connect-src 'self'${socket}`,
      `style-src 'self' ${EMPTY_STYLE_HASH}`,
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      "base-uri 'none'",
      "form-action 'none'",
      `frame-ancestors ${frameAncestors}`,
    ].join('; ');
  }

  private load(relative: string, type: string): StaticFile {
    let file = this.files.get(relative);
    if (!file) {
      const path = join(this.root, relative);
      const body = readFileSync(path);
      const stat = statSync(path);
      file = { body, type, etag: `"${stat.size.toString(36)}-${Math.floor(stat.mtimeMs).toString(36)}"` };
      this.files.set(relative, file);
    }
    return file;
  }
}

const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';

interface PageRoute { file: string; type: string; page?: boolean; crossOrigin?: boolean }

const ROUTES: Record<string, PageRoute> = {
  '/': { file: 'src/web/public/index.html', type: HTML, page: true },
  '/chat': { file: 'src/web/public/chat.html', type: HTML, page: true },
  '/embed.js': { file: 'src/web/public/embed.js', type: JS, crossOrigin: true },
  '/static/webchat-start.js': { file: 'src/web/public/webchat-start.js', type: JS },
  '/static/hearken.css': { file: 'src/web/public/hearken.css', type: 'text/css; charset=utf-8' },
  '/webchat/webchat.js': { file: 'node_modules/botframework-webchat/dist/webchat.js', type: JS },
};
