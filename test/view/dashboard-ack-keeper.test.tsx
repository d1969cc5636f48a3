import {describe, expect, it} from 'vitest';
import type {AckKeeperRun} from '../../src/domain/ack-keeping.ts';
import type {Alert} from '../../src/domain/alert.ts';
import {ackKeeperKey} from '../../src/queries/ack-keeper.ts';
import {alertKey} from '../../src/queries/alert-queries.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, T0} from '../queries/fakes.ts';
import {scriptedAlertmanager} from '../queries/silence-fakes.ts';
import {dashboardSettings, dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks();

const MIN = 60_000;
const AUTHOR = 'tester@host';
const matchers = [{name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true}];
const footer = (frame: string) => frame.split('\n').at(-1) ?? '';
const alertRows = (frame: string, name: string) => frame.split('\n').filter((l) => l.includes(name) && !l.includes('▸') && !l.includes('ACK NOT EXTENDED:'));
const rowOf = (frame: string, name: string) => alertRows(frame, name)[0] ?? '';

/**
 * One Alertmanager holding this user's ack of a firing alert, ending in 3 minutes (due for
 * extension), and answering the silence posts after the ack with `create`.
 */
async function ackedAlertmanager(name: string, create: Array<'ok' | 'unavailable'>, fingerprint = 'f1') {
  // The first post is the ack itself.
  const am = scriptedAlertmanager(name, {create: ['ok', ...create]}, (): Alert[] => [
    makeAlert({fingerprint, name: 'DiskFull', severity: 'critical', state: 'suppressed', labels: {alertname: 'DiskFull', service: 'disk'}, seenBy: [name], silencedBy: am.created.filter((s) => s.state === 'active').map((s) => s.id)}),
  ]);
  await am.handle.capabilities.createSilence({matchers, startsAt: T0, endsAt: T0 + 3 * MIN, createdBy: AUTHOR, comment: 'ACK! on it'});
  return am;
}

const untilResolved = {ack: {...dashboardSettings().ack, untilResolved: true}};

describe('ack-until-resolved on the dashboard', () => {
  it('says on the row, in the details and once in the footer that an ack was not extended; the badge goes once it is', async () => {
    const am = await ackedAlertmanager('am-1', ['unavailable', 'ok']);
    const harness = await renderDashboard(emptyServices({alertSources: [am.handle]}), {columns: 160, settings: untilResolved});
    const failed = await harness.waitFor((f) => f.includes('NOT EXTENDED'), 'the keeper failure on the row');
    // In words on the alert's row, with how long the ack has left.
    expect(rowOf(failed, 'DiskFull')).toMatch(/NOT EXTENDED [23]m/);
    expect(footer(failed)).toBe('ACK NOT EXTENDED: DiskFull (ends 10:03:00Z): unavailable: am-1: silence rejected (unavailable); tried again at 10:00:45Z');
    expect(am.createCalls).toHaveLength(2);

    // The details: the end, that it was never extended, why, and when the keeper tries again.
    await harness.press('2');
    await harness.press('j');
    await harness.press('\r');
    const details = await harness.waitFor((f) => f.includes('Alert details'), 'the details');
    expect(details).toContain('NOT EXTENDED: the ack ends 10:03:00Z');
    expect(details).toContain('last extended none yet');
    expect(details).toContain('unavailable: am-1: silence rejected (unavailable) (run at 10:00:00Z)');
    expect(details).toMatch(/next try\s+10:00:45Z/);
    await harness.press('\u001b');

    // Said once per run: the flash ends, the row keeps saying it until the next run.
    const quiet = await harness.waitFor((f) => !footer(f).includes('ACK NOT EXTENDED'), 'the flash gone', 10_000);
    expect(rowOf(quiet, 'DiskFull')).toContain('NOT EXTENDED');

    // The next run extends it: the badge goes, the row shows the ack with its new end.
    const kept = await harness.waitFor((f) => !f.includes('NOT EXTENDED') && rowOf(f, 'DiskFull').includes(`${AUTHOR} 15m`), 'the extended ack', 45_000);
    expect(am.createCalls).toHaveLength(3);
    expect(footer(kept)).not.toContain('ACK NOT EXTENDED');
  });

  it('stops saying an ack was not extended once the alert is acked anew, before the keeper runs again', async () => {
    const am = await ackedAlertmanager('am-1', ['unavailable', 'ok']);
    const harness = await renderDashboard(emptyServices({alertSources: [am.handle]}), {columns: 160, settings: untilResolved});
    await harness.waitFor((f) => rowOf(f, 'DiskFull').includes('NOT EXTENDED'), 'the keeper failure on the row');
    // Acked anew for an hour (from another terminal, say): the silence the keeper failed to
    // replace is no longer the alert's ack.
    await am.handle.capabilities.createSilence({id: am.created[0]!.id, matchers, startsAt: T0, endsAt: T0 + 60 * MIN, createdBy: AUTHOR, comment: 'ACK! on it'});
    // The alerts read again, as their poll does, and not the keeper (as `r` would).
    const run = harness.client.getQueryData<AckKeeperRun>(ackKeeperKey('test'));
    await harness.client.invalidateQueries({queryKey: alertKey('test')});
    const reacked = await harness.waitFor((f) => /\b(59|60)m\b/.test(rowOf(f, 'DiskFull')), 'the alert read with its new ack');
    expect(rowOf(reacked, 'DiskFull')).not.toContain('NOT EXTENDED');
    // No keeper run in between: the row stopped saying it because the ack changed, not because a run said so.
    expect(run?.failed).toHaveLength(1);
    expect(harness.client.getQueryData(ackKeeperKey('test'))).toBe(run);
  });

  it('with two contexts, each context keeper speaks for its own rows only', async () => {
    const failing = await ackedAlertmanager('am-1', ['unavailable'], 'f1');
    const fine = await ackedAlertmanager('am-2', ['ok'], 'f2');
    const one = emptyServices({context: 'one', alertSources: [failing.handle]});
    const two = emptyServices({context: 'two', alertSources: [fine.handle]});
    const harness = await renderDashboard(one, {columns: 160, settings: untilResolved, contexts: [{services: one}, {services: two}]});
    const frame = await harness.waitFor((f) => f.includes('NOT EXTENDED') && f.includes(`${AUTHOR} 15m`), 'both contexts after their keepers ran');
    const rows = alertRows(frame, 'DiskFull');
    expect(rows).toHaveLength(2);
    expect(rows.filter((r) => r.includes('NOT EXTENDED'))).toHaveLength(1);
    expect(rows.filter((r) => r.includes(`${AUTHOR} 15m`))).toHaveLength(1);
    // The footer names the context whose keeper failed.
    expect(footer(frame)).toMatch(/^one: ACK NOT EXTENDED: DiskFull/);
  });
});
