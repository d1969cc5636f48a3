import {describe, expect, it} from 'vitest';
import {evaluateSlo} from '../../src/domain/slo-math.ts';
import {defaultBinding} from '../../src/actions/keymap.ts';
import {STRIP} from '../../src/actions/ui-core.ts';
import {selectionInfo} from '../../src/view/selection.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {flatRatios, makeDeploy, makeSlo, T0} from '../queries/fakes.ts';
import {buildTables} from './fixtures.ts';
import {HOSTILE, INVISIBLE, rawControl} from './hostile.ts';

const where = {context: 'prod-eu', provider: 'github-actions', now: T0};
const bad = makeDeploy({id: 'd2', version: 'v2.14.0', startedAt: T0 - 12 * 60_000, url: 'https://ci.example.com/d2'});
const good = makeDeploy({id: 'd1', version: 'v2.13.2', startedAt: T0 - 86_400_000});
const built = buildTables({
  now: T0,
  reports: [evaluateSlo(makeSlo({name: 'api-availability'}), {slo: 'api-availability', at: T0, ratios: flatRatios(0.0001)})],
  alerts: [
    makeAlert({fingerprint: 'f1', name: 'HighErrorRate', annotations: {runbook_url: 'https://runbooks.example.com/x'}, generatorUrl: 'https://prom.example.com/g'}),
    makeAlert({fingerprint: 'f2', name: 'HighErrorRate', ack: {by: 'me', until: T0 + 1, silenceId: 's', comment: 'ACK!'}}),
  ],
  deploys: [bad, good],
});

describe('selectionInfo', () => {
  it('describes the selected SLO', () => {
    // With the SLO's service, for `t` (the timeline of that service), and its row's key.
    expect(selectionInfo('slos', built, 0, where)).toEqual({kind: 'slo', id: 'api-availability', rowKey: 'api-availability', label: 'api-availability', service: 'checkout'});
  });

  it('describes an alert row, and a group header as the group of its alerts', () => {
    expect(built.tables.alerts.rows.map((r) => r.key)).toEqual(['g:alertname="HighErrorRate",service=""', 'a:f1', 'a:f2']);
    expect(selectionInfo('alerts', built, 0, where)).toEqual({
      kind: 'alert', id: 'g:alertname="HighErrorRate",service=""', rowKey: 'g:alertname="HighErrorRate",service=""', label: 'HighErrorRate', groupFingerprints: ['f1', 'f2'], acked: false, hasAck: true, hasRunbook: true, hasLink: true,
      // f2 is acked: `u` on the header has an ack to expire.
      // Only f1 has a runbook: the header stands for it, and says it is not the whole group's.
      runbook: {fingerprint: 'f1', how: 'first-firing', name: 'HighErrorRate'},
    });
    expect(selectionInfo('alerts', built, 1, where)).toEqual({
      kind: 'alert', id: 'f1', rowKey: 'a:f1', label: 'HighErrorRate', acked: false, hasAck: false, hasRunbook: true, hasLink: true, runbook: {fingerprint: 'f1', how: 'alert', name: 'HighErrorRate'},
    });
    expect(selectionInfo('alerts', built, 2, where)).toEqual({kind: 'alert', id: 'f2', rowKey: 'a:f2', label: 'HighErrorRate', acked: true, hasAck: true, hasRunbook: false, hasLink: false});
  });

  it("reads a group from the row's own identity, not from its drawn cells or the rows after it", () => {
    const rows = built.tables.alerts.rows;
    expect(rows[0]).toMatchObject({group: {label: 'HighErrorRate', ids: ['f1', 'f2']}});
    expect(rows[1]).toMatchObject({id: 'f1', parent: rows[0]!.key});
    // The drawn text cut short and the member rows scrolled apart: the group is still whole.
    const reshaped = {...built, tables: {...built.tables, alerts: {...built.tables.alerts, rows: [{...rows[0]!, cells: rows[0]!.cells.map(() => ({text: '…'}))}]}}};
    expect(selectionInfo('alerts', reshaped, 0, where)).toMatchObject({label: 'HighErrorRate', groupFingerprints: ['f1', 'f2']});
  });

  it("gives a group header its alerts' shared runbook, and none when no alert has one", () => {
    const shared = buildTables({now: T0, alerts: ['f1', 'f2'].map((fingerprint) => makeAlert({fingerprint, annotations: {runbook_url: 'https://runbooks.example.com/x'}}))});
    expect(selectionInfo('alerts', shared, 0, where)).toMatchObject({hasRunbook: true, hasLink: true, runbook: {fingerprint: 'f1', how: 'shared'}});
    const none = buildTables({now: T0, alerts: [makeAlert({fingerprint: 'f1', generatorUrl: 'https://prom.example.com/g'})]});
    const header = selectionInfo('alerts', none, 0, where)!;
    expect([header.hasRunbook, header.hasLink, header.runbook]).toEqual([false, false, undefined]);
  });

  it('an ack still retrying or partly failed is not done: a stays enabled to finish it', () => {
    for (const status of ['retrying', 'partial', 'failed']) {
      const info = selectionInfo('alerts', built, 2, {...where, ackStates: new Map([['f2', {action: 'ack' as const, status}]])})!;
      expect([info.acked, info.hasAck]).toEqual([false, true]);
      expect(defaultBinding('unack').disabledReason!({readOnly: false, hasAlertmanager: true, hasRollback: false, selection: info})).toBeNull();
      expect(defaultBinding('ack').disabledReason!({readOnly: false, hasAlertmanager: true, hasRollback: false, selection: info})).toBeNull();
    }
    const done = selectionInfo('alerts', built, 2, {...where, ackStates: new Map([['f2', {action: 'ack' as const, status: 'done'}]])})!;
    expect(defaultBinding('ack').disabledReason!({readOnly: false, hasAlertmanager: true, hasRollback: false, selection: done})).toBe('already acknowledged (:ack 1h replaces it)');
  });

  it('counts a local Markdown runbook from a file-path template as a runbook (o is enabled)', () => {
    const local = {...where, runbookTemplate: '/srv/runbooks/{{alertname}}.md'};
    expect(selectionInfo('alerts', built, 2, local)).toMatchObject({id: 'f2', hasRunbook: true, hasLink: false});
  });

  it('captures the rollback plan of a deploy at the time of the key press', () => {
    const info = selectionInfo('deploys', built, 0, where)!;
    expect(info).toMatchObject({kind: 'deploy', id: 'd2', label: 'checkout v2.14.0', hasLink: true, canRollback: true, confirmText: 'checkout'});
    expect(info.rollbackPlan).toMatchObject({service: 'checkout', environment: 'production', fromVersion: 'v2.14.0', toVersion: 'v2.13.2'});
    expect(info.rollbackPlan!.idempotencyKey).toContain(String(T0));
    const oldest = selectionInfo('deploys', built, 1, where)!;
    expect([oldest.canRollback, oldest.rollbackPlan, oldest.hasLink]).toEqual([false, undefined, false]);
  });

  it('is null past the end of the table or for an empty pane', () => {
    expect(selectionInfo('slos', built, 5, where)).toBeNull();
    expect(selectionInfo('deploys', buildTables({now: T0}), 0, where)).toBeNull();
  });

  it('sanitizes labels and the text to type for confirmation', () => {
    const evil = makeDeploy({id: 'e', service: HOSTILE, version: HOSTILE});
    const info = selectionInfo('deploys', buildTables({now: T0, deploys: [evil], alerts: [makeAlert({fingerprint: 'x', name: HOSTILE})]}), 0, where)!;
    expect(rawControl(info.label)).toBeNull();
    expect(rawControl(info.confirmText!)).toBeNull();
    const alert = selectionInfo('alerts', buildTables({now: T0, alerts: [makeAlert({fingerprint: 'x', name: HOSTILE})]}), 1, where)!;
    expect(alert.label).toBe('pwn␛[2J␛]52;c;ZWNobyBoaQ==\\x07bell\\x07cr\\x0drtl\\u202egnp.exe');
  });

  it('gives a rollback confirmation that can be typed when the service name holds an invisible character', () => {
    for (const ch of INVISIBLE) {
      const info = selectionInfo('deploys', buildTables({now: T0, deploys: [makeDeploy({id: 'e', service: `check${ch}out`})]}), 0, where)!;
      expect(rawControl(info.confirmText!)).toBeNull();
      // What the input keeps of the text typed is the text to type.
      expect(info.confirmText!.replace(STRIP, '')).toBe(info.confirmText);
      expect(info.confirmText).not.toBe('checkout');
    }
  });
});
