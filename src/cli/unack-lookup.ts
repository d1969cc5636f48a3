/**
 * Whether a word `oncall unack` was given names a silence at all, asked before anything is sent:
 * a word that is neither an alert's fingerprint nor a silence's id must not go out as a DELETE
 * whose "silence not found" answer reads as an Alertmanager's failure.
 */
import type {ContextServices} from '../sources/capabilities.ts';

/** What the context's Alertmanagers say of a silence id; `on` names the sources that listed it. */
export type SilenceLookup = {state: 'present'; on: string[]; expiredOn: string[]} | {state: 'absent'} | {state: 'unread'};

/**
 * `absent` only when every alert source that holds silences was read and none has a silence
 * with `id` (in any state); `present` when one has it; `unread` when one could not be read and
 * none that was has it (the id may be there: the caller goes on as before).
 */
export async function lookUpSilence(services: ContextServices, id: string): Promise<SilenceLookup> {
  const holders = services.alertSources.filter((s) => typeof s.capabilities.listSilences === 'function');
  const reads = await Promise.allSettled(holders.map((s) => s.capabilities.listSilences!.call(s.capabilities, {forAction: true})));
  const found = holders.map((_, i) => {
    const r = reads[i]!;
    return r.status === 'fulfilled' ? r.value.value.find((s) => s.id === id) : undefined;
  });
  const on = holders.filter((_, i) => found[i] !== undefined);
  // Expired already (by a colleague, or by its end): the DELETE is answered 200 and changes nothing.
  const expiredOn = holders.filter((_, i) => found[i]?.state === 'expired');
  if (on.length > 0) return {state: 'present', on: on.map((s) => s.name), expiredOn: expiredOn.map((s) => s.name)};
  return reads.every((r) => r.status === 'fulfilled') ? {state: 'absent'} : {state: 'unread'};
}
