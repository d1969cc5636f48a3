import {describe, expect, it} from 'vitest';
import type {Deploy} from '../../../src/domain/deploy.ts';
import {ackCompact, ackText, alertTable, isGroupRowKey, prepareAlertTable, severityBadge, stateText, type AckProgress} from '../../../src/view/rows/alert-rows.ts';
import {cellWidth} from '../../../src/view/text-fit.ts';
import {makeAlert} from '../../domain/alert-fixture.ts';
import {T0} from '../../queries/fakes.ts';
import {HOSTILE, OSC52, rawControl} from '../hostile.ts';

const MIN = 60_000;
const GROUP_BY = ['alertname', 'service'];
const cells = (r: {cells: Array<{text: string; tone?: string}>}) => r.cells.map((c) => [c.text, c.tone]);

const checkout = makeAlert({
  fingerprint: 'f1',
  name: 'CheckoutHighErrorRate',
  severity: 'critical',
  labels: {alertname: 'CheckoutHighErrorRate', service: 'checkout'},
  annotations: {summary: 'Checkout failing'},
  startsAt: T0 - 10 * MIN,
});
const checkoutAcked = makeAlert({
  fingerprint: 'f3',
  name: 'CheckoutHighErrorRate',
  severity: 'critical',
  state: 'suppressed',
  silencedBy: ['s1'],
  labels: {alertname: 'CheckoutHighErrorRate', service: 'checkout'},
  startsAt: T0 - 5 * MIN,
  ack: {by: 'primary@bastion', until: T0 + 15 * MIN, silenceId: 's1', comment: 'ACK! on it'},
});
const backlog = makeAlert({
  fingerprint: 'f2',
  name: 'InventoryQueueBacklog',
  severity: 'warning',
  state: 'pending',
  labels: {alertname: 'InventoryQueueBacklog', service: 'inventory'},
  startsAt: T0 - 3 * MIN,
});

describe('alertTable', () => {
  it('has the columns SEV, STATE, ALERT (flex), SERVICE, AGE, ACK', () => {
    const {columns} = alertTable([], T0, GROUP_BY);
    expect(columns.map((c) => [c.header, c.width, c.priority, c.flex === true])).toEqual([
      ['SEV', 6, 0, false],
      ['STATE', 10, 0, false],
      ['ALERT', 20, 0, true],
      ['SERVICE', 10, 2, false],
      ['AGE', 4, 1, false],
      ['ACK', 16, 3, false],
    ]);
  });

  it('writes a group header (worst severity, active/total, labels, oldest age) then its alerts', () => {
    const table = alertTable([backlog, checkoutAcked, checkout], T0, GROUP_BY);
    expect(table.rows.map((r) => r.key)).toEqual([
      'g:alertname="CheckoutHighErrorRate",service="checkout"',
      'a:f1',
      'a:f3',
      'g:alertname="InventoryQueueBacklog",service="inventory"',
      'a:f2',
    ]);
    const [group, firing, acked, group2, pending] = table.rows;
    expect(group!.tone).toBe('critical');
    expect(cells(group!)).toEqual([
      ['CRIT', 'critical'],
      ['1/2', 'muted'],
      ['▸ CheckoutHighErrorRate · checkout', 'accent'],
      ['', 'muted'],
      ['10m', 'muted'],
      ['', 'muted'],
    ]);
    expect(firing!.tone).toBe('critical');
    expect(cells(firing!)).toEqual([
      ['CRIT', 'critical'],
      ['firing', 'critical'],
      ['  CheckoutHighErrorRate: Checkout failing', 'text'],
      ['checkout', 'muted'],
      ['10m', 'muted'],
      ['', 'muted'],
    ]);
    expect(acked!.tone).toBe('muted');
    expect(cells(acked!)).toEqual([
      ['CRIT', 'muted'],
      ['ACK', 'muted'],
      ['  CheckoutHighErrorRate', 'muted'],
      ['checkout', 'muted'],
      ['5m', 'muted'],
      ['primary@bastion 15m', 'muted'],
    ]);
    expect(cells(group2!).slice(0, 3)).toEqual([
      ['WARN', 'warn'],
      ['1/1', 'muted'],
      ['▸ InventoryQueueBacklog · inventory', 'accent'],
    ]);
    expect(cells(pending!).slice(0, 2)).toEqual([
      ['WARN', 'warn'],
      ['pending', 'warn'],
    ]);
  });

  it('tells group header keys from alert keys', () => {
    const keys = alertTable([backlog, checkout], T0, GROUP_BY).rows.map((r) => r.key);
    expect(keys.map(isGroupRowKey)).toEqual([true, false, true, false]);
  });

  it('mutes a group whose alerts are all silenced or acked', () => {
    const table = alertTable([checkoutAcked], T0, GROUP_BY);
    expect(table.rows[0]!.tone).toBe('muted');
    expect(cells(table.rows[0]!).slice(0, 2)).toEqual([
      ['CRIT', 'muted'],
      ['0/1', 'muted'],
    ]);
  });

  it('escapes every backend string: no raw control character in any cell', () => {
    const evil = makeAlert({
      fingerprint: 'evil',
      name: HOSTILE,
      severity: HOSTILE,
      labels: {alertname: HOSTILE, service: HOSTILE, [HOSTILE]: HOSTILE},
      annotations: {summary: `copy ${OSC52} now`},
      state: 'suppressed',
      silencedBy: ['s'],
      ack: {by: HOSTILE, until: T0 + MIN, silenceId: 's', comment: 'ACK!'},
    });
    const table = alertTable([evil], T0, GROUP_BY);
    for (const row of table.rows) for (const c of row.cells) expect(rawControl(c.text), JSON.stringify(c.text)).toBeNull();
    const alertRow = table.rows[1]!;
    expect(alertRow.cells[2]!.text).toBe(
      '  pwn␛[2J␛]52;c;ZWNobyBoaQ==\\x07bell\\x07cr\\x0drtl\\u202egnp.exe: copy ␛]52;c;ZWNobyBoaQ==\\x07 now',
    );
    expect(alertRow.cells[0]!.text).toBe('PWN␛[');
    expect(table.rows[0]!.cells[2]!.text).toContain('\\u202e');
  });
});

describe('severityBadge', () => {
  it('spells known severities in at most four letters with their tone, others cut to five', () => {
    expect(severityBadge('critical')).toEqual({text: 'CRIT', tone: 'critical'});
    expect(severityBadge('warning')).toEqual({text: 'WARN', tone: 'warn'});
    expect(severityBadge('info')).toEqual({text: 'INFO', tone: 'info'});
    expect(severityBadge('error')).toEqual({text: 'ERR', tone: 'critical'});
    expect(severityBadge('p1')).toEqual({text: 'P1', tone: 'muted'});
    expect(severityBadge('disaster')).toEqual({text: 'DISAS', tone: 'muted'});
    expect(severityBadge('')).toEqual({text: '—', tone: 'muted'});
    expect(severityBadge('\x07boom')).toEqual({text: '\\x07B', tone: 'muted'});
    expect(severityBadge('🔥🔥🔥🔥🔥🔥').text).toBe('🔥🔥🔥🔥🔥');
  });
});

describe('a firing alert of severity error', () => {
  // `error` ranks between critical and warning (alert-order.ts), so it sorts above every
  // warning: drawn muted it looked as quiet as a silenced alert while the warnings below were yellow.
  it('is not drawn muted while a warning below it is drawn warn', () => {
    const error = makeAlert({fingerprint: 'e1', name: 'PaymentsFailing', severity: 'error', labels: {alertname: 'PaymentsFailing', severity: 'error', service: 'pay'}});
    const warning = makeAlert({fingerprint: 'w1', name: 'DiskFilling', severity: 'warning', labels: {alertname: 'DiskFilling', severity: 'warning', service: 'pay'}});
    const table = alertTable([warning, error], 10_000, GROUP_BY);
    expect(table.rows.find((r) => r.key === 'a:w1')!.tone).toBe('warn');
    const row = table.rows.find((r) => r.key === 'a:e1')!;
    expect(row.tone).toBe('critical');
    expect(row.cells[0]).toMatchObject({text: 'ERR', tone: 'critical'});
  });
});

describe('stateText', () => {
  it('says why an alert is quiet, in words', () => {
    expect(stateText(makeAlert({fingerprint: 'a'}))).toEqual({text: 'firing', tone: 'critical'});
    expect(stateText(makeAlert({fingerprint: 'a', state: 'pending'}))).toEqual({text: 'pending', tone: 'warn'});
    expect(stateText(makeAlert({fingerprint: 'a', state: 'suppressed', silencedBy: ['s']}))).toEqual({text: 'silenced', tone: 'muted'});
    expect(stateText(makeAlert({fingerprint: 'a', state: 'suppressed', inhibitedBy: ['x']}))).toEqual({text: 'inhibited', tone: 'muted'});
    expect(stateText(makeAlert({fingerprint: 'a', state: 'suppressed'}))).toEqual({text: 'suppressed', tone: 'muted'});
    expect(stateText(checkoutAcked)).toEqual({text: 'ACK', tone: 'muted'});
  });
});

describe('ackCompact', () => {
  const base = {fingerprint: 'f', name: 'X', severity: 'critical', state: 'firing' as const, labels: {}, annotations: {}, startsAt: 0, generatorUrl: null, silencedBy: [], inhibitedBy: [], seenBy: [], ack: null};
  const acked = {...base, ack: {by: 'primary@bastion', until: 15 * 60_000, silenceId: 's1', comment: 'ACK!'}};

  it('says an ack in flight or in trouble in at most ten cells, for a STATE cell standing in for ACK', () => {
    const said = [
      ackCompact(base, {action: 'ack', status: 'pending', attempts: 1}),
      ackCompact(base, {action: 'unack', status: 'retrying', attempts: 3}),
      ackCompact(base, {action: 'ack', status: 'failed', attempts: 6}),
      ackCompact(base, {action: 'unack', status: 'failed', attempts: 6}),
      ackCompact(base, {action: 'ack', status: 'partial', attempts: 2}),
      ackCompact(base, {action: 'unack', status: 'unknown', attempts: 4}),
      ackCompact(acked, {action: 'extend', status: 'failed', attempts: 0, endsAt: 60_000}),
      ackCompact(acked, {action: 'extend', status: 'unknown', attempts: 0, endsAt: 60_000}),
      ackCompact({...base, partialAck: {...acked.ack, missing: ['am-2'], holding: ['am-1'], matchers: []}}, undefined),
    ];
    expect(said).toEqual([
      {text: 'ACKING…', tone: 'warn'},
      {text: 'UNACKING…', tone: 'warn'},
      {text: 'ACK FAIL', tone: 'critical'},
      {text: 'UNACK FAIL', tone: 'critical'},
      {text: 'ACK PART', tone: 'warn'},
      {text: 'UNACK ?', tone: 'warn'},
      {text: 'NOT EXT', tone: 'critical'},
      {text: 'EXT ?', tone: 'warn'},
      {text: 'ACK PART', tone: 'warn'},
    ]);
    for (const s of said) expect(cellWidth(s!.text)).toBeLessThanOrEqual(10);
  });

  it('has nothing to say for a plain or settled ack, nor for the past (its ack state is unknown, said by the banner)', () => {
    expect(ackCompact(base, undefined)).toBeUndefined();
    expect(ackCompact(acked, {action: 'ack', status: 'done', attempts: 1})).toBeUndefined();
    expect(ackCompact(acked, {action: 'extend', status: 'failed', attempts: 0, endsAt: 60_000}, true)).toBeUndefined();
  });

  it('sits on the ACK cell of the alert row only when there is news: a plain row carries none', () => {
    const progress = new Map<string, AckProgress>([['f', {action: 'ack', status: 'failed', attempts: 6}]]);
    const rows = alertTable([makeAlert({fingerprint: 'f'}), makeAlert({fingerprint: 'g'})], T0, [], progress).rows.filter((r) => r.id !== undefined);
    expect(rows.map((r) => r.cells[5]!.compact)).toEqual([{text: 'ACK FAIL', tone: 'critical'}, undefined]);
  });
});

describe('ackText', () => {
  it('keeps an ack in flight, retrying or failed visible on the alert, and who acked it otherwise', () => {
    const base = {fingerprint: 'f', name: 'X', severity: 'critical', state: 'firing' as const, labels: {}, annotations: {}, startsAt: 0, generatorUrl: null, silencedBy: [], inhibitedBy: [], seenBy: [], ack: null};
    expect(ackText(base, 0, {action: 'ack', status: 'pending', attempts: 1})).toEqual({text: 'ACK sending…', tone: 'warn'});
    expect(ackText(base, 0, {action: 'ack', status: 'retrying', attempts: 3})).toEqual({text: 'ACK retry 3…', tone: 'warn'});
    expect(ackText(base, 0, {action: 'ack', status: 'failed', attempts: 6})).toEqual({text: 'ACK FAILED (a)', tone: 'critical'});
    // An unack is tried again with u (a would send a new ack).
    expect(ackText(base, 0, {action: 'unack', status: 'partial', attempts: 2})).toEqual({text: 'UNACK PARTIAL (u)', tone: 'warn'});
    expect(ackText(base, 0, {action: 'unack', status: 'unknown', attempts: 2})).toEqual({text: 'UNACK UNKNOWN (u)', tone: 'warn'});
    expect(ackText(base, 0, {action: 'unack', status: 'failed', attempts: 2})).toEqual({text: 'UNACK FAILED (u)', tone: 'critical'});
    // Sent, its answer lost, not found out since: it may be in place, so never FAILED.
    expect(ackText(base, 0, {action: 'ack', status: 'unknown', attempts: 4})).toEqual({text: 'ACK UNKNOWN (a)', tone: 'warn'});
    const acked = {...base, ack: {by: 'primary@bastion', until: 15 * 60_000, silenceId: 's1', comment: 'ACK!'}};
    expect(ackText(acked, 0, {action: 'ack', status: 'done', attempts: 1})).toEqual({text: 'primary@bastion 15m', tone: 'muted'});
    expect(ackText(base, 0, undefined)).toEqual({text: '', tone: 'muted'});
  });

  it('says in words when ack-until-resolved did not extend an ack, or cannot know, with the time it has left', () => {
    const acked = {fingerprint: 'f', name: 'X', severity: 'critical', state: 'suppressed' as const, labels: {}, annotations: {}, startsAt: 0, generatorUrl: null, silencedBy: ['s1'], inhibitedBy: [], seenBy: ['am-1'], ack: {by: 'primary@bastion', until: 4 * 60_000, silenceId: 's1', comment: 'ACK!'}};
    expect(ackText(acked, 0, {action: 'extend', status: 'failed', attempts: 0, endsAt: 4 * 60_000})).toEqual({text: 'NOT EXTENDED 4m', tone: 'critical'});
    expect(ackText(acked, 0, {action: 'extend', status: 'unknown', attempts: 0, endsAt: 4 * 60_000})).toEqual({text: 'EXT UNKNOWN 4m', tone: 'warn'});
    // Ended meanwhile, or an end not known: no time rather than a wrong one.
    expect(ackText(acked, 5 * 60_000, {action: 'extend', status: 'failed', attempts: 0, endsAt: 4 * 60_000})).toEqual({text: 'NOT EXTENDED', tone: 'critical'});
    expect(ackText(acked, 0, {action: 'extend', status: 'failed', attempts: 0, endsAt: null})).toEqual({text: 'NOT EXTENDED', tone: 'critical'});
    // The past's rows are not the keeper's: unknown there.
    expect(ackText(acked, 0, {action: 'extend', status: 'failed', attempts: 0, endsAt: 4 * 60_000}, true)).toEqual({text: '?', tone: 'muted'});
  });

  it('shows an ack held by only some Alertmanagers as PARTIAL, also after our own ack reported done', () => {
    const partial = {fingerprint: 'f', name: 'X', severity: 'critical', state: 'firing' as const, labels: {}, annotations: {}, startsAt: 0, generatorUrl: null, silencedBy: ['s1'], inhibitedBy: [], seenBy: ['am-1', 'am-2'], ack: null,
      partialAck: {by: 'primary@bastion', until: 15 * 60_000, silenceId: 's1', comment: 'ACK!', missing: ['am-2'], holding: ['am-1'], matchers: []}};
    expect(ackText(partial, 0, undefined)).toEqual({text: 'ACK PARTIAL (a)', tone: 'warn'});
    expect(ackText(partial, 0, {action: 'ack', status: 'done', attempts: 1})).toEqual({text: 'ACK PARTIAL (a)', tone: 'warn'});
    expect(stateText(partial)).toEqual({text: 'firing', tone: 'critical'});
  });
});

describe('prepareAlertTable', () => {
  it('gives at each clock second the table alertTable builds from scratch', () => {
    const at = prepareAlertTable([backlog, checkoutAcked, checkout], GROUP_BY);
    for (const now of [T0, T0 + 1000, T0 + 61_000, T0 + 20 * MIN]) {
      expect(at(now)).toEqual(alertTable([backlog, checkoutAcked, checkout], now, GROUP_BY));
    }
    expect(at(T0 + 61_000).rows.map((r) => r.cells[4]!.text)).toEqual(['11m', '11m', '6m', '4m', '4m']);
    // The ack ends at T0 + 15m: 15m left at T0, 4m left at T0 + 11m.
    expect(at(T0 + 11 * MIN).rows[2]!.cells[5]).toEqual({text: 'primary@bastion 4m', tone: 'muted'});
  });

  it('reuses the rows whose text did not change since the last second, and rebuilds the others', () => {
    const at = prepareAlertTable([backlog, checkout], GROUP_BY);
    const first = at(T0).rows;
    const second = at(T0 + 1000).rows;
    expect(second).toHaveLength(4);
    second.forEach((row, i) => expect(row).toBe(first[i]));
    // A minute on, every age reads one more minute: new rows with the new text.
    const later = at(T0 + MIN).rows;
    later.forEach((row, i) => expect(row).not.toBe(first[i]));
    expect(later.map((r) => r.cells[4]!.text)).toEqual(['11m', '11m', '4m', '4m']);
  });

  it('shows the suspect deploy of the second it is given on the group row of an active group', () => {
    const at = prepareAlertTable([checkout], GROUP_BY);
    const deploy: Deploy = {id: 'd1', service: 'checkout', version: 'v2.14.0', environment: 'production', status: 'success', startedAt: T0 - 12 * MIN, author: 'ci', url: null};
    expect(at(T0).rows[0]!.cells[5]).toEqual({text: '', tone: 'muted'});
    expect(at(T0 + 1000, new Map([['checkout', deploy]])).rows[0]!.cells[5]).toEqual({text: '⚑ v2.14.0 (R)', tone: 'critical', compact: {text: '⚑ v2.14.0', tone: 'critical'}});
    expect(at(T0 + 2000).rows[0]!.cells[5]).toEqual({text: '', tone: 'muted'});
  });

  it('says a failed suspect deploy failed, without the R hint (R leaves it to the Deploys row)', () => {
    const failed: Deploy = {id: 'd1', service: 'checkout', version: 'v2.14.0', environment: 'production', status: 'failure', startedAt: T0 - 12 * MIN, author: 'ci', url: null};
    expect(alertTable([checkout], T0, GROUP_BY, new Map(), new Map([['checkout', failed]])).rows[0]!.cells[5]).toEqual({
      text: '⚑ v2.14.0 (failed)',
      tone: 'critical',
      narrow: '⚑ v2.14.0 ✖',
      compact: {text: '⚑ v2.14.0 ✖', tone: 'critical'},
    });
  });

  it('shows an unknown start time as ? and sorts it after the known ones, never as decades old', () => {
    const unknown = {...checkout, fingerprint: 'nan1', startsAt: null};
    const table = alertTable([unknown, checkout], T0, GROUP_BY);
    expect(table.rows.map((r) => [r.key, r.cells[4]!.text])).toEqual([
      ['g:alertname="CheckoutHighErrorRate",service="checkout"', '10m'],
      [`a:${checkout.fingerprint}`, '10m'],
      ['a:nan1', '?'],
    ]);
    expect(alertTable([unknown], T0, GROUP_BY).rows.map((r) => r.cells[4]!.text)).toEqual(['?', '?']);
  });

  it('in the past, counts a group header as ?/total: whether its alerts were acked then is unknown', () => {
    const at = prepareAlertTable([backlog, checkout], GROUP_BY);
    expect(at(T0).rows.filter((r) => isGroupRowKey(r.key)).map((r) => r.cells[1])).toEqual([
      {text: '1/1', tone: 'muted'},
      {text: '1/1', tone: 'muted'},
    ]);
    // The same second drawn for the past: not the live row kept because nothing else changed.
    const past = at(T0, undefined, undefined, {past: true}).rows;
    expect(past.filter((r) => isGroupRowKey(r.key)).map((r) => r.cells[1])).toEqual([
      {text: '?/1', tone: 'muted'},
      {text: '?/1', tone: 'muted'},
    ]);
    // An alert's own STATE is what ALERTS held (firing, pending): unchanged.
    expect(past.filter((r) => !isGroupRowKey(r.key)).map((r) => r.cells[1]!.text)).toEqual(['firing', 'pending']);
  });

  it('keeps the suspect deploy and its R hint on the group row once the group is acked', () => {
    const acked = {...checkout, state: 'suppressed' as const, silencedBy: ['s1'], ack: {by: 'me', until: T0 + 15 * MIN, silenceId: 's1', comment: 'ACK!'}};
    const deploy: Deploy = {id: 'd1', service: 'checkout', version: 'v2.14.0', environment: 'production', status: 'success', startedAt: T0 - 12 * MIN, author: 'ci', url: null};
    expect(alertTable([acked], T0, GROUP_BY, new Map(), new Map([['checkout', deploy]])).rows[0]!.cells[5]).toEqual({text: '⚑ v2.14.0 (R)', tone: 'warn', compact: {text: '⚑ v2.14.0', tone: 'warn'}});
  });
});
