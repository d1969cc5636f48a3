/**
 * A context whose one Alertmanager answers the alerts a test sets between polls and keeps the
 * silences sent: the rig of the moved-row guard's dashboard tests.
 */
import type {Alert, SilenceDraft} from '../../src/domain/alert.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';

/** The context `prod` answering `initial` until `set` changes what its next poll reads. */
export function alertsRig(initial: Alert[]): {services: ContextServices; drafts: SilenceDraft[]; set(next: Alert[]): void} {
  let alerts = initial;
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
  return {services, drafts, set: (next) => void (alerts = next)};
}

/** The value of `label` in each silence sent, in order: what was silenced. */
export const silencedBy = (drafts: readonly SilenceDraft[], label: string) => drafts.map((d) => d.matchers.find((m) => m.name === label)?.value);

/** The line of a frame holding the selection mark. */
export const selectedLine = (frame: string) => frame.split('\n').find((l) => l.includes('› ')) ?? '';
