/**
 * A context whose one Alertmanager answers the alerts a test sets between polls and keeps the
 * silences sent: the rig of the moved-row guard's dashboard tests.
 */
import type {Alert, SilenceDraft} from '../../src/domain/alert.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {T0} from '../queries/fakes.ts';

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

/** 31 alerts of one name differing by pod (`web-00` … `web-30`), newest first: an ack whose silence leaves `pod` out covers them all. */
export function crashLoopingAlerts(): Alert[] {
  return Array.from({length: 31}, (_, i) => {
    const pod = `web-${String(i).padStart(2, '0')}`;
    return makeAlert({fingerprint: `fp-${i}`, name: 'PodCrashLooping', severity: 'warning', labels: {alertname: 'PodCrashLooping', service: 'web', pod}, startsAt: T0 - 60_000 * (i + 1)});
  });
}

/**
 * DiskFull firing alone, then PaymentsDown (critical, older: it sorts on top) added by a poll and
 * resolved by another: the newcomer that lands under a cursor the user did not move.
 */
export function diskThenPaymentsRig() {
  const disk = makeAlert({fingerprint: 'fp-disk', name: 'DiskFull', severity: 'critical', labels: {alertname: 'DiskFull', service: 'db'}, startsAt: T0 - 600_000});
  const pay = makeAlert({fingerprint: 'fp-pay', name: 'PaymentsDown', severity: 'critical', labels: {alertname: 'PaymentsDown', service: 'payments'}, startsAt: T0 - 60_000_000});
  const r = alertsRig([disk]);
  return {...r, addPayments: () => r.set([disk, pay]), resolvePayments: () => r.set([disk])};
}
