/** A compact alert builder for domain tests: only the fields a test cares about are given. */
import type {Alert} from '../../src/domain/alert.ts';

/** Builds an alert with neutral defaults, overridden by `over`. */
export function makeAlert(over: Partial<Alert> & {fingerprint: string}): Alert {
  const name = over.name ?? 'HighErrorRate';
  return {
    name,
    severity: 'warning',
    state: 'firing',
    labels: {alertname: name},
    annotations: {},
    startsAt: 1_000,
    generatorUrl: null,
    silencedBy: [],
    inhibitedBy: [],
    seenBy: ['am-a'],
    ack: null,
    ...over,
  };
}
