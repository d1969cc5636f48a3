import {describe, expect, it} from 'vitest';
import {grafanaPanelUrl} from '../../src/domain/grafana-links.ts';

describe('grafanaPanelUrl', () => {
  it("builds Grafana's panel link from the rule's dashboard uid, panel id and organisation", () => {
    const annotations = {__dashboardUid__: 'checkout-overview', __panelId__: '4', __orgId__: '1', summary: 's'};
    expect(grafanaPanelUrl(annotations, 'https://grafana.example.com')).toBe('https://grafana.example.com/d/checkout-overview?orgId=1&viewPanel=4');
    // A Grafana served below a sub-path, written with a trailing slash.
    expect(grafanaPanelUrl(annotations, 'https://ops.example.com/grafana/')).toBe('https://ops.example.com/grafana/d/checkout-overview?orgId=1&viewPanel=4');
  });

  it('links the dashboard when the rule names no panel, and nothing without a dashboard', () => {
    expect(grafanaPanelUrl({__dashboardUid__: 'abc'}, 'https://g.example.com')).toBe('https://g.example.com/d/abc');
    expect(grafanaPanelUrl({__panelId__: '4'}, 'https://g.example.com')).toBeNull();
    expect(grafanaPanelUrl({__dashboardUid__: ''}, 'https://g.example.com')).toBeNull();
  });

  it("opens on the alert's onset: from an hour before its start (ms) to Grafana's relative now, as Grafana's own notifications", () => {
    const annotations = {__dashboardUid__: 'payq', __panelId__: '4', __orgId__: '1'};
    const startsAt = Date.UTC(2026, 11, 7, 4, 0, 0);
    // No clock read: the same link at every poll and every clock second (row and details unchanged).
    expect(grafanaPanelUrl(annotations, 'https://g.example.com', startsAt)).toBe(`https://g.example.com/d/payq?from=${startsAt - 3_600_000}&to=now&orgId=1&viewPanel=4`);
  });

  it('has no time range when the start is not known', () => {
    expect(grafanaPanelUrl({__dashboardUid__: 'abc'}, 'https://g.example.com', null)).toBe('https://g.example.com/d/abc');
  });

  it('keeps hostile annotations from steering the link off the configured Grafana', () => {
    const url = grafanaPanelUrl({__dashboardUid__: '../../evil.example.com/x?\x1b]52;c;aGk=\x07', __panelId__: '4&x=javascript:alert(1)', __orgId__: '1\u202e'}, 'https://g.example.com');
    expect(url).toBe('https://g.example.com/d/..%2F..%2Fevil.example.com%2Fx%3F%1B%5D52%3Bc%3BaGk%3D%07');
    expect(new URL(url!).host).toBe('g.example.com');
    expect(url).not.toMatch(/[\x00-\x1f\x7f\u202e]/);
  });
});
