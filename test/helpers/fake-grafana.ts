/**
 * A recording stand-in for Grafana's Alertmanager-compatible API (Grafana-managed alerts at
 * `/api/alertmanager/grafana/api/v2/…`): a real `node:http` server on 127.0.0.1:0. Grafana cannot
 * run here, so every request it gets and every answer it gives is checked against the
 * Alertmanager v2 description in the shared contracts (the Grafana path prefix stripped), and
 * every request must carry the service-account token as `Authorization: Bearer`. Silences behave
 * as in Alertmanager: POST creates one (or replaces the one whose id it names, keeping the id),
 * DELETE expires it, and an alert matched by an active silence is `suppressed` with its id.
 * Grafana's own errors are its JSON envelope (`{"message": …, "traceID": …}`), as its API
 * handlers answer them, not the Alertmanager description's bodies: they are not checked against it.
 */
import {randomUUID} from 'node:crypto';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {validateRequest, validateResponse} from './openapi-operations.ts';
import {loadContract, type SchemaNode} from './openapi-schema.ts';

/** Where Grafana serves its own Alertmanager's API. */
export const GRAFANA_AM_PREFIX = '/api/alertmanager/grafana/api/v2';

/** A Grafana-managed alert as the fake serves it (wire shape, `gettableAlert`). */
export interface GrafanaWireAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  generatorURL?: string;
}

interface WireSilence {
  id: string;
  matchers: Array<{name: string; value: string; isRegex: boolean; isEqual?: boolean}>;
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  expired: boolean;
}

/** One request as the fake saw it. */
export interface GrafanaRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  json: unknown;
}

/** A running fake Grafana. */
export interface FakeGrafana {
  /** Grafana's base URL (what the config's `url:` holds). */
  url: string;
  requests: GrafanaRequest[];
  /** Contract and auth problems; a test asserts it is empty. */
  problems: string[];
  alerts: GrafanaWireAlert[];
  silences(): WireSilence[];
  close(): Promise<void>;
}

let contract: SchemaNode | undefined;

function matchesAll(silence: WireSilence, labels: Record<string, string>): boolean {
  return silence.matchers.every((m) => !m.isRegex && (labels[m.name] === m.value) === (m.isEqual ?? true));
}

/**
 * Starts the fake; requests without `Bearer <token>` get Grafana's 401.
 * @param subPath the sub-path Grafana is served from (its `root_url` path), e.g. `/grafana`
 */
export async function startFakeGrafana(token: string, alerts: GrafanaWireAlert[] = [], subPath = ''): Promise<FakeGrafana> {
  contract ??= loadContract('alertmanager-api-v2.openapi.yaml');
  const doc = contract;
  const requests: GrafanaRequest[] = [];
  const problems: string[] = [];
  const silences: WireSilence[] = [];

  const active = (s: WireSilence) => !s.expired && Date.parse(s.endsAt) > Date.now();
  const gettableSilence = (s: WireSilence) => ({
    id: s.id,
    status: {state: active(s) ? 'active' : 'expired'},
    updatedAt: new Date().toISOString(),
    matchers: s.matchers.map((m) => ({...m, isEqual: m.isEqual ?? true})),
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    createdBy: s.createdBy,
    comment: s.comment,
    annotations: {},
  });
  const gettableAlert = (a: GrafanaWireAlert) => {
    const by = silences.filter((s) => active(s) && matchesAll(s, a.labels)).map((s) => s.id);
    return {
      fingerprint: a.fingerprint,
      labels: a.labels,
      annotations: a.annotations,
      receivers: [{name: 'grafana-default-email'}],
      startsAt: a.startsAt,
      updatedAt: a.startsAt,
      endsAt: new Date(Date.parse(a.startsAt) + 3_600_000).toISOString(),
      ...(a.generatorURL ? {generatorURL: a.generatorURL} : {}),
      status: {state: by.length > 0 ? 'suppressed' : 'active', silencedBy: by, inhibitedBy: [], mutedBy: []},
    };
  };

  // `grafana`: an error in Grafana's own envelope, outside the Alertmanager description.
  function answer(method: string, path: string, json: unknown): {status: number; body: unknown; grafana?: true} {
    if (method === 'GET' && path === '/alerts') return {status: 200, body: alerts.map(gettableAlert)};
    if (method === 'GET' && path === '/silences') return {status: 200, body: silences.map(gettableSilence)};
    if (method === 'POST' && path === '/silences') {
      const posted = json as Omit<WireSilence, 'expired'> & {id?: string};
      const existing = posted.id ? silences.find((s) => s.id === posted.id) : undefined;
      if (posted.id && !existing) return {status: 404, body: 'silence not found'};
      const silence = {...posted, id: existing?.id ?? randomUUID(), expired: false};
      if (existing) silences.splice(silences.indexOf(existing), 1, silence);
      else silences.push(silence);
      return {status: 200, body: {silenceID: silence.id}};
    }
    const expire = /^\/silence\/([^/]+)$/.exec(path);
    if (method === 'DELETE' && expire) {
      const silence = silences.find((s) => s.id === decodeURIComponent(expire[1] ?? ''));
      // Grafana's handler answers an unknown id with its error envelope, not a bare 404.
      if (!silence) return {status: 404, body: {message: 'silence not found', traceID: ''}, grafana: true};
      silence.expired = true;
      return {status: 200, body: undefined};
    }
    problems.push(`${method} ${path}: not served by the fake`);
    return {status: 404, body: undefined};
  }

  const server = http.createServer((incoming, res) => {
    let text = '';
    incoming.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    incoming.on('end', () => {
      const url = incoming.url ?? '/';
      const {pathname, search} = new URL(url, 'http://fake.invalid');
      let json: unknown;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch {
        problems.push(`${incoming.method} ${pathname}: body is not JSON`);
      }
      const method = incoming.method ?? 'GET';
      requests.push({method, url, authorization: incoming.headers.authorization, json});
      const send = (status: number, body: unknown) => {
        const payload = body === undefined ? '' : JSON.stringify(body);
        res.writeHead(status, {'content-type': 'application/json'});
        res.end(payload);
      };
      if (incoming.headers.authorization !== `Bearer ${token}`) {
        send(401, {message: 'Unauthorized', traceID: ''});
        return;
      }
      const prefix = `${subPath}${GRAFANA_AM_PREFIX}`;
      if (!pathname.startsWith(`${prefix}/`)) {
        problems.push(`${method} ${pathname}: outside Grafana's Alertmanager API`);
        send(404, {message: 'Not found'});
        return;
      }
      const path = pathname.slice(prefix.length);
      problems.push(...validateRequest(doc, {method, url: `${path}${search}`, body: json}));
      const {status, body, grafana} = answer(method, path, json);
      if (!grafana) problems.push(...validateResponse(doc, method, path, status, body));
      send(status, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    problems,
    alerts,
    silences: () => silences,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
