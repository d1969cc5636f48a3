/**
 * Alertmanager deletes an expired silence once its data retention (120h by default) has passed.
 * A postmortem timeline written a week later reads no silence of then: it must not present the
 * acks of then as read, and none, with every part read (exit 0).
 */
import {describe, expect, it} from 'vitest';
import {timelineCommand} from '../../src/cli/timeline-command.ts';
import {capturedIo, homeWithLog, timelineRuntime, timelineServices} from './timeline-fakes.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// An Alertmanager that answers, and holds no silence (it dropped those of then).
const am = {name: 'am', kind: 'alertmanager', capabilities: {listSilences: async () => ({value: [], warnings: []}), listAlerts: async () => ({value: [], warnings: []})}};

async function timeline(from: number, to: number) {
  // Our own log holds the ack that Alertmanager no longer lists.
  const home = homeWithLog([{at: new Date(from + HOUR).toISOString(), action: 'ack', phase: 'success', context: 'prod', target: {alertname: 'HighErrorRate', service: 'checkout'}, source: 'am', attempt: 1, silenceId: 's-1'}]);
  const o = capturedIo();
  const args = {command: 'timeline', from: new Date(from).toISOString(), until: new Date(to).toISOString(), format: 'json'};
  const code = await timelineCommand(args as never, timelineRuntime(timelineServices('prod', () => [], {alertSources: [am] as never})), {HOME: home} as never, o.io as never);
  return {code, doc: JSON.parse(o.out) as {missing: Array<{part: string; context: string; source: string; reason: string}>}};
}

describe('a timeline of a range older than Alertmanager keeps expired silences', () => {
  it('says the acks of then may be missing (a silences part, naming why), exit 3', async () => {
    const now = Date.now();
    const {code, doc} = await timeline(now - 8 * DAY, now - 7 * DAY);
    expect(code).toBe(3);
    expect(doc.missing.map((g) => [g.part, g.context, g.source])).toEqual([['silences', 'prod', 'am']]);
    expect(doc.missing[0]?.reason).toMatch(/^acks before \S+Z may be missing: am deletes an expired silence once its data retention has passed \(120h by default: set silenceRetention/);
  });

  it('a range within the retention: nothing missing, exit 0', async () => {
    const now = Date.now();
    const {code, doc} = await timeline(now - 4 * DAY, now - 3 * DAY);
    expect({code, missing: doc.missing}).toEqual({code: 0, missing: []});
  });
});
