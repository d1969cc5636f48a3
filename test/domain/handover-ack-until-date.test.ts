/**
 * A 12-hour handover (20:00Z – 08:00Z) writes every time as a bare time of day, because "a time of
 * day is one instant of the range". An ack's end is not in the range, though: a silence made
 * at 23:00Z for three days reads `HOLDS until 23:00Z`, which the next on-call takes for tonight,
 * 15 hours away. It holds for three days, hiding the alert all that time. Likewise an ack made days
 * before the shift reads `16:00Z … (made before the shift)` with no date. The timeline writes the
 * same `until` with its date (`timeUnder`), and `formatUntil` exists "so an ack of a day never
 * reads as ending now".
 */
import {describe, expect, it} from 'vitest';
import {buildHandover} from '../../src/domain/handover.ts';
import {handoverMarkdown} from '../../src/domain/handover-markdown.ts';
import {readTimeline} from '../../src/queries/timeline-queries.ts';
import {emptyServices} from '../queries/fakes.ts';
import type {Silence} from '../../src/domain/alert.ts';

const TO = Date.UTC(2026, 11, 6, 8, 0, 0);
const FROM = TO - 12 * 3_600_000;
const H = 3_600_000;

const inShift: Silence = {id: 's1', matchers: [{name: 'alertname', value: 'CheckoutDown', isRegex: false, isEqual: true}], startsAt: TO - 9 * H, endsAt: TO - 9 * H + 72 * H, createdBy: 'alice', comment: 'ACK! known, fix Monday', state: 'active'};
const beforeShift: Silence = {id: 's2', matchers: [{name: 'alertname', value: 'DiskSpaceLow', isRegex: false, isEqual: true}], startsAt: FROM - 52 * H, endsAt: TO + 50 * H, createdBy: 'bob', comment: 'ACK! disk', state: 'active'};

async function markdown() {
  const services = emptyServices({context: 'prod', alertSources: [{name: 'am', kind: 'alertmanager', capabilities: {listAlerts: async () => ({value: [], warnings: []}), listSilences: async () => ({value: [inShift, beforeShift], warnings: []})}}] as never});
  const reading = await readTimeline(services, {from: FROM, to: TO, ackPrefix: 'ACK!', now: TO});
  return handoverMarkdown(buildHandover({context: 'prod', timeline: reading.timeline, slosAtEnd: [], alertsAtEnd: [], silences: reading.silences, budgets: []}));
}

describe('handover of a 12-hour shift: times outside the shift', () => {
  it('an ack made in the shift for three days says the date it ends, not a bare time of day', async () => {
    const md = await markdown();
    const line = md.split('\n').find((l) => l.includes('alice'))!;
    expect(line).toContain('HOLDS until');
    // Ends 2026-12-08 23:00Z: "until 23:00Z" reads as tonight.
    expect(line).toContain('2026-12-08');
  });

  it('an ack made two days before the shift says the date it was made', async () => {
    const md = await markdown();
    const line = md.split('\n').find((l) => l.includes('bob'))!;
    expect(line).toContain('made before the shift');
    // Made 2026-12-03 16:00Z, ends 2026-12-08 10:00Z.
    expect(line).toContain('2026-12-03');
    expect(line).toContain('2026-12-08');
  });
});
