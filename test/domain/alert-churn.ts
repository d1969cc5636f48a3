/**
 * Churning alert lists for property tests of the work kept from one poll to the next: alerts
 * resolve, arrive, change (a new object) and move, or nothing changes at all (the same list).
 */
import fc from 'fast-check';
import type {Alert} from '../../src/domain/alert.ts';
import {makeAlert} from './alert-fixture.ts';

/** Severities known and unknown, so ranks tie and differ. */
export const SEVERITIES = ['critical', 'warning', 'info', 'P1', 'none'];

let made = 0;

/**
 * A fresh alert of a few names, services and severities, so groups hold several and starts tie;
 * `starts` draws its start (null: unknown). Some are suppressed, some acked until `ackUntil`.
 */
export function alertArb(starts: fc.Arbitrary<number | null>, ackUntil: fc.Arbitrary<number> = fc.constant(0)): fc.Arbitrary<Alert> {
  return fc
    .record({name: fc.constantFrom('A', 'B', 'C'), service: fc.constantFrom('api', 'db', ''), severity: fc.constantFrom(...SEVERITIES), startsAt: starts, quiet: fc.constantFrom('no', 'no', 'suppressed', 'acked'), until: ackUntil})
    .map(({name, service, severity, startsAt, quiet, until}) =>
      makeAlert({
        fingerprint: `f${made++ % 40}`,
        name,
        severity,
        startsAt,
        state: quiet === 'no' ? 'firing' : 'suppressed',
        labels: {alertname: name, ...(service ? {service} : {})},
        annotations: {summary: `${name} on ${service}`},
        ...(quiet === 'acked' ? {silencedBy: ['s1'], ack: {by: 'primary', until, silenceId: 's1', comment: 'ACK! on it'}} : {}),
      }),
    );
}

/** One change of one poll. */
export type ChurnStep =
  | {kind: 'remove'; at: number}
  | {kind: 'add'; at: number; alert: Alert}
  | {kind: 'change'; at: number; severity: string; startsAt: number | null}
  | {kind: 'move'; at: number; to: number}
  | {kind: 'same'};

/** The changes of one poll, with alerts drawn by `alerts`. */
export function pollArb(alerts: fc.Arbitrary<Alert>, starts: fc.Arbitrary<number | null>): fc.Arbitrary<ChurnStep[]> {
  const step: fc.Arbitrary<ChurnStep> = fc.oneof(
    fc.record({kind: fc.constant('remove' as const), at: fc.nat()}),
    fc.record({kind: fc.constant('add' as const), at: fc.nat(), alert: alerts}),
    fc.record({kind: fc.constant('change' as const), at: fc.nat(), severity: fc.constantFrom(...SEVERITIES), startsAt: starts}),
    fc.record({kind: fc.constant('move' as const), at: fc.nat(), to: fc.nat()}),
    fc.record({kind: fc.constant('same' as const)}),
  );
  return fc.array(step, {maxLength: 6});
}

/** The list after one poll's changes; the list itself when nothing changed. */
export function applyChurn(list: Alert[], steps: readonly ChurnStep[]): Alert[] {
  if (steps.every((s) => s.kind === 'same')) return list;
  const next = [...list];
  for (const step of steps) {
    if (step.kind === 'add') next.splice(step.at % (next.length + 1), 0, step.alert);
    else if (next.length === 0 || step.kind === 'same') continue;
    else if (step.kind === 'remove') next.splice(step.at % next.length, 1);
    else if (step.kind === 'change') next[step.at % next.length] = {...next[step.at % next.length]!, severity: step.severity, startsAt: step.startsAt};
    else next.splice(step.to % next.length, 0, ...next.splice(step.at % next.length, 1));
  }
  return next;
}
