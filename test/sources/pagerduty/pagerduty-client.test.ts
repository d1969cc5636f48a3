/**
 * A PagerDuty source's reads and its writer are two HTTP clients with different headers (the
 * writer adds `From:`). Only the reader waits in the request gate: given the gate too, the writer
 * counted as a second tenant of PagerDuty's API, and a backend with two tenants holds each to
 * half its share, so every PagerDuty poll had half the slots `maxConcurrentRequests` gives it.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {freePort} from '../../../scripts/backends.ts';
import {HttpFailure} from '../../../src/sources/http/http-errors.ts';
import {createRequestGate, type GateBackend, type RequestGate} from '../../../src/sources/http/request-gate.ts';
import {createPagerdutyClient} from '../../../src/sources/pagerduty/pagerduty-client.ts';
import {incidentBody, startFakePagerduty, type FakePagerduty} from '../../helpers/fake-pagerduty.ts';

let pd: FakePagerduty | null = null;
afterEach(async () => {
  if (!pd) return;
  expect(pd.fake.problems).toEqual([]);
  await pd.close();
  pd = null;
});

/** A real gate that also notes which backends and tenants its clients told it of. */
function recordingGate(): {gate: RequestGate; known: GateBackend[]} {
  const inner = createRequestGate(8);
  const known: GateBackend[] = [];
  const gate: RequestGate = Object.assign(<T>(run: () => Promise<T>, backend?: GateBackend, background?: boolean, signal?: AbortSignal) => inner(run, backend, background, signal), {
    know: (backend: GateBackend) => {
      known.push(backend);
      inner.know?.(backend);
    },
  });
  return {gate, known};
}

describe('PagerDuty client and the request gate', () => {
  it('tells the gate of one tenant, its reader: the writer, which never waits there, does not halve the polls\' share', async () => {
    const {gate, known} = recordingGate();
    const client = createPagerdutyClient({name: 'pagerduty', apiUrl: 'https://api.pagerduty.example', from: 'oncall@example.com'}, {token: 'pd-token'}, {gate});
    try {
      const tenants = new Set(known.map((b) => (typeof b === 'string' ? b : `${b.root} ${b.tenant}`)));
      expect(tenants.size).toBe(1);
      // The digest of the headers, never the token itself.
      expect([...tenants].join('')).not.toContain('pd-token');
    } finally {
      await client.close();
    }
  });
});

describe('PagerDuty client pagination', () => {
  it('reads every item when the server gives fewer per page than asked: the next page starts after the items received', async () => {
    pd = await startFakePagerduty('pd-token');
    const all = Array.from({length: 120}, (_, i) => incidentBody({id: `PINC${i}`, number: i + 1, title: `incident ${i}`, status: 'triggered', serviceId: 'PSVC1', serviceName: 'Checkout'}));
    // PagerDuty lowers a limit past an endpoint's maximum and says the one it used in `limit`.
    pd.fake.route('GET', '/incidents', (req) => {
      const offset = Number(req.query.get('offset') ?? 0);
      return {body: {incidents: all.slice(offset, offset + 25), limit: 25, offset, more: offset + 25 < all.length, total: null}};
    });
    const client = createPagerdutyClient({name: 'pagerduty', apiUrl: pd.url, from: 'bob@example.com', timeout: '2s'}, {token: 'pd-token'});
    try {
      const {items, cut} = await client.list('/incidents', {}, 'incidents');
      expect({ids: (items as Array<{id: string}>).map((i) => i.id), cut}).toEqual({ids: all.map((i) => i['id']), cut: false});
      expect(pd.fake.calls('GET', '/incidents').map((r) => r.query.get('offset'))).toEqual(['0', '25', '50', '75', '100']);
    } finally {
      await client.close();
    }
  });

  it('a list read down to a bound stops at the page that reaches it, and is no cut', async () => {
    pd = await startFakePagerduty('pd-token');
    const all = Array.from({length: 120}, (_, i) => incidentBody({id: `PINC${i}`, number: i + 1, title: `incident ${i}`, status: 'triggered', serviceId: 'PSVC1', serviceName: 'Checkout'}));
    pd.fake.route('GET', '/incidents', (req) => {
      const offset = Number(req.query.get('offset') ?? 0);
      return {body: {incidents: all.slice(offset, offset + 25), limit: 25, offset, more: offset + 25 < all.length, total: null}};
    });
    const client = createPagerdutyClient({name: 'pagerduty', apiUrl: pd.url, from: 'bob@example.com', timeout: '2s'}, {token: 'pd-token'});
    try {
      const {items, cut} = await client.list('/incidents', {}, 'incidents', (read) => read.length >= 40);
      expect([items.length, cut, pd.fake.calls('GET', '/incidents').length]).toEqual([50, false, 2]);
    } finally {
      await client.close();
    }
  });
});

describe('PagerDuty client failures', () => {
  it('a refused connection keeps how the backend is down and that nothing was sent', async () => {
    const port = await freePort();
    const client = createPagerdutyClient({name: 'pagerduty', apiUrl: `http://127.0.0.1:${port}`, from: 'bob@example.com', timeout: '2s'}, {token: 'pd-token'});
    try {
      const failure = await client.get('/incidents', {}).then(() => null, (error: unknown) => error);
      expect(failure).toBeInstanceOf(HttpFailure);
      expect(failure).toMatchObject({kind: 'unavailable', status: null, notSent: true, down: 'refused the connection'});
      expect((failure as HttpFailure).message).toBe(`pagerduty: GET http://127.0.0.1:${port}/incidents: connection refused`);
    } finally {
      await client.close();
    }
  });

  it('an error answer is said in PagerDuty\'s words and keeps its status and whether its detail was the backend\'s JSON', async () => {
    pd = await startFakePagerduty('pd-token');
    pd.fake.route('GET', '/incidents', {status: 400, body: {error: {message: 'Invalid Input Provided', errors: ['Offset must be positive']}}});
    pd.fake.route('GET', '/services', {status: 400, body: {message: 'Invalid Input Provided'}});
    const client = createPagerdutyClient({name: 'pagerduty', apiUrl: pd.url, from: 'bob@example.com', timeout: '2s'}, {token: 'pd-token'});
    try {
      // PagerDuty's envelope, read by the HTTP client before it is excerpted.
      const enveloped = await client.get('/incidents', {}).then(() => null, (error: unknown) => error);
      expect(enveloped).toMatchObject({kind: 'bad-response', status: 400, detailFromJson: true, detail: 'Invalid Input Provided: Offset must be positive'});
      expect((enveloped as HttpFailure).message).toMatch(/^pagerduty: .*\(HTTP 400\): Invalid Input Provided: Offset must be positive$/);
      const plain = await client.get('/services', {}).then(() => null, (error: unknown) => error);
      expect(plain).toMatchObject({kind: 'bad-response', status: 400, detailFromJson: true, detail: 'Invalid Input Provided'});
    } finally {
      await client.close();
    }
  });
});
