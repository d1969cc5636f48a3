/**
 * The demo's alert backends: an Alertmanager (firing and suppressed alerts, plus silences) and a
 * Prometheus (alerts still pending, which Alertmanager never sees). Which alerts are active, and
 * whether they are silenced or inhibited, is worked out from the clock at every call.
 */
import type {Alert} from '../../domain/alert.ts';
import type {AlertLister, SilenceCreator, SilenceExpirer, SilenceLister, Sourced} from '../capabilities.ts';
import type {DemoAlertBackend, DemoAlertSpec} from './demo-scenario-alerts.ts';
import type {DemoSilences} from './demo-silences.ts';

/** The demo Alertmanager: alerts and every silence capability. */
export type DemoAlertmanager = AlertLister & SilenceLister & SilenceCreator & SilenceExpirer;

/** What the demo alerts need from the rest of the demo. */
export interface DemoAlertDeps {
  now: () => number;
  /** T0 of the scenario, in epoch ms. */
  t0: number;
  specs: readonly DemoAlertSpec[];
  silences: DemoSilences;
  /** An SLO's error ratio over the `windowMs` ending at `at`. */
  ratioAt: (slo: string, at: number, windowMs: number) => number | null;
  /** Source names, reported in `seenBy`. */
  names: Record<DemoAlertBackend, string>;
}

/** True when the alert exists at `at`: started, and its condition (if any) holds. */
export function isAlertActive(spec: DemoAlertSpec, t0: number, at: number, ratioAt: DemoAlertDeps['ratioAt']): boolean {
  if (at < t0 + spec.startsOffsetMs) return false;
  if (!spec.activeWhile) return true;
  const ratio = ratioAt(spec.activeWhile.slo, at, spec.activeWhile.windowMs);
  return ratio !== null && ratio > spec.activeWhile.above;
}

/** Creates the two demo alert backends over one silence store. */
export function createDemoAlerts(deps: DemoAlertDeps): {alertmanager: DemoAlertmanager; prometheus: AlertLister} {
  const {now, t0, specs, silences, ratioAt, names} = deps;

  const list = (backend: DemoAlertBackend): Sourced<Alert[]> => {
    const at = now();
    const active = specs.filter((spec) => isAlertActive(spec, t0, at, ratioAt));
    const activeFingerprints = new Set(active.map((spec) => spec.fingerprint));
    const value = active
      .filter((spec) => spec.backend === backend)
      .map((spec): Alert => {
        // Pending alerts live in Prometheus only: no silence or inhibition applies to them yet.
        const silencedBy = spec.pending ? [] : silences.silencing(spec.labels);
        const inhibitedBy = spec.pending ? [] : (spec.inhibitedBy ?? []).filter((fp) => activeFingerprints.has(fp));
        const suppressed = silencedBy.length > 0 || inhibitedBy.length > 0;
        return {
          fingerprint: spec.fingerprint,
          name: spec.labels['alertname'] ?? '',
          severity: spec.labels['severity'] ?? '',
          state: spec.pending ? 'pending' : suppressed ? 'suppressed' : 'firing',
          labels: {...spec.labels},
          annotations: {...spec.annotations},
          startsAt: t0 + spec.startsOffsetMs,
          generatorUrl: spec.generatorUrl,
          silencedBy,
          inhibitedBy,
          seenBy: [names[backend]],
          ack: null, // acks are recognised above sources/, from the silences (see alert-queries)
        };
      });
    return {value, warnings: []};
  };

  return {
    alertmanager: {
      listAlerts: async () => list('alertmanager'),
      listSilences: () => silences.listSilences(),
      createSilence: (draft) => silences.createSilence(draft),
      expireSilence: (id) => silences.expireSilence(id),
    },
    prometheus: {listAlerts: async () => list('prometheus')},
  };
}
