/**
 * What a retrying ack cannot learn from its own process: another process (`oncall unack` in
 * another pane, a second dashboard's `u`) unacked the alert while this ack waited to retry. That
 * unack expired what this ack had already landed and, finding nothing yet where this ack still
 * retries, reported `unacked`; the next retry would put a silence back. The Alertmanagers are the
 * state both processes share, so before each retry the silences where this ack landed are read
 * again: one of its silences listed expired with no active ack of the same matchers by the same
 * author beside it was unacked (an update that replaced it, by this process's keeper or a newer
 * ack, leaves that active ack beside it).
 */
import {unackedAckIds, type AckDraft} from '../domain/ack-plan.ts';
import type {ContextServices} from '../sources/capabilities.ts';
import type {SilenceProgress} from './silence-results.ts';

/**
 * Whether a silence this ack landed (`progress.results`) is now shown unacked by the Alertmanager
 * that took it, before the ack's end (`now`: the clock of the retry). A source whose silences
 * cannot be read says nothing: the retry goes on, as it would have (README says so, as a limit).
 */
export async function landedAckUnackedElsewhere(services: ContextServices, drafts: readonly AckDraft[], progress: SilenceProgress, prefix: string, now: number): Promise<boolean> {
  // Per source, the landed silence ids and the draft that landed each.
  const landed = new Map<string, Map<string, AckDraft>>();
  for (const d of drafts) {
    for (const r of Object.values(progress.results)) {
      if (!r.ok || r.silenceId === undefined || r.incident !== undefined || r.fingerprint !== d.alert.fingerprint) continue;
      const ids = landed.get(r.source) ?? new Map<string, AckDraft>();
      ids.set(r.silenceId, d);
      landed.set(r.source, ids);
    }
  }
  const reads = [...landed].map(async ([name, ids]) => {
    const list = services.alertSources.find((s) => s.name === name)?.capabilities.listSilences;
    if (!list) return false;
    const silences = await list({forAction: true}).then((r) => r.value, () => null);
    if (silences === null) return false;
    // Once per author over this source's silences, not once per landed id.
    const byAuthor = new Map<string, Set<string>>();
    const unackedBy = (author: string) => byAuthor.get(author) ?? byAuthor.set(author, unackedAckIds(silences, {prefix, author})).get(author)!;
    // Only before the end the ack chose: one that ran out was not unacked (and its retry ends anyway).
    return [...ids].some(([id, d]) => d.draft.endsAt > now && unackedBy(d.draft.createdBy).has(id));
  });
  return (await Promise.all(reads)).some(Boolean);
}
