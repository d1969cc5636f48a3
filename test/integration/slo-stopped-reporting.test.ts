/**
 * A service that burned fast and then stopped reporting, against a real Prometheus: crash-looping
 * pods export nothing, so the 5m window empties while the 1h and 30m windows still hold a 30×
 * burn. The 1h&5m pair cannot be decided on half its data, so the SLO must not read as a calm,
 * green `ok` that exits 0: it is `unknown`, says which window is empty while which burns, and
 * `status` exits 3 (could not tell).
 */
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateBackfill} from '../../scripts/slo-backfill.ts';
import {main} from '../../src/cli/main.ts';
import type {StatusDocument} from '../../src/domain/status-document.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';

const MIN = 60;
const HOUR = 3600;
const DAY = 86_400;

describe('an SLO whose service stopped reporting after a fast burn', () => {
  let backends: Backends;
  let dir: string;
  // The last whole minute: the CLI's clock is pinned to it.
  const end = Math.floor(Date.now() / 1000 / MIN) * MIN;
  const start = end - 30 * DAY - 2 * HOUR;
  // The exporter vanished 10 minutes ago, after an hour at 3 % errors (0.05 % before).
  const goneAt = end - 10 * MIN;

  beforeAll(async () => {
    const backfill = generateBackfill(
      [{service: 'gone', requestsPerStep: () => 1000, errorRatio: (i) => (start + i * MIN > goneAt - HOUR ? 0.03 : 0.0005)}],
      start,
      goneAt,
    );
    backends = await startTestBackends({openMetrics: backfill.openMetrics, alertmanager: false});
    dir = await mkdtemp(join(tmpdir(), 'oncall-slo-gone-'));
    const config = [
      'current-context: test',
      'contexts:',
      '  - name: test',
      '    prometheus:',
      `      url: ${backends.prometheusUrl}`,
      '    slos:',
      '      - name: gone-availability',
      '        service: gone',
      '        objective: 99.9',
      '        window: 30d',
      `        errorQuery: 'sum(rate(http_requests_total{service="gone",code=~"5.."}[{{.window}}]))'`,
      `        totalQuery: 'sum(rate(http_requests_total{service="gone"}[{{.window}}]))'`,
      '',
    ].join('\n');
    await writeFile(join(dir, 'config.yaml'), config);
  });

  afterAll(async () => {
    await backends?.stop();
    if (dir) await rm(dir, {recursive: true, force: true});
  });

  async function status(...flags: string[]): Promise<{code: number; out: string}> {
    let out = '';
    const io = {out: (t: string) => void (out += t), err: () => {}};
    const code = await main(['status', ...flags, '--config', join(dir, 'config.yaml')], {HOME: dir}, io, {now: () => end * 1000});
    return {code, out};
  }

  it('is unknown with the empty window named, not ok, and status exits 3', async () => {
    const {code, out} = await status('--json');
    const slo = (JSON.parse(out) as StatusDocument).slos[0]!;
    // What Prometheus answered: 1h and 30m far above 14.4, no 5m sample at all, the period read.
    expect(slo.burnRates['1h']).toBeGreaterThan(14.4);
    expect(slo.burnRates['30m']).toBeGreaterThan(14.4);
    expect(slo.burnRates['5m']).toBeNull();
    expect(slo.sli).not.toBeNull();
    expect(slo.status).toBe('unknown');
    expect(slo.trippedBy).toBeNull();
    expect(slo.error).toMatch(/^5m has no series while 1h burns \d+(\.\d)?× \(1h&5m may page\)/);
    expect(code).toBe(3);

    const text = await status();
    expect(text.code).toBe(3);
    expect(text.out).not.toMatch(/^\s+ok\s+gone-availability/m);
    expect(text.out).toMatch(/gone-availability.*error: 5m has no series while 1h burns/);
  });
});
