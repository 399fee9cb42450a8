import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, type BrowserEnv } from '../helpers/browser';

// Loading on a slow line (docs/web.md#loading-on-a-slow-line): compressed responses, hashed assets cached for a
// year, the shell revalidated on every load. In the browser project because it needs the built dist/web
// (`npm run build:web` runs before it); it talks plain HTTP so that the headers are exactly what the server sent.

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static assets and compression', () => {
  let env: BrowserEnv;
  beforeAll(async () => {
    env = await startBrowserEnv('sqlite');
  });
  afterAll(async () => env?.close());

  const assets = () => readdirSync('dist/web/assets');

  it('splits the app into chunks: vendor chunks for antd, react and echarts, and no single script near the old 1.8 MB bundle', () => {
    const js = assets().filter((f) => f.endsWith('.js'));
    expect(js.some((f) => f.startsWith('antd-'))).toBe(true);
    expect(js.some((f) => f.startsWith('react-'))).toBe(true);
    expect(js.some((f) => f.startsWith('echarts-'))).toBe(true);
    expect(js.length).toBeGreaterThan(10);
  });

  it('serves index.html revalidated on every load (no-cache) and compressed with brotli', async () => {
    const res = await get(env.baseUrl, '/', { 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(res.body).toString('utf8')).toContain('<div id="root">');
    // A client route gets the same shell with the same cache policy (under 1 KB, it is sent as is).
    const deep = await get(env.baseUrl, '/workorders/123', { 'accept-encoding': 'gzip' });
    expect(deep.headers['cache-control']).toBe('no-cache');
    expect(deep.body.toString('utf8')).toContain('<div id="root">');
  });

  it('serves hashed scripts as public, max-age=31536000, immutable, gzip or br as the client asks', async () => {
    const antd = assets().find((f) => f.startsWith('antd-') && f.endsWith('.js'))!;
    const br = await get(env.baseUrl, `/assets/${antd}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['content-encoding']).toBe('br');
    expect(String(br.headers['content-type'])).toMatch(/javascript/);
    const gz = await get(env.baseUrl, `/assets/${antd}`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    // Compressed to well under half: the point of the exercise on a slow line.
    expect(gz.body.length).toBeLessThan(gunzipSync(gz.body).length / 2);
    const plain = await get(env.baseUrl, `/assets/${antd}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('answers a missing hashed asset with 404, not the app shell as JavaScript', async () => {
    const res = await get(env.baseUrl, '/assets/gone-0000.js');
    expect(res.status).toBe(404);
  });

  it('compresses JSON from the API', async () => {
    const res = await get(env.baseUrl, '/api/openapi.json', { 'accept-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(res.body).toString('utf8'))).toHaveProperty('openapi');
  });

  it('leaves an xlsx download as stored: not re-compressed, a valid zip, with its Content-Length', async () => {
    const page = await env.loginAs('admin');
    const cookies = await page.context().cookies();
    const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const res = await get(env.baseUrl, '/api/workorders/export.xlsx', { 'accept-encoding': 'gzip, br', cookie });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
  });
});
