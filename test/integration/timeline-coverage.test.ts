/**
 * Whether a timeline's empty alerts are "no alert fired" or "no alert history", against real
 * servers: a Prometheus holding three hours of data whose alerting rule is evaluated and never
 * fired (no `ALERTS` series at all: nothing fired, not a missing part), and the same data in a
 * Prometheus with no alerting rule (no history: a missing part, exit 3). And a label-names
 * lookup that fails (a proxy in front answering 500 for it alone) is said, never skipped.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateBackfill} from '../../scripts/slo-backfill.ts';
import {prodConfigText, runIn, tempDir} from '../cli/cli-fixtures.ts';
import {pollUntil, startTestBackends, type Backends} from '../helpers/backends.ts';
import {forwardTo, startFaultProxy} from '../helpers/fault-proxy.ts';

const MIN = 60;
// Evaluated every second, never true: the rule runs, nothing fires.
const RULES = `groups:
  - name: quiet
    rules:
      - alert: NeverFires
        expr: vector(1) == 0
        labels: {severity: critical}
`;

type Timeline = {missing: Array<{part: string; reason: string}>; notes?: string[]};

describe('timeline: no alert fired or no alert history', () => {
  let ruled: Backends;
  let bare: Backends;
  const tmp = tempDir();
  const cli = runIn(tmp);
  const config = (name: string, prometheus: string, alertmanager?: string) => tmp.write(`${name}.yaml`, prodConfigText(prometheus, alertmanager));

  beforeAll(async () => {
    const end = Math.floor(Date.now() / 1000 / MIN) * MIN;
    const {openMetrics} = generateBackfill([{service: 'checkout', requestsPerStep: () => 1000, errorRatio: () => 0.0005}], end - 3 * 3600, end);
    [ruled, bare] = await Promise.all([startTestBackends({openMetrics, rules: RULES}), startTestBackends({openMetrics, alertmanager: false})]);
    // The rule has been evaluated at least once.
    await pollUntil(async () => (await (await fetch(`${ruled.prometheusUrl}/api/v1/rules?type=alert`)).json()) as {data: {groups: Array<{rules: Array<{health: string}>}>}}, (r) => r.data.groups[0]?.rules[0]?.health === 'ok', 20_000, 'rule evaluated');
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled([ruled?.stop(), bare?.stop()]);
    tmp.cleanup();
  });

  it('alerting rules evaluated, none fired: no missing part, exit 0, and a note says no alert fired', async () => {
    const {code, out} = await cli('timeline', '--since', '2h', '--format', 'json', '--config', config('ruled', ruled.prometheusUrl!, ruled.alertmanagerUrl!));
    const doc = JSON.parse(out) as Timeline;
    expect(doc.missing).toEqual([]);
    expect(doc.notes).toEqual([expect.stringMatching(/^no alert fired: prometheus evaluates 1 alerting rule and held no ALERTS series from \S+ to \S+$/)]);
    expect(code).toBe(0);
  }, 60_000);

  it('no alerting rule and no ALERTS: still "no alert history", a missing part (exit 3)', async () => {
    const {code, out} = await cli('timeline', '--since', '2h', '--config', config('bare', bare.prometheusUrl!));
    expect(out).toMatch(/^> \*\*Missing:\*\* alerts from prometheus: no alert history: no ALERTS series from \S+ to \S+ and no alerting rule evaluated there, so no alert events is not "nothing fired"$/m);
    expect(code).toBe(3);
  }, 60_000);

  it('the label-names lookup failing: "coverage not checked" for each part read, exit 3, never skipped', async () => {
    const forward = forwardTo(ruled.prometheusUrl!);
    const proxy = await startFaultProxy(async (req, body) => ((req.url ?? '').startsWith('/api/v1/labels') ? {status: 500, contentType: 'application/json', body: '{"status":"error","errorType":"internal","error":"labels down"}'} : forward(req, body)), {prometheus: true});
    try {
      const {code, out} = await cli('timeline', '--since', '2h', '--format', 'json', '--config', config('labels-down', proxy.url));
      const doc = JSON.parse(out) as Timeline;
      expect(doc.missing.map((g) => [g.part, g.reason.replace(/\(.*\)/, '(…)')])).toEqual([['alerts', expect.stringMatching(/^coverage not checked \(…\): whether prometheus holds data at \S+ is unknown, so no events may not mean "nothing happened"$/)]]);
      expect(doc.missing[0]!.reason).toContain('labels down');
      expect(code).toBe(3);
    } finally {
      await proxy.close();
    }
  }, 60_000);
});
