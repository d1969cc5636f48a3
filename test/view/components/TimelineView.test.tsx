import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import type {TimelineEvent, TimelineGap} from '../../../src/domain/timeline.ts';
import {TimelineView} from '../../../src/view/components/TimelineView.tsx';
import {noColorPalette} from '../../../src/view/components/palette.ts';
import type {TimelineData} from '../../../src/view/hooks/use-timeline.ts';
import {T0} from '../../queries/fakes.ts';
import {CLEAR_SCREEN, HOSTILE, OSC52, rawControl} from '../hostile.ts';

afterEach(() => {
  cleanup();
});

const gap: TimelineGap = {part: 'alerts', context: 'prod-us', source: 'prometheus', reason: 'unavailable: connection refused'};
const none: TimelineData = {shown: [], total: 0, gaps: [], loading: false, pending: [], updatedAt: T0};
const draw = (data: TimelineData) => render(<TimelineView data={data} service={null} filter="" selected={0} width={100} height={14} now={T0} keys={[]} contexts palette={noColorPalette} />).lastFrame()!;

describe('TimelineView with nothing to list', () => {
  it('says "nothing happened" only when every part was read', () => {
    expect(draw(none)).toContain('nothing happened in the last 6h');
    // A part missing may hold the events: the overlay says what it could read, not that all was calm.
    const missing = draw({...none, gaps: [gap]});
    expect(missing).toContain('⚠ missing: alerts from prometheus (prod-us): unavailable: connection refused');
    expect(missing).toContain('no events in the parts that could be read');
    expect(missing).not.toContain('nothing happened');
    const reading = draw({...none, pending: ['prod-us']});
    expect(reading).toContain('… still reading prod-us');
    expect(reading).toContain('no events so far');
    expect(reading).not.toContain('nothing happened');
  });
});

describe('TimelineView in the past', () => {
  it('counts AGO to the instant shown, as the alert pane counts AGE, not to the live clock', () => {
    const MIN = 60_000;
    const endsAt = T0 - 30 * MIN;
    const deploy: TimelineEvent = {at: endsAt - 5 * MIN, kind: 'deploy-started', context: 'prod', service: 'checkout', text: 'deploy checkout v2.14.0', source: 'github'};
    const data: TimelineData = {...none, shown: [deploy], total: 1};
    const row = (frame: string) => frame.split('\n').find((l) => l.includes('⇡ DEPLOY')) ?? '';
    // Live: 35 minutes before the clock.
    expect(row(draw(data))).toMatch(/ 35m +⇡ DEPLOY/);
    // In the past: 5 minutes before the instant shown (its time of day unchanged).
    const past = row(draw({...data, endsAt}));
    expect(past).toMatch(/ 5m +⇡ DEPLOY/);
    expect(past).toContain(new Date(deploy.at).toISOString().slice(11, 19));
  });
});

describe("TimelineView's line under the events", () => {
  const firing = (url: string, urlFrom?: 'current-rule'): TimelineEvent => ({at: T0 - 60_000, kind: 'alert-firing', context: 'prod', service: 'checkout', text: 'CheckoutDown firing', source: 'prometheus', subject: {alertname: 'CheckoutDown'}, url, ...(urlFrom ? {urlFrom} : {})});
  // The frame without its OSC 8 sequences (which carry the link's target).
  const plain = (frame: string) => frame.replace(/\u001b\]8;;[^\u0007\u001b]*(?:\u0007|\u001b\\)/g, '');

  it("shows the selected event's runbook, said to be today's rule's when it is, as a hyperlink", () => {
    const frame = draw({...none, shown: [firing('https://rb.example/checkout', 'current-rule')], total: 1});
    expect(plain(frame)).toContain("runbook of today's rule: https://rb.example/checkout");
    expect(frame).toContain('\u001b]8;;https://rb.example/checkout\u001b\\');
    expect(plain(draw({...none, shown: [firing('https://wiki.example/CheckoutDown')], total: 1}))).toMatch(/\n║runbook: https:\/\/wiki\.example\/CheckoutDown/);
  });

  it('draws a hostile link sanitized, its text and its target', () => {
    const frame = draw({...none, shown: [{...firing(`https://rb.example/x${HOSTILE}`)}], total: 1});
    expect(plain(frame)).toContain('runbook: https://rb.example/xpwn');
    expect(rawControl(plain(frame).replace(/\u001b\[[0-9;]*m/g, ''))).toBeNull();
    expect(frame).not.toContain(OSC52);
    expect(frame).not.toContain(CLEAR_SCREEN);
  });
});
