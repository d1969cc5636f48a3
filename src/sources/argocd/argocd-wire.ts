/**
 * Argo CD wire shapes (an Application, an application list) and what the dashboard reads from
 * them: the sync history as deploys, whether auto-sync is on, and the phase of the operation a
 * rollback started. Only the fields we read are declared, each one optional.
 */
import {z} from 'zod';
import {isCommitSha, sameCommit, type Deploy, type DeployHealth, type DeployStatus} from '../../domain/deploy.ts';
import {decodeEach, finishedField, idField, looseTime, optionalText, shortSha} from '../ci/ci-wire.ts';

// Who started a sync: a user, or auto-sync.
const initiatorSchema = z.object({username: optionalText, automated: z.boolean().nullish()}).nullish();

/** One entry of `status.history` (an entry is written when a sync succeeds); its times are judged by the refine below. */
export const historyEntrySchema = z
  .object({
    id: idField,
    revision: optionalText,
    revisions: z.array(z.string()).nullish(),
    deployedAt: looseTime,
    deployStartedAt: looseTime,
    initiatedBy: initiatorSchema,
  })
  .refine((h) => h.deployStartedAt !== null || h.deployedAt !== null, {message: 'no deployedAt', path: ['deployedAt']});

const revisionsSchema = z.object({revision: optionalText, revisions: z.array(z.string()).nullish()}).nullish();

/** An Application, as `GET /api/v1/applications/{name}` and the list return it. */
export const applicationSchema = z.object({
  metadata: z.object({name: optionalText, namespace: optionalText}).nullish(),
  spec: z
    .object({
      project: optionalText,
      destination: z.object({name: optionalText, namespace: optionalText}).nullish(),
      syncPolicy: z.object({automated: z.object({enabled: z.boolean().nullish()}).nullish()}).nullish(),
      // How many history entries Argo CD keeps (10 when unset): a history that long may have lost older ones.
      revisionHistoryLimit: z.number().int().nonnegative().nullish(),
    })
    .nullish(),
  // A requested operation the controller has not picked up yet.
  operation: z.object({sync: revisionsSchema}).nullish(),
  status: z
    .object({
      history: z.array(z.unknown()).nullish(),
      sync: z.object({status: optionalText, revision: optionalText}).nullish(),
      health: z.object({status: optionalText}).nullish(),
      operationState: z
        .object({
          phase: optionalText,
          message: optionalText,
          startedAt: looseTime,
          // Set once the operation is over (succeeded, failed, errored).
          finishedAt: looseTime,
          operation: z.object({sync: revisionsSchema, initiatedBy: initiatorSchema}).nullish(),
          // The concrete revision the sync resolved to, written when it starts.
          syncResult: revisionsSchema,
        })
        .nullish(),
    })
    .nullish(),
});

/** `GET /api/v1/applications`: `items` is null when there are none. */
export const applicationListSchema = z.object({items: z.array(z.unknown()).nullish()});

/** A decoded Application. */
export type WireApplication = z.output<typeof applicationSchema>;
/** A decoded history entry. */
export type WireHistoryEntry = z.output<typeof historyEntrySchema>;

/** True when auto-sync is on: `automated` present, unless `enabled: false` (Argo CD 3.x) turns it off. */
export function autoSyncOn(app: WireApplication): boolean {
  const automated = app.spec?.syncPolicy?.automated;
  return automated !== null && automated !== undefined && automated.enabled !== false;
}

/** The version a history entry shows: its short revision (all of them for a multi-source app). */
export function entryVersion(entry: Pick<WireHistoryEntry, 'revision' | 'revisions'>): string {
  if (entry.revision) return shortSha(entry.revision);
  return (entry.revisions ?? []).map((r) => shortSha(r)).join('+');
}

/** What an entry deployed, whole: its revision, or a multi-source entry's revisions joined. */
export function fullRevision(entry: Pick<WireHistoryEntry, 'revision' | 'revisions'>): string {
  return entry.revision || (entry.revisions ?? []).join('+');
}

/**
 * True when two entries (or an operation and an entry) deployed the same revision(s). A commit is
 * compared as one ({@link sameCommit}: any case, a short sha as its full one), since a sync
 * requested by `--revision 2222222` names the newest entry's commit by its first digits until it
 * resolves; anything else (a chart version, a branch) only by its exact text.
 */
export function sameRevision(a: Pick<WireHistoryEntry, 'revision' | 'revisions'>, b: Pick<WireHistoryEntry, 'revision' | 'revisions'>): boolean {
  const [x, y] = [revisionsOf(a), revisionsOf(b)];
  return x.length > 0 && x.length === y.length && x.every((r, i) => r === y[i] || sameCommit(r, y[i]));
}

/** The revision an entry deployed, or each of a multi-source entry's, in order. */
export function revisionsOf(entry: Pick<WireHistoryEntry, 'revision' | 'revisions'>): readonly string[] {
  return entry.revision ? [entry.revision] : (entry.revisions ?? []);
}

/**
 * The entry each entry rolled back from, or null, index for index with `entries` (newest first).
 * Argo CD's history marks no rollback: a rollback re-syncs an earlier entry's revision. An entry
 * is taken for a rollback of the entry just before it only when it goes *back*: its revision first
 * appeared before that entry's revision first appeared. Not a rollback: a plain re-sync (the same
 * revision as the entry before), a revision seen for the first time, and putting back a revision
 * that was itself rolled back from (it was innocent, the trouble was elsewhere) — reading that as a
 * rollback would make the good version it replaced look bad, and the next rollback skip it. Once put
 * back, a revision is cleared: going back to it later, from a newer revision, is a rollback again.
 */
export function rollbackMarks(entries: readonly WireHistoryEntry[]): (WireHistoryEntry | null)[] {
  const marks: (WireHistoryEntry | null)[] = entries.map(() => null);
  // Position of each revision's first appearance, oldest entry 0.
  const firstSeen = new Map<string, number>();
  const rolledBackFrom = new Set<string>();
  for (let i = entries.length - 1, k = 0; i >= 0; i--, k++) {
    const revision = fullRevision(entries[i]!);
    const before = entries[i + 1];
    const previous = before === undefined ? '' : fullRevision(before);
    const seen = firstSeen.get(revision);
    const previousSeen = firstSeen.get(previous);
    // A plain re-sync has seen === previousSeen: not older.
    if (before !== undefined && revision !== '' && seen !== undefined && previousSeen !== undefined && seen < previousSeen && !rolledBackFrom.has(revision)) {
      marks[i] = before;
      rolledBackFrom.add(previous);
    } else if (revision !== previous) {
      // Put back without being a rollback: cleared, so a later return to it is a rollback again.
      rolledBackFrom.delete(revision);
    }
    if (seen === undefined) firstSeen.set(revision, k);
  }
  return marks;
}

/** The application's history, newest (highest id) first, and a line per entry that did not decode. */
export function historyOf(app: WireApplication): {entries: WireHistoryEntry[]; skipped: string[]} {
  const {items, skipped} = decodeEach(historyEntrySchema, app.status?.history ?? []);
  return {entries: items.sort((a, b) => Number(b.id) - Number(a.id)), skipped: skipped.map((s) => `history${s}`)};
}

/**
 * What the current sync says about the newest history entry. An entry is written only once its
 * sync succeeded, so an application left Degraded (or Missing) runs that entry's revision: it is
 * the live deploy (`success`), with its health said apart ({@link currentHealth}). Taking it for a
 * failure made the entry before it "live" and a rollback skip a good version. For the same reason
 * a failed operation never makes the entry a failure: whatever failed, the entry still runs. A
 * running operation of another revision is a deploy of its own ({@link syncInFlight}); this reads
 * only one of the entry's own revision, or of a revision not known yet.
 */
export function currentStatus(app: WireApplication): DeployStatus {
  const phase = app.status?.operationState?.phase ?? null;
  if (phase === 'Running' || phase === 'Terminating') return 'in_progress';
  switch (app.status?.health?.status) {
    case 'Degraded':
    case 'Missing':
      return 'success';
    case 'Progressing':
      return 'in_progress';
    case 'Healthy':
    case 'Suspended':
      return 'success';
  }
  if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Error') return 'success';
  return 'unknown';
}

/** The revision(s) of the current operation, or null when they are not known yet. */
function operationRevisions(app: WireApplication): Pick<WireHistoryEntry, 'revision' | 'revisions'> | null {
  const state = app.status?.operationState;
  const resolved = state?.syncResult;
  if (resolved?.revision || resolved?.revisions?.length) return {revision: resolved.revision, revisions: resolved.revisions ?? null};
  // Until the sync resolves it, the request may name a branch or HEAD: only commits are taken as they are.
  const requested = state?.operation?.sync;
  const named = requested?.revision ? [requested.revision] : (requested?.revisions ?? []);
  return named.length > 0 && named.every((r) => isCommitSha(r)) ? {revision: requested?.revision ?? null, revisions: requested?.revisions ?? null} : null;
}

/**
 * The current operation as a history entry of its own, when it syncs another revision than the
 * newest entry's and is running or failed, else null. Argo CD writes an entry only once its sync
 * succeeded: until then the newest entry is what runs, and the sync in flight (or the one that
 * failed) would be invisible — a bad revision rolling out now never suspect. Its id is
 * `sync-STARTED`, one per operation.
 */
export function syncInFlight(app: WireApplication, newest: WireHistoryEntry | undefined): WireHistoryEntry | null {
  const state = app.status?.operationState;
  const status = phaseStatus(state?.phase ?? null);
  const startedAt = state?.startedAt ?? null;
  if (startedAt === null || (status !== 'in_progress' && status !== 'failure')) return null;
  const revisions = operationRevisions(app);
  if (revisions === null || (newest !== undefined && sameRevision(revisions, newest))) return null;
  // A failed sync is over: it ended when the operation finished. A running one has no end yet.
  const endedAt = status === 'failure' ? (state?.finishedAt ?? null) : null;
  return {id: `sync-${startedAt}`, ...revisions, deployStartedAt: startedAt, deployedAt: endedAt ?? startedAt, initiatedBy: state?.operation?.initiatedBy ?? null};
}

/** The application's health when it is not well after a sync (Degraded, Missing), else null. */
export function currentHealth(app: WireApplication): DeployHealth | null {
  switch (app.status?.health?.status) {
    case 'Degraded':
      return 'degraded';
    case 'Missing':
      return 'missing';
    default:
      return null;
  }
}

/** The phase of an operation as a run status. */
export function phaseStatus(phase: string | null): DeployStatus {
  switch (phase) {
    case 'Running':
    case 'Terminating':
      return 'in_progress';
    case 'Succeeded':
      return 'success';
    case 'Failed':
    case 'Error':
      return 'failure';
    default:
      return 'unknown';
  }
}

/**
 * The environment of an app's deploys: the destination cluster's name, else its namespace, else
 * the project (Argo CD has no notion of environment of its own).
 */
export function appEnvironment(app: WireApplication): string {
  return app.spec?.destination?.name ?? app.spec?.destination?.namespace ?? app.spec?.project ?? '';
}

/** Argo CD's default `revisionHistoryLimit`: the history entries an application keeps. */
export const ARGOCD_HISTORY_LIMIT = 10;

/**
 * How many history entries the app keeps when its history is that long, else null: a history at
 * its limit may have dropped older syncs, one below it holds every sync the app kept.
 */
export function fullHistoryLimit(app: WireApplication): number | null {
  const limit = app.spec?.revisionHistoryLimit ?? ARGOCD_HISTORY_LIMIT;
  return (app.status?.history?.length ?? 0) >= limit ? limit : null;
}

/**
 * The history of one app as deploys, newest first, led by the sync in flight when it is of
 * another revision ({@link syncInFlight}): that sync takes the operation's status, and the newest
 * entry, which still runs, stays `success` (with the app's health once that sync has failed).
 */
export function appDeploys(app: WireApplication, opts: {name: string; service: string; url: string}): {deploys: Deploy[]; skipped: string[]} {
  const {entries: history, skipped} = historyOf(app);
  const environment = appEnvironment(app);
  const health = currentHealth(app);
  const inFlight = syncInFlight(app, history[0]);
  const entries = inFlight === null ? history : [inFlight, ...history];
  const live = inFlight === null ? 0 : 1;
  const liveStatus = inFlight === null ? currentStatus(app) : 'success';
  // While the other sync runs, the health is that of a rollout half done, not of the entry.
  const liveHealth = inFlight === null || phaseStatus(app.status?.operationState?.phase ?? null) === 'failure' ? health : null;
  // The sync in flight goes back to an older revision (a rollback) by the same rule as an entry.
  const marks = rollbackMarks(entries);
  const deploys = entries.map((entry, i): Deploy => {
    const from = marks[i] ?? null;
    const status = i === 0 && inFlight !== null ? phaseStatus(app.status?.operationState?.phase ?? null) : i === live ? liveStatus : 'success';
    // The schema lets through no entry without one of the two.
    const startedAt = (entry.deployStartedAt ?? entry.deployedAt) as number;
    return {
      id: `${opts.name}#${entry.id}`,
      service: opts.service,
      version: entryVersion(entry),
      // A git source's revision is the commit; a Helm source's is a chart version, and a
      // multi-source entry has several revisions: neither names one commit.
      ...(isCommitSha(entry.revision) ? {sha: entry.revision} : {}),
      environment,
      // Argo CD records history only after a sync succeeded; the live state refines the newest.
      status,
      // Only once the sync finished: while one runs, the health is not yet that of this entry.
      ...(i === live && status === 'success' && liveHealth !== null ? {health: liveHealth} : {}),
      startedAt,
      // Argo CD writes deployedAt when the sync completes; it is the end only beside a
      // deployStartedAt (older versions give deployedAt alone, and it is then taken for the start).
      ...finishedField(status, startedAt, entry.deployStartedAt === null ? null : entry.deployedAt),
      author: entry.initiatedBy?.username ?? (entry.initiatedBy?.automated ? 'auto-sync' : ''),
      url: opts.url,
      // So a rollback of this rollback does not put back the revision it went away from.
      ...(from === null ? {} : {rollbackOf: `${opts.name}#${from.id}`}),
    };
  });
  return {deploys, skipped: skipped.map((s) => `${opts.name} ${s}`)};
}
