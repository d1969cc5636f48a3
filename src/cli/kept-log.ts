/**
 * The keeper's outcomes for the one-shot `status` and `alerts`: the action log read once per
 * command, and what each acked alert and each Alertmanager entry of their documents gain from it.
 */
import {keeperClock} from '../domain/ack-keeping.ts';
import {keptFromLog, type KeptLookup, type LoggedKeep} from '../domain/kept-log.ts';
import {sanitize} from '../domain/sanitize.ts';
import type {StatusDocument} from '../domain/status-document.ts';
import {NO_LOG_PLACE, readActionLog} from '../platform/action-log.ts';
import {userActionLogPath} from '../platform/paths.ts';
import type {Env} from './compose.ts';

/** The log read: the lookup, or why it could not be read (then nothing is said of any ack's keeping). */
export type KeptLog = {lookup: KeptLookup; warning: null} | {lookup: null; warning: string};

/** Reads the action log (the demo's own when `demo`) once; a missing log has no outcomes, an unreadable one is a warning. */
export async function readKeptLog(env: Env, demo = false): Promise<KeptLog> {
  const path = userActionLogPath(env, demo);
  if (path === null) return {lookup: null, warning: `action log not readable (${NO_LOG_PLACE}): what ack-until-resolved did to each ack (kept) is not known`};
  try {
    return {lookup: keptFromLog(await readActionLog(path)), warning: null};
  } catch (error) {
    const code = (error as {code?: unknown}).code;
    // Never taken for an empty log: that would read as "the keeper did nothing to these acks".
    return {lookup: null, warning: `action log ${path} not readable${typeof code === 'string' ? ` (${code})` : ''}: what ack-until-resolved did to each ack (kept) is not known`};
  }
}

/** An acked alert as {@link keptField} needs it: its ack, and every ack silence it has. */
export interface KeptAlert {
  ack: {silenceId: string} | null | undefined;
  /** Every ack silence of the alert (see `Alert.ackSilenceIds`); absent when only `ack`'s. */
  ackSilenceIds?: readonly string[] | undefined;
}

// Worst first: one ack silence not extended still pages once it ends, whatever the others did.
const KEPT_RANK = {failed: 0, unknown: 1, extended: 2} as const;

/**
 * The `kept` of one acked alert of context `context`: the worst of what the log says of each of
 * its ack silences (unclustered Alertmanagers each hold the ack under an id of their own, and
 * one failed extension among them is the ack's); of equals, the latest. Absent when the alert
 * is not acked, or the log says nothing of any of them.
 */
export function keptField(log: KeptLog | undefined, context: string, alert: KeptAlert): {kept?: LoggedKeep} {
  const lookup = log?.lookup;
  if (!alert.ack || !lookup) return {};
  let kept: LoggedKeep | undefined;
  for (const id of new Set([alert.ack.silenceId, ...(alert.ackSilenceIds ?? [])])) {
    const k = lookup(context, id);
    if (k === undefined) continue;
    if (kept === undefined || KEPT_RANK[k.status] < KEPT_RANK[kept.status] || (k.status === kept.status && k.at > kept.at)) kept = k;
  }
  return kept ? {kept} : {};
}

/** The source entries with the log's warning added to each Alertmanager's: the acks the keeper keeps are theirs. */
export function sourcesWithLogWarning<S extends {kind: string; warnings: string[]}>(sources: S[], log: KeptLog | undefined): S[] {
  const warning = log?.warning;
  if (!warning) return sources;
  return sources.map((s) => (s.kind === 'alertmanager' ? {...s, warnings: [...s.warnings, warning]} : s));
}

/** The text form of a `kept`: `, kept: NOT EXTENDED at 10:00:00Z: why`. */
export function keptText(kept: LoggedKeep | undefined): string {
  if (!kept) return '';
  const word = kept.status === 'extended' ? 'extended' : kept.status === 'failed' ? 'NOT EXTENDED' : 'EXTENSION UNKNOWN';
  return `, kept: ${word} at ${keeperClock(Date.parse(kept.at))}${kept.error === null ? '' : `: ${sanitize(kept.error)}`}`;
}

/** `doc` with the keeper's outcomes of its acked alerts, and the log's warning on its Alertmanagers when unreadable. */
export function statusWithKept(doc: StatusDocument, log: KeptLog | undefined): StatusDocument {
  if (!log) return doc;
  return {...doc, sources: sourcesWithLogWarning(doc.sources, log), alerts: doc.alerts.map((a) => (a.ack ? {...a, ...keptField(log, doc.context, a)} : a))};
}
