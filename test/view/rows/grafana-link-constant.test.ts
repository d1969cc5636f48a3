/**
 * The alert details are drawn again at every clock second (the screen clock ticks each 1000 ms).
 * A Grafana panel link whose range ended at the drawing instant (`to=<ms>`) changed at each of
 * them, so Ink rewrote the dashboard line (its text and OSC 8 target) every second on an idle
 * dashboard. The link's end is Grafana's relative `now`, so the line stays the same.
 */
import {describe, expect, it} from 'vitest';
import {grafanaPanelUrl} from '../../../src/domain/grafana-links.ts';
import {alertDetails} from '../../../src/view/rows/detail-lines.ts';
import {makeAlert} from '../../domain/alert-fixture.ts';

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0, 0);
const STARTED = NOW - 8 * 3_600_000;

describe('details of a Grafana-managed alert on an idle dashboard', () => {
  it('are the same from one clock second to the next (the link line is not redrawn)', () => {
    const annotations = {__dashboardUid__: 'checkout', __panelId__: '4', __orgId__: '1'};
    const a = makeAlert({fingerprint: 'f1', startsAt: STARTED, annotations, dashboardUrl: grafanaPanelUrl(annotations, 'https://grafana.example', STARTED)!});
    const at = (now: number) => alertDetails(a, now).map((l) => `${l.label}\t${l.value}\t${l.link ?? ''}`);
    // 'since' reads "(8h ago)" at both instants: only a moving link end could differ.
    expect(at(NOW + 1000)).toEqual(at(NOW));
    expect(at(NOW).find((l) => l.startsWith('dashboard\t'))).toContain(`from=${STARTED - 3_600_000}`);
  });
});
