import { createServer, type IncomingHttpHeaders } from 'node:http';

// A local HTTP server that records every request byte for byte and answers from a queue (webhook receivers,
// SMS provider stand-ins in test/api/webhooks.api.test.ts and sms.api.test.ts).

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  body: string;
}

export interface Receiver {
  base: string;
  received: Received[];
  /** Answers for the next requests, in order; afterwards `fallback`. Status 0: never answer (a hung receiver). */
  answers: { status: number; body: string }[];
  fallback: { status: number; body: string };
  close(): Promise<void>;
}

export async function startReceiver(fallback = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' }): Promise<Receiver> {
  const r: Omit<Receiver, 'base' | 'close'> = { received: [], answers: [], fallback };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      r.received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, raw, body: raw.toString('utf8') });
      const a = r.answers.shift() ?? r.fallback;
      if (a.status === 0) return;
      res.writeHead(a.status, { 'Content-Type': 'application/json' });
      res.end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return Object.assign(r, {
    base: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
