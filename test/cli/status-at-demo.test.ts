/**
 * `status --demo --at`: the demo's past answers as a Prometheus would, its alerts read from
 * `ALERTS` (no annotations), so their runbook links come from the rules the demo runs today,
 * marked as such, as on a real Prometheus.
 */
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {DEMO_ALERTS} from '../../src/sources/demo/demo-scenario-alerts.ts';
import {run, tempDir} from './cli-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => {
  tmp.cleanup();
});

interface DocAlert {
  name: string;
  annotations: Record<string, string>;
  runbookUrl: string | null;
  runbookFrom?: string;
}

describe('status --demo --at', () => {
  it('gives the alerts of the past the runbook of today\'s rule of their name, marked current-rule', async () => {
    const {code, out, err} = await run(['status', '--demo', '--json', '--at', '5m'], {HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state')});
    // Exit 1: the checkout page was firing then.
    expect([code, err]).toEqual([1, '']);
    const doc = JSON.parse(out) as {alerts: DocAlert[]; sources: Array<{name: string; state: string; ok: boolean; alerts: boolean}>};
    const alerts = doc.alerts;
    // The demo's incidents and Alertmanager are not read in the past: listed as such, not dropped.
    expect(doc.sources.filter((s) => s.state === 'not-in-past').map((s) => [s.name, s.ok, s.alerts])).toEqual([['alertmanager', false, true], ['pagerduty', false, true]]);
    const checkout = alerts.find((a) => a.name === 'CheckoutHighErrorRate')!;
    // ALERTS keeps no annotations: the link is the rule's, said to be today's.
    expect(checkout.annotations).toEqual({});
    expect(checkout).toMatchObject({runbookUrl: DEMO_ALERTS[0]!.annotations['runbook_url'], runbookFrom: 'current-rule'});
    expect(alerts.length).toBeGreaterThan(2);
    // Every alert whose demo rule has a runbook gets it from the rule; the others none from it.
    for (const a of alerts) {
      const spec = DEMO_ALERTS.find((s) => s.labels['alertname'] === a.name)!;
      const own = spec.annotations['runbook_url'];
      if (own !== undefined) expect(a, a.name).toMatchObject({runbookUrl: own, runbookFrom: 'current-rule'});
      else expect(a.runbookFrom, a.name).toBeUndefined();
    }
  });

  it('keeps generatedAt the time the document was made, the instant asked only in `at`', async () => {
    const before = Date.now();
    const {out} = await run(['status', '--demo', '--json', '--at', '30m'], {HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state')});
    const after = Date.now();
    const doc = JSON.parse(out) as {generatedAt: string; at: string};
    expect(Math.abs(Date.parse(doc.at) - (before - 30 * 60_000))).toBeLessThan(60_000);
    // A script checking how fresh the document is must not read it as half an hour old.
    expect(Date.parse(doc.generatedAt)).toBeGreaterThanOrEqual(before - 1_000);
    expect(Date.parse(doc.generatedAt)).toBeLessThanOrEqual(after + 1_000);
  });
});
