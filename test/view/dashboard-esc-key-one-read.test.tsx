/**
 * Esc on `/` and the next key read together (tmux's escape-time): the key waits for the tables of
 * the filter Esc gave back, so it acts on the row the selection returned to, never the draft's.
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
const silenced = (drafts: SilenceDraft[]) => drafts.map((d) => d.matchers.find((m) => m.name === 'alertname')?.value);

describe.each([
  ['a draft matching other rows', 'Alpha'],
  ['a draft matching nothing', 'nomatch'],
])('Esc and `a` in one read on the filter input, %s', (_n, draft) => {
  it('acks the row the selection was given back to (GammaDown), never another', async () => {
    const t = rig();
    const h = await renderDashboard(t.services, {columns: 120});
    await h.waitFor((f) => f.includes('AlphaDown') && f.includes('GammaDown'), 'the alerts');
    await h.press('2');
    await h.press('G');
    await h.press('/');
    await h.press(draft);
    await h.waitFor(() => true, 'the draft applied', 50);
    // Esc, then `a` typed right after it: one read under tmux.
    await h.press('\u001ba');
    await h.waitFor(() => t.drafts.length > 0, 'the ack', 2000).catch(() => '');
    expect({acked: silenced(t.drafts), footer: h.lastFrame().split('\n').at(-1)}).toMatchObject({acked: ['GammaDown']});
  });
});
