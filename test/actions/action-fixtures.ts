/** Data and fake deps for the action record and runner tests: plain objects, no React, no Ink. */
import {vi} from 'vitest';
import type {Opener, Pager} from '../../src/actions/action-io.ts';
import type {ActionData, ActionDeps, RowIdentity} from '../../src/actions/action-record.ts';
import type {Alert} from '../../src/domain/alert.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices} from '../queries/fakes.ts';

export const NOW = 1_700_000_000_000;

// Two pods of one service: an ack of one, without the volatile `pod` label, silences both.
export const podA = makeAlert({fingerprint: 'a', name: 'CrashLoop', labels: {alertname: 'CrashLoop', service: 'api', pod: 'api-1'}});
export const podB = makeAlert({fingerprint: 'b', name: 'CrashLoop', labels: {alertname: 'CrashLoop', service: 'api', pod: 'api-2'}});
export const web = makeAlert({fingerprint: 'c', name: 'WebDown', labels: {alertname: 'WebDown', service: 'web'}});

/** The data on screen: the alerts, a group header `g:api` over podA and podB, and a lone `web`. */
export function actionData(alerts: Alert[] = [podA, podB, web], over: Partial<ActionData> = {}): ActionData {
  const rows: RowIdentity[] = [
    {key: 'g:api', group: {label: 'service=api', ids: ['a', 'b']}},
    {key: 'a:a', parent: 'g:api'},
    {key: 'a:b', parent: 'g:api'},
    {key: 'a:c'},
  ];
  return {
    now: NOW,
    services: emptyServices(),
    alerts: new Map(alerts.map((a) => [`a:${a.fingerprint}`, a])),
    alertRows: rows,
    deploys: [],
    ackStates: new Map(),
    ack: {durationMs: 15 * 60_000, author: 'oncall@test', prefix: 'ACK!', volatileLabels: ['pod']},
    ...over,
  };
}

/** Fake deps that record what the records asked for. */
export function fakeDeps(over: {pager?: Partial<Pager>; opener?: Opener; env?: Record<string, string>} = {}) {
  const copied: string[] = [];
  const deps = {
    terminal: {env: over.env ?? {}, copy: (text: string) => void copied.push(text)},
    pager: {
      read: vi.fn(async () => ({ok: false as const, error: 'no such file'})),
      command: () => null,
      busy: () => false,
      page: vi.fn(async () => ({ok: true as const})),
      ...over.pager,
    },
    opener: over.opener ?? {open: vi.fn(async () => ({opened: true, reason: ''}))},
    alerts: {
      send: vi.fn(async (_plan, what: string) => ({text: `acked ${what}`, tone: 'ok' as const})),
      complete: vi.fn(async (a: Alert) => ({text: `completed ${a.name}`, tone: 'ok' as const})),
      unack: vi.fn(async (a: Alert) => ({text: `unacked ${a.name}`, tone: 'ok' as const})),
      unackGroup: vi.fn(async (_alerts: readonly Alert[], what: string) => ({text: `unacked ${what}`, tone: 'ok' as const})),
      retry: vi.fn(async (a: Alert) => ({text: `retried ${a.name}`, tone: 'ok' as const})),
    },
    rollbacks: {start: vi.fn(async () => ({ok: true, text: 'rollback started'}))},
  } satisfies ActionDeps;
  return {deps, copied};
}
