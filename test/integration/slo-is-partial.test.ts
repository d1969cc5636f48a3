/**
 * A VictoriaMetrics cluster whose vmstorage node is down answers by default, with the series of
 * the nodes that did answer and a top-level `"isPartial": true` (no warning). The node that did
 * not answer may hold the very error series that burn: an SLO read from such an answer is read in
 * part (`ok (partial)`, `partial: true`), the source too, and `status` exits 3, as for Thanos'
 * partial-response warnings. A real Prometheus behind a front that flags its answers so.
 */
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateBackfill} from '../../scripts/slo-backfill.ts';
import {main} from '../../src/cli/main.ts';
import type {StatusDocument} from '../../src/domain/status-document.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';
import {forwardTo, startFaultProxy, type FaultProxy} from '../helpers/fault-proxy.ts';

const MIN = 60;
const HOUR = 3600;
const DAY = 86_400;

describe('an answer flagged isPartial (VictoriaMetrics cluster, a storage node down)', () => {
  let backends: Backends;
  let front: FaultProxy;
  let dir: string;
  let flag = true;
  const end = Math.floor(Date.now() / 1000 / MIN) * MIN;
  const start = end - 30 * DAY - 2 * HOUR;

  beforeAll(async () => {
    const backfill = generateBackfill([{service: 'calm', requestsPerStep: () => 1000, errorRatio: () => 0.0002}], start, end);
    backends = await startTestBackends({openMetrics: backfill.openMetrics, alertmanager: false});
    const forward = forwardTo(backends.prometheusUrl ?? '');
    // The same answers, flagged as vmselect flags one some vmstorage nodes did not contribute to.
    front = await startFaultProxy(async (req, body) => {
      const answer = await forward(req, body);
      if (!flag || !answer.contentType.includes('json')) return answer;
      const json = JSON.parse(answer.body) as Record<string, unknown>;
      return {...answer, body: JSON.stringify({status: json['status'], isPartial: true, data: json['data']})};
    });
    dir = await mkdtemp(join(tmpdir(), 'oncall-slo-is-partial-'));
    const config = [
      'current-context: test',
      'contexts:',
      '  - name: test',
      '    prometheus:',
      `      url: ${front.url}`,
      '    slos:',
      '      - name: calm-availability',
      '        service: calm',
      '        objective: 99.9',
      '        window: 30d',
      `        errorQuery: 'sum(rate(http_requests_total{service="calm",code=~"5.."}[{{.window}}]))'`,
      `        totalQuery: 'sum(rate(http_requests_total{service="calm"}[{{.window}}]))'`,
      '',
    ].join('\n');
    await writeFile(join(dir, 'config.yaml'), config);
  });

  afterAll(async () => {
    await front?.close();
    await backends?.stop();
    if (dir) await rm(dir, {recursive: true, force: true});
  });

  async function status(...flags: string[]): Promise<{code: number; out: string}> {
    let out = '';
    const io = {out: (t: string) => void (out += t), err: () => {}};
    const code = await main(['status', ...flags, '--config', join(dir, 'config.yaml')], {HOME: dir}, io, {now: () => end * 1000});
    return {code, out};
  }

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
