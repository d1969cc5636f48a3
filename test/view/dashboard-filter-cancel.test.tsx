/**
 * `/` filters live as you type; Esc cancels the input and the filter stays as it was. But the
 * live draft moved the selection (the selected row filtered out: to a neighbour, or with nothing
 * matching, back to "the top row"), and cancelling does not give it back: the cursor sits on
 * another alert, and the next `a` acks that one.
 */
import {describe, expect, it} from 'vitest';
import type {SilenceDraft} from '../../src/domain/alert.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {T0} from '../queries/fakes.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks();

function rig() {
  const mk = (fp: string, name: string, service: string, age: number) => makeAlert({fingerprint: fp, name, severity: 'critical', labels: {alertname: name, service}, startsAt: T0 - age});
  const alerts = [mk('fp-a', 'AlphaDown', 'alpha', 900_000), mk('fp-b', 'BetaDown', 'beta', 600_000), mk('fp-c', 'GammaDown', 'gamma', 300_000)];
  const drafts: SilenceDraft[] = [];
  const services: ContextServices = {
    context: 'prod', readOnly: false, slos: [], sloReader: null, deploySource: null, rollbacker: null,
    alertSources: [{name: 'am', kind: 'alertmanager', capabilities: {
      listAlerts: async () => ({value: alerts, warnings: []}),
      listSilences: async () => ({value: [], warnings: []}),
      createSilence: async (draft: SilenceDraft) => (drafts.push(draft), `s-${drafts.length}`),
      expireSilence: async () => {},
    }}],
  };
  return {services, drafts};
}

const selectedLine = (f: string) => f.split('\n').find((l) => l.includes('› ')) ?? '';
const silenced = (drafts: SilenceDraft[]) => drafts.map((d) => d.matchers.find((m) => m.name === 'alertname')?.value);

describe('Esc on the filter input', () => {
  it('gives the selection back to the row it was on before the draft moved it', async () => {
    const t = rig();
    const h = await renderDashboard(t.services, {columns: 120});
    await h.waitFor((f) => f.includes('AlphaDown') && f.includes('GammaDown'), 'the alerts');
    await h.press('2');
    // Rows: Alpha group, AlphaDown, Beta group, BetaDown, Gamma group, GammaDown: select GammaDown.
    await h.press('G');
    expect(selectedLine(h.lastFrame())).toMatch(/GammaDown/);
    await h.press('/');
    await h.press('nomatch');
    await h.waitFor(() => true, 'the draft applied', 50);
    // Changed my mind: Esc cancels the input, the table is whole again.
    await h.press('\u001b');
    const back = await h.waitFor((f) => f.includes('AlphaDown') && !f.includes('nomatch'), 'the filter input closed');
    const line = selectedLine(back);
    await h.press('a');
    await h.waitFor((f) => /acked|acking/.test(f.split('\n').at(-1) ?? ''), 'the ack', 3000).catch(() => '');
    expect({selected: /GammaDown/.test(line) ? 'GammaDown' : line.trim(), acked: silenced(t.drafts)}).toEqual({selected: 'GammaDown', acked: ['GammaDown']});
  });
});

describe('Esc on the filter input, the draft matching other rows', () => {
  it('gives the selection back rather than leaving it on the neighbour the draft moved it to', async () => {
    const t = rig();
    const h = await renderDashboard(t.services, {columns: 120});
    await h.waitFor((f) => f.includes('AlphaDown') && f.includes('GammaDown'), 'the alerts');
    await h.press('2');
    await h.press('G');
    expect(selectedLine(h.lastFrame())).toMatch(/GammaDown/);
    await h.press('/');
    // Only BetaDown matches: the selection moves onto Beta's rows while the draft is typed.
    await h.press('beta');
    await h.waitFor((f) => !f.includes('GammaDown') && /BetaDown/.test(selectedLine(f)), 'the draft applied');
    await h.press('\u001b');
    const back = await h.waitFor((f) => f.includes('AlphaDown') && f.includes('GammaDown'), 'the filter input closed');
    expect(selectedLine(back)).toMatch(/GammaDown/);
  });
});
