import {describe, expect, it} from 'vitest';
import {evaluateSlo} from '../../../src/domain/slo-math.ts';
import type {WindowRatio} from '../../../src/domain/slo.ts';
import {alertDetails, deployDetails, keptLines, sloDetails, type DetailLine} from '../../../src/view/rows/detail-lines.ts';
import {makeAlert} from '../../domain/alert-fixture.ts';
import {flatRatios, makeDeploy, makeSlo, T0, PAGING_RATIOS} from '../../queries/fakes.ts';
import {HOSTILE, OSC52, rawControl} from '../hostile.ts';

const MIN = 60_000;
const paging = [...PAGING_RATIOS];

const pairs = (lines: DetailLine[]) => lines.map((l) => [l.label, l.value]);
const clean = (lines: DetailLine[]) => lines.flatMap((l) => [l.label, l.value]).filter((t) => rawControl(t) !== null);

describe('sloDetails', () => {
  it("says when a window's ratio is weighted by its traffic (Sloth's denominator correction)", () => {
    const def = makeSlo({name: 'shop', sli: {kind: 'ratio', errorQuery: 'e', totalQuery: 't', denominatorCorrected: true}});
    const lines = sloDetails(evaluateSlo(def, {slo: def.name, at: T0, ratios: []}));
    expect(lines.find((l) => l.label === 'weighting')?.value).toBe("each window's ratio × its traffic ÷ the 30d traffic (Sloth's denominator_corrected_rules)");
    expect(sloDetails(evaluateSlo(makeSlo({name: 'plain'}), {slo: 'plain', at: T0, ratios: []})).some((l) => l.label === 'weighting')).toBe(false);
  });

  it('shows why an SLO could not be measured, after its status, sanitized', () => {
    const def = makeSlo({name: 'grpc-latency'});
    const lines = sloDetails(evaluateSlo(def, {slo: def.name, at: T0, ratios: [], error: 'Prometheus refused its query (HTTP 400): bad \x1b[2J'}));
    const at = lines.findIndex((l) => l.label === 'status');
    expect(lines[at + 1]).toEqual({label: 'error', value: 'Prometheus refused its query (HTTP 400): bad ␛[2J', tone: 'critical'});
  });

  it('lists the numbers of every window with the error ratio behind each burn rate, and the queries', () => {
    const def = makeSlo({
      name: 'api-availability',
      description: 'Requests without a 5xx.',
      sli: {kind: 'ratio', errorQuery: 'sum(rate(errors[{{.window}}]))', totalQuery: 'sum(rate(total[{{.window}}]))'},
    });
    const lines = sloDetails(evaluateSlo(def, {slo: def.name, at: T0, ratios: paging}));
    expect(pairs(lines)).toEqual([
      ['SLO', 'api-availability'],
      ['service', 'checkout'],
      ['source', 'native'],
      ['objective', '99.9% over 30d (error budget 0.100%)'],
      ['status', 'page (tripped by 1h&5m)'],
      ['SLI', '99.9600%'],
      ['budget left', '60.00%'],
      ['exhausts in', '21h 36m'],
      ['', 'burn rate = error ratio over the window ÷ error budget'],
      ['  5m', '20.0×  (error ratio 2.0000%)'],
      ['  30m', '20.0×  (error ratio 2.0000%)'],
      ['  1h', '20.0×  (error ratio 2.0000%)'],
      ['  2h', '5.00×  (error ratio 0.5000%)'],
      ['  6h', '3.00×  (error ratio 0.3000%)'],
      ['  1d', '1.00×  (error ratio 0.1000%)'],
      ['  3d', '0.50×  (error ratio 0.0500%)'],
      ['description', 'Requests without a 5xx.'],
      ['errors', 'sum(rate(errors[{{.window}}]))'],
      ['total', 'sum(rate(total[{{.window}}]))'],
    ]);
    expect(lines[0]!.tone).toBe('accent');
  });

  it('says no data and names latency queries', () => {
    const def = makeSlo({name: 'lat', sli: {kind: 'latency', bucketQuery: 'b', totalQuery: 't', threshold: '300ms'}});
    const lines = sloDetails(evaluateSlo(def, {slo: 'lat', at: T0, ratios: flatRatios(null)}));
    const byLabel = Object.fromEntries(pairs(lines));
    expect(byLabel['status']).toBe('no-data');
    expect(byLabel['SLI']).toBe('no data');
    expect(byLabel['budget left']).toBe('no data');
    expect(byLabel['exhausts in']).toBe('—');
    expect(byLabel['  1h']).toBe('—  (error ratio no data)');
    expect(pairs(lines).slice(-3)).toEqual([
      ['fast', 'b'],
      ['total', 't'],
      ['threshold', '300ms'],
    ]);
  });

  it('adds the window only a Pyrra SLO\'s table reads (4d) after the seven, with where it came from', () => {
    const def = makeSlo({name: 'api-errors', objective: 99, window: '28d', source: 'pyrra', sli: {kind: 'ratio', errorQuery: 'e', totalQuery: 't'}});
    const ratios: WindowRatio[] = [...flatRatios(0.012), {window: '4d', ratio: 0.015}];
    const report = {...evaluateSlo(def, {slo: def.name, at: T0, ratios}), origins: {'4d': 'recorded series {__name__=~".+:burnrate4d",slo="api-errors"}'}};
    const lines = pairs(sloDetails(report));
    expect(lines).toContainEqual(['status', 'ticket (tripped by 4d&6h)']);
    const windows = lines.flatMap(([label]) => (label?.startsWith('  ') ? [label.trim()] : []));
    expect(windows).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d', '4d']);
    expect(lines).toContainEqual(['  4d', '1.50×  (error ratio 1.5000%)  from recorded series {__name__=~".+:burnrate4d",slo="api-errors"}']);
  });

  it('escapes hostile names, descriptions and queries', () => {
    const def = makeSlo({name: HOSTILE, service: HOSTILE, description: HOSTILE, sli: {kind: 'ratio', errorQuery: HOSTILE, totalQuery: OSC52}});
    expect(clean(sloDetails(evaluateSlo(def, {slo: HOSTILE, at: T0, ratios: flatRatios(0.0001)})))).toEqual([]);
  });
});

describe('alertDetails', () => {
  it('names the suspect deploy, saying when it failed and that R leaves that one to its Deploys row', () => {
    const alert = makeAlert({fingerprint: 'f1', name: 'CheckoutHighErrorRate', startsAt: T0 - 10 * MIN, labels: {service: 'checkout', alertname: 'CheckoutHighErrorRate'}});
    const ok = makeDeploy({id: 'd2', version: 'v2.14.0', startedAt: T0 - 12 * MIN, author: 'dev'});
    const suspectOf = (d: typeof ok) => alertDetails(alert, T0, undefined, d).find((l) => l.label === 'suspect')?.value;
    expect(suspectOf(ok)).toBe('checkout v2.14.0, deployed 12m ago by dev (R rolls it back)');
    expect(suspectOf({...ok, status: 'failure'})).toBe('checkout v2.14.0 (failed), deployed 12m ago by dev (if it went out, roll it back from the Deploys pane)');
  });

  it('lists links, sources, ack and sorted labels and annotations', () => {
    const alert = makeAlert({
      fingerprint: '3f9c2a71d04be518',
      name: 'CheckoutHighErrorRate',
      severity: 'critical',
      state: 'suppressed',
      startsAt: T0 - 10 * MIN,
      generatorUrl: 'https://prometheus.example.com/graph?g0.expr=up',
      seenBy: ['am-1', 'am-2'],
      silencedBy: ['s1'],
      labels: {service: 'checkout', alertname: 'CheckoutHighErrorRate'},
      annotations: {summary: 'failing', runbook_url: 'https://runbooks.example.com/checkout'},
      ack: {by: 'primary@bastion', until: T0 + 15 * MIN, silenceId: 's1', comment: 'ACK! on it'},
    });
    const lines = alertDetails(alert, T0);
    expect(pairs(lines)).toEqual([
      ['alert', 'CheckoutHighErrorRate'],
      ['severity', 'critical'],
      ['state', 'suppressed'],
      ['since', '2026-05-01T09:50:00Z (10m ago)'],
      ['runbook', 'https://runbooks.example.com/checkout'],
      ['source', 'https://prometheus.example.com/graph?g0.expr=up'],
      ['seen by', 'am-1, am-2'],
      ['fingerprint', '3f9c2a71d04be518'],
      ['ack', 'primary@bastion until 2026-05-01T10:15:00Z (silence s1)'],
      ['silenced by', 's1'],
      ['', 'labels'],
      ['  alertname', 'CheckoutHighErrorRate'],
      ['  service', 'checkout'],
      ['', 'annotations'],
      ['  runbook_url', 'https://runbooks.example.com/checkout'],
      ['  summary', 'failing'],
    ]);
    expect(lines.find((l) => l.label === 'ack')!.tone).toBe('ok');
  });

  it('says where a partial ack is missing and that acking it again sends it there, naming no key a keys: remap may have moved', () => {
    const alert = makeAlert({
      fingerprint: 'f', seenBy: ['am-1', 'am-2'], silencedBy: ['s1'],
      partialAck: {by: 'primary@bastion', until: T0 + 15 * MIN, silenceId: 's1', comment: 'ACK!', missing: ['am-2'], holding: ['am-1'], matchers: []},
    });
    const line = alertDetails(alert, T0).find((l) => l.label === 'ack');
    expect(line).toEqual({label: 'ack', value: 'PARTIAL: primary@bastion until 2026-05-01T10:15:00Z on am-1; missing on am-2 (acking it again sends it there)', tone: 'warn'});
  });

  it('says the cluster did not gossip a partial ack to the peers missing it', () => {
    const alert = makeAlert({
      fingerprint: 'f', seenBy: ['ha-1', 'ha-2'], silencedBy: ['s1'],
      partialAck: {by: 'primary@bastion', until: T0 + 15 * MIN, silenceId: 's1', comment: 'ACK!', missing: ['ha-2'], holding: ['ha-1'], matchers: [], notGossiped: ['ha-2']},
    });
    expect(alertDetails(alert, T0).find((l) => l.label === 'ack')?.value).toBe('PARTIAL: primary@bastion until 2026-05-01T10:15:00Z on ha-1; missing on ha-2 (acking it again sends it there); its cluster did not gossip the ack to ha-2');
  });

  it('says the ack is unknown where the silences could not be read, naming the Alertmanagers', () => {
    const alert = makeAlert({fingerprint: 'f', seenBy: ['am-1'], silencedBy: ['s1'], state: 'suppressed', ackUnknown: ['am-1']});
    const line = alertDetails(alert, T0).find((l) => l.label === 'ack');
    expect(line).toEqual({label: 'ack', value: 'UNKNOWN: the silences of am-1 could not be read; whether what silences it there is an ack cannot be told', tone: 'warn'});
  });

  it('fills the runbook from the template when there is no annotation, and says when there is none', () => {
    const alert = makeAlert({fingerprint: 'f', name: 'DiskFull', labels: {alertname: 'DiskFull'}, inhibitedBy: ['f0']});
    const byLabel = (lines: DetailLine[]) => Object.fromEntries(pairs(lines));
    expect(byLabel(alertDetails(alert, T0, 'https://wiki.example.com/{{alertname}}'))['runbook']).toBe('https://wiki.example.com/DiskFull');
    expect(byLabel(alertDetails(alert, T0))['runbook']).toBe('no runbook');
    expect(byLabel(alertDetails(alert, T0))['source']).toBe('—');
    expect(byLabel(alertDetails(alert, T0))['inhibited by']).toBe('f0');
  });

  it('an alert of the past with today\'s rule\'s runbook: the link, marked as today\'s rule\'s, ahead of the template', () => {
    const alert = makeAlert({fingerprint: 'f', name: 'DiskFull', labels: {alertname: 'DiskFull'}, ruleRunbook: 'https://runbooks.example.com/disk-full'});
    const line = alertDetails(alert, T0, 'https://wiki.example.com/{{alertname}}').find((l) => l.label === 'runbook')!;
    expect(line.link).toBe('https://runbooks.example.com/disk-full');
    expect(line.value).toBe("https://runbooks.example.com/disk-full (from today's rule: the alert's own annotations are not recorded, and the rule may have changed since)");
    // The alert's own annotation, when there is one, is the alert's and unmarked.
    const own = alertDetails({...alert, annotations: {runbook_url: 'https://runbooks.example.com/own'}}, T0).find((l) => l.label === 'runbook')!;
    expect([own.value, own.link]).toEqual(['https://runbooks.example.com/own', 'https://runbooks.example.com/own']);
  });

  it('escapes hostile labels, annotations, names and ack authors: no raw control anywhere', () => {
    const alert = makeAlert({
      fingerprint: HOSTILE,
      name: HOSTILE,
      severity: HOSTILE,
      generatorUrl: `https://x.example/${HOSTILE}`,
      seenBy: [HOSTILE],
      silencedBy: [HOSTILE],
      inhibitedBy: [HOSTILE],
      labels: {[HOSTILE]: HOSTILE},
      annotations: {description: `multi\nline ${OSC52}`, runbook_url: `https://r.example/${OSC52}`},
      ack: {by: HOSTILE, until: T0, silenceId: HOSTILE, comment: HOSTILE},
    });
    const lines = alertDetails(alert, T0);
    expect(clean(lines)).toEqual([]);
    expect(lines.find((l) => l.label === '  description')!.value).toBe('multi↵line ␛]52;c;ZWNobyBoaQ==\\x07');
  });
});

describe('deployDetails', () => {
  it('names the commit (12 digits) and the version a rollback would return to', () => {
    const bad = makeDeploy({id: 'd2', version: 'v2.14.0', sha: 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d', startedAt: T0 - 12 * MIN, url: 'https://ci.example.com/d2', author: 'dev'});
    const good = makeDeploy({id: 'd1', version: 'v2.13.2', startedAt: T0 - 2 * 86_400_000});
    const lines = deployDetails(bad, [bad, good], T0, true);
    expect(pairs(lines)).toEqual([
      ['deploy', 'checkout v2.14.0'],
      ['commit', 'a84d88e7554f'],
      ['status', 'success'],
      ['environment', 'production'],
      ['started', '2026-05-01T09:48:00Z (12m ago)'],
      ['author', 'dev'],
      ['link', 'https://ci.example.com/d2'],
      ['id', 'd2'],
      ['suspect', 'yes: it was rolling out shortly before a burn or alert of this service began'],
      ['roll back to', 'v2.13.2 (2d ago)'],
    ]);
    expect(lines.find((l) => l.label === 'suspect')!.tone).toBe('critical');
  });

  it('shows a rollback origin and no target when there is no earlier good deploy', () => {
    const only = makeDeploy({id: 'r1', rollbackOf: 'd2'});
    const byLabel = Object.fromEntries(pairs(deployDetails(only, [only], T0, false)));
    expect(byLabel['rollback of']).toBe('d2');
    expect(byLabel['commit']).toBeUndefined();
    expect(byLabel['suspect']).toBe('no');
    expect(byLabel['link']).toBe('—');
    expect(byLabel['roll back to']).toBe('no earlier successful deploy');
  });

  it('escapes hostile CI strings', () => {
    const d = makeDeploy({id: HOSTILE, service: HOSTILE, version: HOSTILE, sha: HOSTILE, environment: HOSTILE, author: HOSTILE, url: HOSTILE, rollbackOf: HOSTILE});
    expect(clean(deployDetails(d, [d], T0, false))).toEqual([]);
  });
});

describe('keptLines', () => {
  const AT = Date.UTC(2026, 4, 1, 10, 0, 0);
  it('says when a kept ack ends and was last extended', () => {
    const lines = keptLines({status: 'extended', endsAt: AT + 15 * 60_000, lastExtended: {at: AT, endsAt: AT + 15 * 60_000}, error: null, at: AT, nextAt: AT + 45_000, source: 'am-1'}, AT);
    expect(lines).toEqual([{label: 'kept', value: 'extended until resolved: ends 10:15:00Z (in 15m); last extended 10:00:00Z, to 10:15:00Z', tone: 'ok'}]);
  });

  it('says why an ack was not extended, sanitized, and when the keeper tries again', () => {
    const lines = keptLines({status: 'failed', endsAt: AT + 60_000, lastExtended: null, error: 'am-1: \u001b[31mrefused', at: AT, nextAt: AT + 45_000, source: 'am-1'}, AT);
    expect(lines.map((l) => `${l.label}=${l.value}`).join('\n')).not.toMatch(/\u001b/);
    expect(lines[0]).toMatchObject({label: 'kept', tone: 'critical'});
    expect(lines[0]!.value).toBe('NOT EXTENDED: the ack ends 10:01:00Z (in 1m) and the alert pages again then; last extended none yet');
    expect(lines[2]).toEqual({label: '  next try', value: '10:00:45Z'});
  });
});
