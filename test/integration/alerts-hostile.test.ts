/**
 * A hostile alert (escape sequences, C1 controls, bidi overrides and line separators in label
 * names, values and annotations) from a real Alertmanager, through every path the alert list
 * takes: the streamed decode, twice (in full, then kept from the previous poll), into the
 * dashboard's table rows, and `oncall alerts --json`, which decodes the body whole (a one-shot
 * read) and streams its document alert by alert.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {safeJson} from '../../src/cli/one-shot.ts';
import {createAlertmanagerSource, type AlertmanagerSource} from '../../src/sources/alertmanager/alertmanager-source.ts';
import {alertTable, createAlertTableBuilder} from '../../src/view/rows/alert-rows.ts';
import {run, tempDir} from '../cli/cli-fixtures.ts';
import {pollUntil, startTestBackends, type Backends} from '../helpers/backends.ts';

const EVIL = '\u001b[2J\u001b]52;c;cm0gLXJmIH4=\u0007\u009b31m\u202eevil\u2028\u0085';
// Raw in a terminal, any of these acts on it.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u2065\p{Cf}]/u;

describe('a hostile alert from a real Alertmanager', () => {
  let backends: Backends;
  let source: AlertmanagerSource;
  const tmp = tempDir();

  beforeAll(async () => {
    backends = await startTestBackends({prometheus: false});
    const url = backends.alertmanagerUrl ?? '';
    source = createAlertmanagerSource({name: 'am', baseUrl: url, timeoutMs: 5000});
    const now = Date.now();
    const alerts = [
      {labels: {alertname: `Evil${EVIL}`, service: `svc${EVIL}`, severity: 'critical', [`k${EVIL.replace(/[^a-z]/gi, '')}`]: EVIL}, annotations: {summary: `sum${EVIL}`, runbook_url: `https://x.example/${EVIL}`}},
      {labels: {alertname: 'Plain', service: 'checkout', severity: 'warning'}, annotations: {summary: 'fine'}},
    ].map((a) => ({...a, startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 3_600_000).toISOString()}));
    const res = await fetch(`${url}/api/v2/alerts`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(alerts)});
    expect(res.status).toBe(200);
    await pollUntil(() => source.listAlerts(), (r) => r.value.length === 2, 10_000, 'both alerts listed');
    tmp.write('config.yaml', `current-context: t\ncontexts:\n  - name: t\n    alertmanagers:\n      - name: am\n        url: ${url}\n`);
  });

  afterAll(async () => {
    await source?.close();
    await backends?.stop();
    tmp.cleanup();
  });

  it('keeps the raw text in the decoded alert, and the table rows show it escaped, on a full decode and on a kept one', async () => {
    const first = (await source.listAlerts()).value;
    const second = (await source.listAlerts()).value;
    // The dashboard's builder keeps rows from poll to poll: its kept and redrawn rows too.
    const builder = createAlertTableBuilder();
    const now = Date.now();
    for (const alerts of [first, second]) {
      const evil = alerts.find((a) => a.name.startsWith('Evil'))!;
      expect(evil.labels['service']).toBe(`svc${EVIL}`);
      const at = builder.prepare(alerts, ['alertname', 'service']);
      for (const table of [alertTable(alerts, now, ['alertname', 'service']), at(now), at(now + 61_000)]) {
        const texts = table.rows.flatMap((r) => r.cells.map((c) => c.text));
        expect(texts.some((t) => t.includes('evil'))).toBe(true);
        for (const t of texts) expect(t).not.toMatch(UNSAFE);
      }
    }
    // The second poll kept the alert objects of the first.
    expect(second.find((a) => a.name.startsWith('Evil'))).toBe(first.find((a) => a.name.startsWith('Evil')));
  });

  it('escapes it when a changed body keeps the hostile alert from the poll before (the element-by-element reuse)', async () => {
    const before = (await source.listAlerts()).value.find((a) => a.name.startsWith('Evil'))!;
    const now = Date.now();
    const more = [{labels: {alertname: 'Later', service: 'cart', severity: 'info'}, annotations: {}, startsAt: new Date(now).toISOString(), endsAt: new Date(now + 3_600_000).toISOString()}];
    const res = await fetch(`${backends.alertmanagerUrl}/api/v2/alerts`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(more)});
    expect(res.status).toBe(200);
    const {value: alerts} = await pollUntil(() => source.listAlerts(), (r) => r.value.length === 3, 10_000, 'the third alert listed');
    expect(alerts.find((a) => a.name.startsWith('Evil'))).toBe(before);
    const texts = alertTable(alerts, now, ['alertname', 'service']).rows.flatMap((r) => r.cells.map((c) => c.text));
    expect(texts.some((t) => t.includes('evil'))).toBe(true);
    for (const t of texts) expect(t).not.toMatch(UNSAFE);
  });

  it('oncall alerts --json streams a document with every unsafe character escaped, the same bytes safeJson writes', async () => {
    const {code, out, err} = await run(['alerts', '--json', '--config', tmp.dir + '/config.yaml'], {HOME: tmp.dir, XDG_STATE_HOME: tmp.dir});
    expect([code, err]).toEqual([0, '']);
    expect(out).not.toMatch(UNSAFE);
    const doc = JSON.parse(out) as {alerts: Array<{labels: Record<string, string>; annotations: Record<string, string>}>};
    const evil = doc.alerts.find((a) => a.labels['alertname']?.startsWith('Evil'))!;
    expect([evil.labels['service'], evil.annotations['summary']]).toEqual([`svc${EVIL}`, `sum${EVIL}`]);
    expect(out).toBe(`${safeJson(doc)}\n`);
  });
});
