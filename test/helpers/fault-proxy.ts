/**
 * A faulting front for a backend: on a loopback port of its own, it forwards to the real server
 * (or answers from a handler, for a feed no real server serves) until a fault is set, then
 * misbehaves in one of the twelve ways backends fail in the field, until healed. The dashboard
 * is pointed at it, so what it meets is what a broken network or backend really sends.
 */
import http from 'node:http';
import type {AddressInfo} from 'node:net';

/** The twelve ways a backend fails. */
export const FAULT_KINDS = ['refused', 'reset', 'hang', '500', '503-text', 'html', 'truncated-json', 'nan-inf', 'empty', '401', '10mb', 'wrong-shape'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A healthy answer. */
export interface Answer {
  status: number;
  contentType: string;
  body: string;
}

/** A running proxy. */
export interface FaultProxy {
  url: string;
  /** Starts failing in `kind` (or heals, with `null`): a refused port stops listening, a healed one listens again. */
  set(kind: FaultKind | null): Promise<void>;
  close(): Promise<void>;
}

/** Forwards a request to `upstream` and returns its answer. */
export function forwardTo(upstream: string): (req: http.IncomingMessage, body: string) => Promise<Answer> {
  return async (req, body) => {
    const res = await fetch(`${upstream}${req.url ?? '/'}`, {
      method: req.method,
      headers: req.headers['content-type'] ? {'content-type': String(req.headers['content-type'])} : {},
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    });
    return {status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text()};
  };
}

const JSON_TYPE = 'application/json';
// Built once: a JSON string of 10 MB (valid JSON, of no shape any decoder accepts).
const TEN_MB = `"${'x'.repeat(10 * 1024 * 1024)}"`;

/** What a fault sends instead of the healthy answer; `null`: no answer at all (the socket is handled). */
async function faultAnswer(kind: FaultKind, healthy: () => Promise<Answer>, prometheus: boolean): Promise<Answer | null> {
  switch (kind) {
    case '500':
      return {status: 500, contentType: JSON_TYPE, body: '{"status":"error","errorType":"internal","error":"internal server error"}'};
    case '503-text':
      return {status: 503, contentType: 'text/plain', body: 'Service Unavailable: upstream overloaded'};
    case 'html':
      return {status: 200, contentType: 'text/html', body: '<html><head><title>Sign in</title></head><body><h1>Sign in to continue</h1></body></html>'};
    case 'truncated-json':
      return {status: 200, contentType: JSON_TYPE, body: (await healthy()).body.slice(0, 20)};
    case 'nan-inf': {
      // Prometheus writes non-finite samples as strings ("NaN", "+Inf"): valid JSON a decoder
      // must take as no number (its answers without samples pass unchanged). Elsewhere JSON has
      // no such values: bare tokens, invalid JSON.
      if (prometheus) {
        const answer = await healthy();
        let n = 0;
        return {...answer, body: answer.body.replace(/("value":\[\s*[\d.]+\s*,\s*)"[^"]*"\]/g, (_m, head: string) => `${head}"${n++ % 2 === 0 ? 'NaN' : '+Inf'}"]`)};
      }
      return {status: 200, contentType: JSON_TYPE, body: '[{"value": NaN, "limit": Infinity, "low": -Infinity}]'};
    }
    case 'empty':
      return {status: 200, contentType: JSON_TYPE, body: ''};
    case '401':
      return {status: 401, contentType: JSON_TYPE, body: '{"error":"unauthorized"}'};
    case '10mb':
      return {status: 200, contentType: JSON_TYPE, body: TEN_MB};
    case 'wrong-shape':
      return {status: 200, contentType: JSON_TYPE, body: '{"unexpected":{"shape":[1,2,3]}}'};
    default:
      return null;
  }
}

/**
 * Starts a proxy in front of `answer` (a {@link forwardTo} or a handler of its own);
 * `prometheus`: NaN/Inf come as Prometheus writes them, as sample strings.
 */
export async function startFaultProxy(answer: (req: http.IncomingMessage, body: string) => Promise<Answer>, opts: {prometheus?: boolean} = {}): Promise<FaultProxy> {
  let fault: FaultKind | null = null;
  const hung = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      void (async () => {
        const current = fault;
        if (current === 'reset') return void req.socket.destroy();
        if (current === 'hang') return void hung.add(res);
        const sent = current === null ? await answer(req, body) : await faultAnswer(current, () => answer(req, body), opts.prometheus === true);
        if (sent === null) return void req.socket.destroy();
        res.writeHead(sent.status, {'content-type': sent.contentType});
        res.end(sent.body);
      })().catch(() => req.socket.destroy());
    });
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  await listen(0);
  const {port} = server.address() as AddressInfo;
  const stopListening = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    url: `http://127.0.0.1:${port}`,
    async set(kind) {
      if (fault === 'refused' && kind !== 'refused') await listen(port);
      // A backend that comes back drops the requests it held.
      if (fault === 'hang') for (const res of hung) res.destroy();
      hung.clear();
      fault = kind;
      if (kind === 'refused') await stopListening();
    },
    close: async () => {
      for (const res of hung) res.destroy();
      if (server.listening) await stopListening();
    },
  };
}
