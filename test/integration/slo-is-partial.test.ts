/**
 * A VictoriaMetrics cluster whose vmstorage node is down answers by default, with the series of
 * the nodes that did answer and a top-level `"isPartial": true` (no warning). The node that did
 * not answer may hold the very error series that burn: an SLO read from such an answer is read in
 * part (`ok (partial)`, `partial: true`), the source too, and `status` exits 3, as for Thanos'
 * partial-response warnings. A real Prometheus behind a front that flags its answers so.
 */
import {describe, expect, it} from 'vitest';
import type {StatusDocument} from '../../src/domain/status-document.ts';
import {forwardTo, startFaultProxy} from '../helpers/fault-proxy.ts';
import {availabilityConfig, sloClock, useSloBackfill} from './slo-fixture.ts';

describe('an answer flagged isPartial (VictoriaMetrics cluster, a storage node down)', () => {
  let flag = true;
  const {status} = useSloBackfill({
    clock: sloClock(),
    services: [{service: 'calm', requestsPerStep: () => 1000, errorRatio: () => 0.0002}],
    tmpPrefix: 'oncall-slo-is-partial-',
    front: (prometheusUrl) => {
      const forward = forwardTo(prometheusUrl);
      // The same answers, flagged as vmselect flags one some vmstorage nodes did not contribute to.
      return startFaultProxy(async (req, body) => {
        const answer = await forward(req, body);
        if (!flag || !answer.contentType.includes('json')) return answer;
        const json = JSON.parse(answer.body) as Record<string, unknown>;
        return {...answer, body: JSON.stringify({status: json['status'], isPartial: true, data: json['data']})};
      });
    },
    config: (url) => availabilityConfig(url, 'calm'),
  });

  it('reads the SLO and the source in part and exits 3; unflagged, the same numbers are a clean ok', async () => {
    flag = true;
    const {code, out} = await status('--json');
    const doc = JSON.parse(out) as StatusDocument;
    expect(doc.slos[0]).toMatchObject({status: 'ok', partial: true});
    expect(doc.sources[0]).toMatchObject({name: 'prometheus', ok: true, partial: true});
    expect(doc.sources[0]!.warnings).toContain('isPartial: some storage nodes did not answer, series may be missing');
    expect(code).toBe(3);
    const text = await status();
    expect(text.out).toMatch(/ok \(partial\)\s+calm-availability/);

    flag = false;
    const whole = await status('--json');
    const wholeDoc = JSON.parse(whole.out) as StatusDocument;
    expect(wholeDoc.slos[0]).toMatchObject({status: 'ok', partial: false});
    expect(wholeDoc.sources[0]).toMatchObject({partial: false});
    expect(whole.code).toBe(0);
  });
});
