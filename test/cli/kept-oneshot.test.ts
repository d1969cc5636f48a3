/**
 * The one-shot `kept` (`alerts --json`, `alerts`, `status --json`) judges every ack silence of
 * the alert, as the dashboard's `keptAcks` does: the ack extended on am-1 and NOT extended on
 * am-2 (unclustered, each holding the ack under an id of its own) says failed, not extended.
 */
import {describe, expect, it} from 'vitest';
import {ackAcrossSources, type SilenceReport} from '../../src/domain/alert-ack.ts';
import {keptAcks} from '../../src/domain/ack-keeping.ts';
import {keptFromLog} from '../../src/domain/kept-log.ts';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import type {Alert, Silence} from '../../src/domain/alert.ts';
import {alertJson, alertLine} from '../../src/cli/alert-commands.ts';
import {keptField, statusWithKept, type KeptLog} from '../../src/cli/kept-log.ts';
import {buildStatusDocument} from '../../src/domain/status-document.ts';
import {makeAlert} from '../domain/alert-fixture.ts';

const NOW = Date.parse('2026-12-07T10:40:00Z');
const matchers = [{name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true}];
const sil = (id: string, endsAt: number): Silence => ({id, state: 'active', matchers, startsAt: NOW - 600_000, endsAt, createdBy: 'alice', comment: 'ACK! on it'});
// am-1: the keeper replaced a1 by a2 (ends in 15 min); am-2: its extension of b1 failed (ends in 4 min).
const onAm1 = makeAlert({fingerprint: 'f', name: 'DiskFull', state: 'suppressed', silencedBy: ['a2'], seenBy: ['am-1']});
const onAm2 = makeAlert({fingerprint: 'f', name: 'DiskFull', state: 'suppressed', silencedBy: ['b1'], seenBy: ['am-2']});
const reports: SilenceReport[] = [
  {source: 'am-1', alerts: new Map([['f', onAm1]]), silences: [sil('a2', NOW + 900_000)]},
  {source: 'am-2', alerts: new Map([['f', onAm2]]), silences: [sil('b1', NOW + 240_000)]},
];
const alert: Alert = {...makeAlert({fingerprint: 'f', name: 'DiskFull', state: 'suppressed', silencedBy: ['a2', 'b1'], seenBy: ['am-1', 'am-2']}), ...ackAcrossSources(onAm1, reports, 'ACK!', NOW)};

const entries: ActionLogEntry[] = [
  {at: '2026-12-07T10:38:00.000Z', action: 'ack-extend', phase: 'success', context: 'prod', target: {alertname: 'DiskFull'}, source: 'am-1', silenceId: 'a2', details: {previousId: 'a1', fingerprints: ['f']}},
  {at: '2026-12-07T10:38:01.000Z', action: 'ack-extend', phase: 'failure', context: 'prod', target: {alertname: 'DiskFull'}, source: 'am-2', silenceId: 'b1', error: 'HTTP 500'},
];
const log: KeptLog = {lookup: keptFromLog(entries), warning: null};

describe('one-shot kept of an ack held by two unclustered Alertmanagers', () => {
  it('CONTROL (passes): the alert is acked, named by a2, with b1 among its ack silences; the TUI says failed', () => {
    expect(alert.ack?.silenceId).toBe('a2');
    expect(alert.ackSilenceIds).toEqual(['a2', 'b1']);
    const run = {at: NOW - 120_000, extended: [{source: 'am-1', previousId: 'a1', silenceId: 'a2', endsAt: NOW + 900_000, fingerprints: ['f']}], failed: [{source: 'am-2', silenceId: 'b1', error: 'HTTP 500', fingerprints: ['f'], endsAt: NOW + 240_000}], unknown: []};
    expect(keptAcks(run as never, [alert]).get('f')?.status).toBe('failed');
  });

  it('alerts --json says kept failed (am-2 pages in 4 minutes), not extended', () => {
    const runtime = {composed: {services: {context: 'prod', alertSources: []}}, settings: {}} as never;
    const json = alertJson(runtime, log)(alert);
    expect((json['kept'] as {status: string} | undefined)?.status).toBe('failed');
  });

  it('status --json carries the ack silences and says kept failed', () => {
    const doc = buildStatusDocument({context: 'prod', now: NOW, sources: [], slos: [], alerts: [alert], deploys: [], suspectWindowMs: 0});
    const row = statusWithKept(doc, log).alerts[0]!;
    expect({ids: row.ackSilenceIds, kept: row.kept?.status}).toEqual({ids: ['a2', 'b1'], kept: 'failed'});
    // One Alertmanager, one silence: nothing more than `ack` says.
    const single = buildStatusDocument({context: 'prod', now: NOW, sources: [], slos: [], alerts: [{...alert, ackSilenceIds: ['a2']}], deploys: [], suspectWindowMs: 0});
    expect(single.alerts[0]).not.toHaveProperty('ackSilenceIds');
  });

  it('alerts text line says NOT EXTENDED, not extended', () => {
    const line = alertLine(alert, NOW, keptField(log, 'prod', alert).kept);
    expect(line).toContain('kept: NOT EXTENDED');
  });
});

describe('alerts --json fields', () => {
  it('ackers, printed by alerts --json when several users acked, is documented in the README', async () => {
    const {readFileSync} = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const runtime = {composed: {services: {context: 'prod', alertSources: []}}, settings: {}} as never;
    const json = JSON.parse(JSON.stringify(alertJson(runtime)({...alert, ackers: ['alice', 'bob']})));
    expect(json['ackers']).toEqual(['alice', 'bob']);
    expect(readme).toContain('`alerts[].ackers`');
  });

  it('ackSilenceIds, now printed by alerts --json, is documented in the README (or not printed)', async () => {
    const {readFileSync} = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const runtime = {composed: {services: {context: 'prod', alertSources: []}}, settings: {}} as never;
    const json = JSON.parse(JSON.stringify(alertJson(runtime)(alert)));
    expect({printed: 'ackSilenceIds' in json, documented: readme.includes('ackSilenceIds')}).not.toEqual({printed: true, documented: false});
  });
});
