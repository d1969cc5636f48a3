import {describe, expect, it} from 'vitest';
import {STATUS_ALERT_LINES, statusText} from '../../src/cli/status-text.ts';
import {statusExitCode, type StatusDocument} from '../../src/domain/status-document.ts';

const NOW = Date.UTC(2026, 4, 1, 10, 0, 0);
const burn = (x: number | null) => ({'5m': x, '30m': x, '1h': x, '2h': x, '6h': x, '1d': x, '3d': x});

const doc: StatusDocument = {
  context: 'prod-eu',
  generatedAt: '2026-05-01T10:00:00.000Z',
  sources: [
    {name: 'prometheus', kind: 'prometheus', state: 'ok', ok: true, error: null, ageSeconds: 2, retrying: false, warnings: [], partial: false, alerts: false},
    {name: 'am-2', kind: 'alertmanager', state: 'error', ok: false, error: 'unavailable: connection refused', ageSeconds: null, retrying: false, warnings: [], partial: false, alerts: true},
  ],
  slos: [
    {name: 'ok-slo', service: 'api', source: 'native', objective: 99.9, window: '30d', sli: 0.9999, errorBudgetRemaining: 0.9, burnRates: burn(0.1), status: 'ok', trippedBy: null, exhaustsInSeconds: null, error: null, partial: false, unread: [], mayPage: false},
    {name: 'page-slo', service: 'api', source: 'native', objective: 99.9, window: '30d', sli: 0.999, errorBudgetRemaining: 0.25, burnRates: burn(20), status: 'page', trippedBy: '1h&5m', exhaustsInSeconds: 3900, error: null, partial: false, unread: [], mayPage: false},
    {name: 'blind', service: 'db', source: 'native', objective: 99, window: '30d', sli: null, errorBudgetRemaining: null, burnRates: burn(null), status: 'no-data', trippedBy: null, exhaustsInSeconds: null, error: null, partial: false, unread: [], mayPage: false},
  ],
  alerts: [
    {fingerprint: 'f1', name: 'HighErrorRate', severity: 'critical', state: 'firing', labels: {service: 'api'}, annotations: {}, startsAt: '2026-05-01T09:50:00.000Z', runbookUrl: null, ack: null},
    {fingerprint: 'f2', name: 'DiskFull\x1b[2J', severity: 'warning', state: 'suppressed', labels: {}, annotations: {}, startsAt: '2026-05-01T07:00:00.000Z', runbookUrl: null, ack: {by: 'primary', until: '2026-05-01T10:15:00.000Z', silenceId: 's'}},
  ],
  deploys: [
    {id: 'd1', service: 'api', version: 'v2', environment: 'production', status: 'success', startedAt: '2026-05-01T09:48:00.000Z', author: 'dev', url: null, suspect: true},
    {id: 'd0', service: 'api', version: 'v1', environment: 'production', status: 'success', startedAt: '2026-04-29T10:00:00.000Z', author: 'dev', url: null, suspect: false},
  ],
  sloFileErrors: [],
};

describe('statusText', () => {
  it('says the alerts are unknown, not "0 firing", when no alert source could be read', () => {
    const blind = {...doc, alerts: [], sources: [doc.sources[0]!, doc.sources[1]!, {...doc.sources[1]!, name: 'pagerduty', kind: 'pagerduty'}]};
    expect(statusText(blind, NOW, 'github')).toContain('\nAlerts: UNKNOWN, no alert source could be read (am-2, pagerduty)\n');
    const oneOfTwo = {...blind, sources: [doc.sources[0]!, doc.sources[1]!, {...doc.sources[0]!, name: 'pagerduty', kind: 'pagerduty', alerts: true}]};
    expect(statusText(oneOfTwo, NOW, 'github')).toContain('\nAlerts: 0 firing (0 critical unacked), 0 pending or suppressed · not read: am-2 (its alerts are not counted)\n');
    // Prometheus failing is about the SLOs (and says so there), not an alert source here.
    const allRead = {...doc, sources: [{...doc.sources[0]!, ok: false, state: 'error' as const, error: 'x'}, {...doc.sources[1]!, ok: true, state: 'ok' as const, error: null}]};
    expect(statusText(allRead, NOW, 'github')).toContain('\nAlerts: 1 firing (1 critical unacked), 1 pending or suppressed\n');
  });

  it('names why an SLO could not be measured when its own query was refused', () => {
    const refused = {...doc, slos: [{...doc.slos[2]!, error: 'Prometheus refused its query (HTTP 400): unknown function \x1b[2J'}]};
    expect(statusText(refused, NOW, 'github')).toContain('  NO DATA blind  1h —  5m —  budget —  error: Prometheus refused its query (HTTP 400): unknown function ␛[2J\n');
  });

  it('prints a compact summary, worst SLO first, failed sources with their error', () => {
    expect(statusText(doc, NOW, 'github')).toBe(
      [
        'context prod-eu at 2026-05-01T10:00:00.000Z',
        'sources: prometheus ok 2s, am-2 FAILED (unavailable: connection refused)',
        'SLOs: 1 page, 0 ticket, 1 ok, 1 no data',
        '  PAGE    page-slo 1h&5m  1h 20.0×  5m 20.0×  budget 25.0%  exhausts in 1h 5m',
        '  NO DATA blind  1h —  5m —  budget —',
        '  ok      ok-slo  1h 0.10×  5m 0.10×  budget 90.0%',
        'Alerts: 1 firing (1 critical unacked), 1 pending or suppressed · not read: am-2 (its alerts are not counted)',
        '  critical firing     HighErrorRate (api) 10m',
        '  warning  suppressed DiskFull␛[2J 3h ACK by primary',
        'Deploys: 2 recent, 1 suspect',
        '  SUSPECT api v2 success production 12m ago by dev',
        '          api v1 success production 2d ago by dev',
        '',
      ].join('\n'),
    );
  });

  it('counts a Prometheus the document marks as an alert source: failing, its alerts are UNKNOWN, not "0 firing"', () => {
    // In the past (--at) the alerts are Prometheus' ALERTS; live, a Prometheus without an Alertmanager lists them all.
    const prometheusDown = {...doc.sources[0]!, ok: false, state: 'error' as const, error: 'unavailable: connection refused', alerts: true};
    const github = {...doc.sources[1]!, ok: true, state: 'ok' as const, error: null, kind: 'deploys', name: 'github', alerts: false};
    const past = {...doc, at: '2026-05-01T09:00:00.000Z', alerts: [], sources: [prometheusDown, github]};
    expect(statusText(past, NOW, 'github')).toContain('\nAlerts: UNKNOWN, no alert source could be read (prometheus)\n');
    expect(statusText({...past, at: undefined}, NOW, 'github')).toContain('\nAlerts: UNKNOWN, no alert source could be read (prometheus)\n');
    // Beside an Alertmanager that answered, its pending alerts are named as not counted.
    const withAm = {...past, at: undefined, sources: [prometheusDown, {...doc.sources[1]!, ok: true, state: 'ok' as const, error: null}]};
    expect(statusText(withAm, NOW, 'github')).toContain('\nAlerts: 0 firing (0 critical unacked), 0 pending or suppressed · not read: prometheus (its alerts are not counted)\n');
  });

  it('in the past, names the alert sources not read then, apart from those that failed, and exits 3 unless something pages', () => {
    const prometheus = {...doc.sources[0]!, alerts: true};
    const notInPast = (name: string, kind: string) => ({name, kind, state: 'not-in-past' as const, ok: false, error: null, ageSeconds: null, retrying: false, warnings: [], partial: false, alerts: true});
    const quiet = {...doc, at: '2026-05-01T09:00:00.000Z', slos: [], alerts: [], deploys: [], sources: [prometheus, notInPast('pagerduty', 'pagerduty'), notInPast('am', 'alertmanager')]};
    const text = statusText(quiet, NOW, null);
    expect(text).toContain('\nsources: prometheus ok 2s, pagerduty not read in the past, am not read in the past\n');
    expect(text).toContain('\nAlerts: 0 firing (0 critical unacked), 0 pending or suppressed · not read in the past: pagerduty, am (incidents and alerts only they hold are not counted)\n');
    // "0 firing" from Prometheus' history alone is not all clear.
    expect(statusExitCode(quiet)).toBe(3);
    expect(statusExitCode({...quiet, alerts: [doc.alerts[0]!]})).toBe(1);
    // The history failing too: unknown, and still which sources were not read at all.
    const down = {...quiet, sources: [{...prometheus, ok: false, state: 'error' as const, error: 'unavailable: connection refused'}, ...quiet.sources.slice(1)]};
    expect(statusText(down, NOW, null)).toContain('\nAlerts: UNKNOWN, no alert source could be read (prometheus) · not read in the past: pagerduty, am (incidents and alerts only they hold are not counted)\n');
  });

  it('says which SLOs were read in part and which SLO files did not load, in the SLO count and lines', () => {
    const partial = {
      ...doc,
      sources: [{...doc.sources[0]!, partial: true, warnings: ['partial response: store eu-2 unavailable']}, doc.sources[1]!],
      slos: [{...doc.slos[0]!, partial: true}],
      sloFileErrors: [{file: 'slos/checkout\x1b[2J.yaml', error: '5:16: slos[0].objective: must be a number'}],
    };
    const lines = statusText(partial, NOW, 'github').split('\n');
    expect(lines[1]).toBe('sources: prometheus PARTIAL 2s, am-2 FAILED (unavailable: connection refused)');
    expect(lines.slice(3, 6)).toEqual([
      'SLOs: 0 page, 0 ticket, 1 ok, 0 no data, 1 read in part · not loaded: slos/checkout␛[2J.yaml (their SLOs are not counted)',
      '  NOT LOADED slos/checkout␛[2J.yaml: 5:16: slos[0].objective: must be a number',
      '  ok (partial) ok-slo  1h 0.10×  5m 0.10×  budget 90.0%',
    ]);
  });

  it('names the windows an SLO was judged without, counts it read in part, and exits 3 when nothing pages', () => {
    const ticket = {...doc.slos[0]!, name: 'checkout', status: 'ticket', trippedBy: '1d&2h', errorBudgetRemaining: null, unread: ['3d', 'period']};
    const unreadDoc = {...doc, sources: [doc.sources[0]!], slos: [ticket], alerts: []};
    const lines = statusText(unreadDoc, NOW, 'github').split('\n');
    expect(lines[2]).toBe('SLOs: 0 page, 1 ticket, 0 ok, 0 no data, 1 read in part');
    expect(lines[3]).toBe('  TICKET (3d, period unread) checkout 1d&2h  1h 0.10×  5m 0.10×  budget —');
    expect(statusExitCode(unreadDoc)).toBe(3);
    expect(statusExitCode({...unreadDoc, slos: [{...ticket, unread: []}]})).toBe(0);
  });

  it('lists an SLO that may page (its page pair undecided) with the pages, above a ticket', () => {
    const ticket = {...doc.slos[0]!, name: 'a-ticket', status: 'ticket', trippedBy: '1d&2h'};
    const mayPage = {...doc.slos[0]!, name: 'b-may-page', status: 'unknown', error: '5m has no series while 1h burns 30.0× (1h&5m may page)', mayPage: true};
    const mayTicket = {...doc.slos[0]!, name: 'c-may-ticket', status: 'unknown', error: '2h has no series while 1d burns 4.00× (1d&2h may open a ticket)'};
    const lines = statusText({...doc, slos: [mayTicket, ticket, mayPage]}, NOW, 'github').split('\n');
    expect(lines.filter((l) => /^ {2}\S/.test(l) && /a-ticket|may-/.test(l)).map((l) => l.trim().split(/\s+/)[1])).toEqual(['b-may-page', 'a-ticket', 'c-may-ticket']);
  });

  it('prints each source warning as a note under the sources, sanitized', () => {
    const warned = {...doc, sources: [{...doc.sources[0]!, warnings: ['no alert history: no ALERTS series in the 7d up to 2026-05-01T09:00:00.000Z\x1b[2J']}, doc.sources[1]!]};
    expect(statusText(warned, NOW, 'github').split('\n').slice(1, 4)).toEqual([
      'sources: prometheus ok 2s, am-2 FAILED (unavailable: connection refused)',
      '  note: prometheus: no alert history: no ALERTS series in the 7d up to 2026-05-01T09:00:00.000Z␛[2J',
      'SLOs: 1 page, 0 ticket, 1 ok, 1 no data',
    ]);
  });

  it('says the deploys are unknown, not "0 recent", when the deploy history could not be read, and none without one', () => {
    const cause = 'bad-response: json deploys https://ci.example: GET https://ci.example/deploys.json: expected JSON, got text/html';
    const failed = {name: 'json', kind: 'deploys', state: 'error' as const, ok: false, error: cause, ageSeconds: null, retrying: false, warnings: [], partial: false, alerts: false};
    const unread = {...doc, sources: [...doc.sources, failed], deploys: []};
    const line = statusText(unread, NOW, 'json').split('\n').find((l) => l.startsWith('Deploys:'));
    // The cause without the backend and request between (the sources line has it whole), sanitized and cut short.
    expect(line).toBe('Deploys: UNKNOWN, json could not be read (bad-response: expected JSON, got text/html)');
    const long = `unavailable: ${'x'.repeat(100)}\x1b[2J`;
    expect(statusText({...unread, sources: [...doc.sources, {...failed, error: long}]}, NOW, 'json')).toContain(`\nDeploys: UNKNOWN, json could not be read (unavailable: ${'x'.repeat(66)}…)\n`);
    expect(statusText({...unread, sources: [...doc.sources, {...failed, error: 'auth: x\x1b[2J'}]}, NOW, 'json')).toContain('\nDeploys: UNKNOWN, json could not be read (auth: x␛[2J)\n');
    // Read and empty: nothing deployed is then what it read.
    expect(statusText({...unread, sources: [...doc.sources, {...failed, state: 'ok' as const, ok: true, error: null}]}, NOW, 'json')).toContain('\nDeploys: 0 recent, 0 suspect\n');
    expect(statusText({...doc, deploys: []}, NOW, null).split('\n').at(-2)).toBe('Deploys: none configured');
  });

  it('says none when there are no sources', () => {
    expect(statusText({...doc, sources: [], slos: [], alerts: [], deploys: []}, NOW, null).split('\n').slice(1, 3)).toEqual(['sources: none', 'SLOs: 0 page, 0 ticket, 0 ok, 0 no data']);
  });

  it('says no alert source is configured rather than "0 firing"', () => {
    const deploysOnly = {...doc, sources: doc.sources.filter((s) => !s.alerts), alerts: []};
    expect(deploysOnly.sources.length).toBeGreaterThan(0);
    expect(statusText(deploysOnly, NOW, 'github')).toContain('\nAlerts: none configured\n');
    expect(statusText(deploysOnly, NOW, 'github')).not.toContain('0 firing');
  });
});

describe('statusText with many alerts', () => {
  it('lists the worst first (firing unacked, by severity, oldest first) and counts the rest past STATUS_ALERT_LINES', () => {
    const alert = (i: number, severity: string, state = 'firing', acked = false) => ({
      fingerprint: `f${i}`,
      name: `A${i}`,
      severity,
      state,
      labels: {},
      annotations: {},
      startsAt: new Date(NOW - i * 60_000).toISOString(),
      runbookUrl: null,
      ack: acked ? {by: 'me', until: new Date(NOW + 3_600_000).toISOString(), silenceId: 's'} : null,
    });
    // In the order a source might send them: info and acked ones among the criticals.
    const alerts = [alert(1, 'info'), alert(2, 'critical', 'suppressed', true), alert(3, 'warning'), ...Array.from({length: 30}, (_, i) => alert(10 + i, i % 2 ? 'critical' : 'warning')), alert(50, 'critical')];
    const lines = statusText({...doc, alerts}, NOW, 'github').split('\n');
    const listed = lines.slice(lines.findIndex((l) => l.startsWith('Alerts:')) + 1, lines.findIndex((l) => l.startsWith('Deploys:')));
    expect(listed).toHaveLength(STATUS_ALERT_LINES + 1);
    // Criticals firing unacked first, the oldest (50m) first; then warnings.
    expect(listed[0]).toBe('  critical firing     A50 50m');
    expect(listed.slice(0, 16).every((l) => l.includes('critical firing'))).toBe(true);
    expect(listed[16]).toContain('warning  firing');
    expect(listed.at(-1)).toBe(`  … ${alerts.length - STATUS_ALERT_LINES} more (oncall alerts lists them all)`);
    // The acked one and the info one are past the first lines.
    expect(listed.some((l) => l.includes('A2 ') || l.includes(' A1 '))).toBe(false);
  });
});
