/**
 * `oncall timeline --all-contexts`: prod-eu is quiet and prod-us pages. prod-eu's note that no
 * alert fired must name prod-eu, not read as the whole timeline's beside prod-us's alerts; and
 * identical notes of two contexts stay two, each naming its own.
 */
import {describe, expect, it} from 'vitest';
import {readSelection} from '../../src/cli/timeline-command.ts';
import type {AlertSeries} from '../../src/domain/timeline-alerts.ts';
import {homeWithLog, timelineRuntime, timelineServices} from './timeline-fakes.ts';

const HOUR = 3_600_000;
const firing = (grid: number[]): AlertSeries[] => [{labels: {__name__: 'ALERTS', alertname: 'HighErrorRate', alertstate: 'firing', severity: 'critical', service: 'checkout'}, points: grid.slice(-30).map((at) => ({at, value: 1}))}];
const range = () => {
  const to = Math.floor(Date.now() / 60_000) * 60_000;
  return {from: to - 2 * HOUR, to};
};

describe('timeline over several contexts: notes', () => {
  it('a context\'s "no alert fired" note names its context, beside another context\'s alerts', async () => {
    const reading = await readSelection(timelineRuntime(timelineServices('prod-eu', () => []), timelineServices('prod-us', firing)), {HOME: homeWithLog([])} as never, range());
    expect(reading.timeline.events.some((e) => e.kind === 'alert-firing' && e.context === 'prod-us')).toBe(true);
    expect(reading.timeline.notes?.filter((n) => n.includes('no alert fired'))).toEqual([expect.stringMatching(/^prod-eu: no alert fired: prometheus evaluates 3 alerting rules/)]);
  });

  it('the same note of two contexts is said for each', async () => {
    const reading = await readSelection(timelineRuntime(timelineServices('prod-eu', () => []), timelineServices('prod-us', () => [])), {HOME: homeWithLog([])} as never, range());
    expect(reading.timeline.notes?.map((n) => n.slice(0, n.indexOf(': no alert fired')))).toEqual(['prod-eu', 'prod-us']);
  });

  it('one context: its notes as they are', async () => {
    const reading = await readSelection(timelineRuntime(timelineServices('prod-eu', () => [])), {HOME: homeWithLog([])} as never, range());
    expect(reading.timeline.notes).toEqual([expect.stringMatching(/^no alert fired: /)]);
  });
});
