/**
 * A weekly rotation's handover (`oncall handover --since 7d`) reaches back past Alertmanager's
 * default silence retention (120h). It must not exit 3 every week against an Alertmanager that
 * keeps its silences that long: one configured so (`silenceRetention`), or whose own list holds
 * a silence that ended before the shift, covers the shift's acks. One with neither may have
 * deleted some: that stays a missing part (exit 3).
 */
import {describe, expect, it} from 'vitest';
import {handoverCommand} from '../../src/cli/handover-command.ts';
import type {Silence} from '../../src/domain/alert.ts';
import {capturedIo, homeWithLog, timelineRuntime, timelineServices} from './timeline-fakes.ts';

const DAY = 24 * 3_600_000;

// A healthy Alertmanager listing `silences`, with `silenceRetentionMs` as composed from the config.
function am(silences: Silence[], silenceRetentionMs?: number) {
  const capabilities = {listSilences: async () => ({value: silences, warnings: []}), listAlerts: async () => ({value: [], warnings: []})};
  return {name: 'am', kind: 'alertmanager', capabilities, ...(silenceRetentionMs === undefined ? {} : {silenceRetentionMs})};
}

// An ack that ran out eight days ago: the Alertmanager still lists it.
const old = (): Silence => {
  const endsAt = Date.now() - 8 * DAY;
  return {id: 's-old', state: 'expired', matchers: [{name: 'alertname', value: 'X', isRegex: false, isEqual: true}], startsAt: endsAt - 3_600_000, endsAt, createdBy: 'alice', comment: 'ACK! old', updatedAt: endsAt - 3_600_000};
};

async function handover(since: string, source: ReturnType<typeof am>) {
  const o = capturedIo();
  const code = await handoverCommand({command: 'handover', since} as never, timelineRuntime(timelineServices('prod', () => [], {alertSources: [source] as never})), {HOME: homeWithLog([])} as never, o.io as never);
  return {code, out: o.out};
}

describe('a weekly handover and the Alertmanager silence retention', () => {
  it('an Alertmanager configured to keep silences 14 days: nothing missing, exit 0', async () => {
    const r = await handover('7d', am([], 14 * DAY));
    expect(r.out).not.toContain('may be missing');
    expect(r.code).toBe(0);
  });

  it('an Alertmanager listing a silence that ended before the shift: its retention reaches back, exit 0', async () => {
    const r = await handover('7d', am([old()]));
    expect(r.out).not.toContain('may be missing');
    expect(r.code).toBe(0);
  });

  it('neither: the acks before the cutoff may be missing, naming how to say the retention, exit 3', async () => {
    const r = await handover('7d', am([]));
    expect(r.out).toMatch(/acks before \S+Z may be missing: am deletes an expired silence once its data retention has passed \(120h by default: set silenceRetention to its --data\.retention when that is longer\)/);
    expect(r.code).toBe(3);
  });

  it('a configured retention shorter than the shift: the gap names it, exit 3', async () => {
    const r = await handover('7d', am([], 6 * DAY));
    expect(r.out).toContain('(silenceRetention 6d)');
    expect(r.code).toBe(3);
  });

  it('a shift within the default retention (119h): exit 0', async () => {
    expect((await handover('119h', am([]))).code).toBe(0);
  });
});
