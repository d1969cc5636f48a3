/**
 * How a silence write whose answer was lost (an ack's POST, an unack's DELETE, an ack keeper's
 * extension: a timeout or a dropped connection after sending, a 5xx) is settled, in one place for
 * all three: the silences are read back and say whether it landed, and a cluster's peers are
 * tried in an order that never sends a silence to a second peer while it may be on the first.
 */
import {landedAck} from '../domain/ack-targets.ts';
import type {Silence, SilenceDraft} from '../domain/alert.ts';
import {SourceFailure, type SilenceLister} from '../sources/capabilities.ts';
import {describeFailure} from './source-outcome.ts';
import type {SilenceResult} from './silence-results.ts';

/** What a look at the silences read back found: the write in place (what it gives), or why it is not. */
export type Look<T> = {found: T} | {missing: string};

/** What the silences read back say of a write whose answer was lost. */
export type ReadBack<T> =
  /** It landed: done, nothing to send again. */
  | {outcome: 'landed'; found: T}
  /** Read back, it is not there: it did not land, and sending it again is safe. */
  | {outcome: 'failed'; error: string}
  /** The silences could not be read: it may or may not have landed. Neither ok nor failed. */
  | {outcome: 'unknown'; error: string};

/** What {@link readBack} is given. */
export interface ReadBackOf<T> {
  /** The source the write went to. */
  source: {name: string; capabilities: Partial<SilenceLister>};
  /** The error that lost the answer. */
  error: unknown;
  /** What may be so when the silences cannot be read (`the silence may exist`). */
  mayHave: string;
  /** Looks for the write among the silences read back. */
  look: (silences: Silence[]) => Look<T>;
}

/**
 * A look for this very ack or extension among the silences read back ({@link landedAck}: our
 * own ack of its matchers, with its comment and its end to the millisecond): its id when there.
 */
export function landedLook(draft: SilenceDraft, prefix: string, missing: string): (silences: Silence[]) => Look<string> {
  return (silences) => {
    const landed = landedAck(silences, draft, prefix);
    return landed ? {found: landed.id} : {missing};
  };
}

/**
 * Reads the silences of the source a write went to back, after its answer was lost, and says
 * whether it landed. The read is an action's own request (`forAction`): a read already in flight
 * may have been sent before the write, and would take a write that landed for one that did not.
 * The errors say what the lost answer was, then what the read-back found.
 */
export async function readBack<T>({source, error, mayHave, look}: ReadBackOf<T>): Promise<ReadBack<T>> {
  const lost = describeFailure(error);
  let silences: Silence[];
  try {
    const list = source.capabilities.listSilences;
    if (!list) throw new SourceFailure('bad-response', `${source.name} cannot list silences`);
    silences = (await list.call(source.capabilities, {forAction: true})).value;
  } catch (readError) {
    return {outcome: 'unknown', error: `${lost}; ${mayHave} (reading the silences back failed too: ${describeFailure(readError)})`};
  }
  const seen = look(silences);
  return 'found' in seen ? {outcome: 'landed', found: seen.found} : {outcome: 'failed', error: `${lost}; read back, ${seen.missing}`};
}

/**
 * The result of an ack's or unack's write whose answer was lost (`lost`, its failure), once read
 * back: what `landed` makes of it when it landed; else logged through `record` and returned as
 * failed (retried as `lost` says) or as unknown (retried: the next try reads the silences first).
 */
export async function settledResult<T>(
  lost: SilenceResult,
  back: ReadBack<T>,
  landed: (found: T) => Promise<SilenceResult>,
  record: (phase: 'unknown' | 'failure', error: string) => Promise<void>,
): Promise<SilenceResult> {
  if (back.outcome === 'landed') return landed(back.found);
  if (back.outcome === 'unknown') {
    await record('unknown', back.error);
    return {...lost, unknown: true, retryable: true, error: back.error};
  }
  await record('failure', back.error);
  return {...lost, error: back.error};
}

/** Whether a write that ended unknown on one peer may be sent to the next in the same try. */
export interface PeerPolicy {
  /**
   * `stop` for a silence POST: the silence may be on that peer and not yet gossiped, and sent
   * to the next it would be a second one. `next` for an expiry: expiring twice is harmless.
   */
  afterUnknownWrite: 'stop' | 'next';
}

/**
 * One try of one write on a group's peers (an HA cluster; a lone source is a group of one). The
 * peers are asked in order, the next whenever one failed: a peer down, or one whose way in
 * answers a sign-in page or a proxy's error, says nothing of the others. Only the Alertmanager's
 * own refusal of the write (`refused`: every peer would refuse it) ends the try, and, under
 * `stop`, a write that may have landed. On a retry the peer an earlier write may have landed on
 * (`prior` unknown) is asked first, so its read settles it and another peer's refusal can
 * neither end the try before it is asked nor be reported in its place. What no peer settles stays unknown: it is never made a failure.
 * A failure is retryable when any peer's was (one blipped while the last failed for good), unless
 * the Alertmanager refused it.
 * `tryOne` sets `write.sent` once its write went out, whatever its answer.
 */
export async function tryPeers(
  peers: readonly string[],
  prior: SilenceResult | undefined,
  tryOne: (name: string, write: {sent: boolean}) => Promise<SilenceResult>,
  policy: PeerPolicy,
): Promise<SilenceResult> {
  let result: SilenceResult | null = null;
  let unknown: SilenceResult | null = null;
  // Whether a peer failed in a way that may pass (down, a timeout): the try is then retried even
  // when the last peer failed for good, since that peer may answer later.
  let mayPass = false;
  const order = prior?.unknown ? [prior.source, ...peers.filter((s) => s !== prior.source)] : peers;
  for (const name of order) {
    const write = {sent: false};
    result = await tryOne(name, write);
    if (result.unknown) unknown ??= result;
    if (!result.ok && result.retryable) mayPass = true;
    if (result.ok || result.refused) break;
    // Only a peer that could not even be written to hands over when a second write would be a
    // second silence; on a later try, with gossip's time gone by, a peer that answers reads
    // the silences and settles it.
    if (policy.afterUnknownWrite === 'stop' && result.unknown && write.sent) break;
  }
  if (unknown !== null && !result!.ok) return unknown;
  // Only the Alertmanager's own refusal is final for the whole cluster (it ends the loop, so it
  // is the last result): every peer would refuse it again.
  if (!result!.ok && !result!.refused && !result!.retryable && mayPass) return {...result!, retryable: true};
  return result!;
}
