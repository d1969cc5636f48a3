/**
 * A scripted Alertmanager for ack tests: each createSilence/expireSilence call takes the next
 * scripted answer (`ok`, or a failure kind), records the call, and keeps the silences it created
 * so listSilences and "did a retry create a second one?" can be checked.
 */
import type {Alert, Silence, SilenceDraft} from '../../src/domain/alert.ts';
import {ExpiryMayHaveLanded, SilenceMayExist, SilenceNotFound, SourceFailure, type SourceErrorKind, type SourceHandle, type AlertLister, type SilenceCreator, type SilenceExpirer, type SilenceLister} from '../../src/sources/capabilities.ts';

/**
 * One scripted answer: succeed, fail with a kind, or create the silence and then time out (its
 * answer lost); for an expiry, expire it and then time out. `sent-then-timeout` times out with
 * nothing done: the silence not created, or still active.
 */
export type Scripted = 'ok' | SourceErrorKind | 'created-then-timeout' | 'not-found' | 'expired-then-timeout' | 'sent-then-timeout';

/**
 * A fake Alertmanager that answers from a script (the last answer repeats). With `listDelayMs`,
 * a silence list is what was there when the read arrived, answered that much later: a read in
 * flight does not see a silence created meanwhile.
 */
export function scriptedAlertmanager(name: string, script: {create?: Scripted[]; expire?: Scripted[]; list?: Scripted[]; listDelayMs?: number} = {}, alerts: () => Alert[] = () => []) {
  const created: Silence[] = [];
  const createCalls: SilenceDraft[] = [];
  const expireCalls: string[] = [];
  let listCalls = 0;
  let counter = 0;
  const next = (list: Scripted[] | undefined, i: number): Scripted => list?.[Math.min(i, list.length - 1)] ?? 'ok';
  const fail = (kind: SourceErrorKind, what: string) => new SourceFailure(kind, `${name}: ${what} (${kind})`);
  const capabilities: AlertLister & SilenceLister & SilenceCreator & SilenceExpirer = {
    async listAlerts() {
      return {value: alerts(), warnings: []};
    },
    async listSilences() {
      const answer = next(script.list, listCalls++);
      if (answer !== 'ok') throw fail(answer as SourceErrorKind, 'list');
      const value = created.map((s) => ({...s}));
      if (script.listDelayMs) await new Promise((resolve) => setTimeout(resolve, script.listDelayMs));
      return {value, warnings: []};
    },
    async createSilence(draft) {
      const answer = next(script.create, createCalls.length);
      createCalls.push(draft);
      if (answer === 'ok' || answer === 'created-then-timeout') {
        // Like Alertmanager: a replacement expires the old silence and gets a new id.
        if (draft.id) {
          const old = created.find((s) => s.id === draft.id);
          // Expired as Alertmanager expires: its end and last change set to the same instant.
          if (old) Object.assign(old, {state: 'expired', endsAt: Date.now(), updatedAt: Date.now()});
        }
        const id = `${name}-s${++counter}`;
        created.push({...draft, id, state: 'active'});
        // As the adapter says it: the request went out, so the silence may exist.
        if (answer === 'created-then-timeout') throw new SilenceMayExist('timeout', `${name}: the request timed out after it was sent (no answer within 10000 ms)`);
        return id;
      }
      if (answer === 'not-found') throw fail('bad-response', 'silence not found');
      if (answer === 'sent-then-timeout') throw new SilenceMayExist('timeout', `${name}: the request timed out after it was sent (no answer within 10000 ms)`);
      throw fail(answer as SourceErrorKind, 'silence rejected');
    },
    async expireSilence(id) {
      const answer = next(script.expire, expireCalls.length);
      expireCalls.push(id);
      if (answer === 'not-found') throw new SilenceNotFound(`${name}: could not expire silence ${id}: silence not found`);
      const lost = () => new ExpiryMayHaveLanded('timeout', `${name}: the request timed out after it was sent (no answer within 10000 ms)`);
      if (answer === 'sent-then-timeout') throw lost();
      if (answer !== 'ok' && answer !== 'expired-then-timeout') throw fail(answer as SourceErrorKind, 'expire');
      const s = created.find((x) => x.id === id);
      if (s) Object.assign(s, {state: 'expired', endsAt: Date.now(), updatedAt: Date.now()});
      if (answer === 'expired-then-timeout') throw lost();
    },
  };
  const handle: SourceHandle<typeof capabilities> = {name, kind: 'alertmanager', capabilities};
  return {
    handle,
    created,
    createCalls,
    expireCalls,
    get listCalls() {
      return listCalls;
    },
  };
}
