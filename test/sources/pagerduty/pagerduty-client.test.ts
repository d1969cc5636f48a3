/**
 * A PagerDuty source's reads and its writer are two HTTP clients with different headers (the
 * writer adds `From:`). Only the reader waits in the request gate: given the gate too, the writer
 * counted as a second tenant of PagerDuty's API, and a backend with two tenants holds each to
 * half its share, so every PagerDuty poll had half the slots `maxConcurrentRequests` gives it.
 */
import {describe, expect, it} from 'vitest';
import {createRequestGate, type GateBackend, type RequestGate} from '../../../src/sources/http/request-gate.ts';
import {createPagerdutyClient} from '../../../src/sources/pagerduty/pagerduty-client.ts';

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
