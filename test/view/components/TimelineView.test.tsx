import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import type {TimelineGap} from '../../../src/domain/timeline.ts';
import {TimelineView} from '../../../src/view/components/TimelineView.tsx';
import {noColorPalette} from '../../../src/view/components/palette.ts';
import type {TimelineData} from '../../../src/view/hooks/use-timeline.ts';
import {T0} from '../../queries/fakes.ts';

afterEach(() => {
  cleanup();
});

const gap: TimelineGap = {part: 'alerts', context: 'prod-us', source: 'prometheus', reason: 'unavailable: connection refused'};
const none: TimelineData = {shown: [], total: 0, gaps: [], loading: false, pending: [], updatedAt: T0};
const draw = (data: TimelineData) => render(<TimelineView data={data} service={null} filter="" selected={0} width={100} height={14} now={T0} contexts palette={noColorPalette} />).lastFrame()!;

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
