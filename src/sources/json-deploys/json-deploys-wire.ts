/**
 * The generic JSON deploy list: `[{id, service, version, sha, environment, status, startedAt,
 * finishedAt, author, url}]` (or `{deploys: [...]}`), for CI systems without an adapter of their
 * own. `service`, `version` and `startedAt` (ISO or epoch seconds) are required; the rest is optional.
 */
import {z} from 'zod';
import {isCommitSha, type Deploy, type DeployStatus} from '../../domain/deploy.ts';
import {ownValue} from '../../domain/own-value.ts';
import {decodeEach, finishedField, idField, looseTime, optionalText, timeField, type DecodedList} from '../ci/ci-wire.ts';

const STATUS_WORDS: Readonly<Record<string, DeployStatus>> = {
  queued: 'queued',
  pending: 'queued',
  created: 'queued',
  in_progress: 'in_progress',
  running: 'in_progress',
  success: 'success',
  succeeded: 'success',
  successful: 'success',
  ok: 'success',
  failure: 'failure',
  failed: 'failure',
  error: 'failure',
  cancelled: 'cancelled',
  canceled: 'cancelled',
};

/** A status word as most CI systems spell it; anything else is `unknown`. */
export function statusWord(word: string | null): DeployStatus {
  return (word && ownValue(STATUS_WORDS, word.toLowerCase().replace(/[\s-]/g, '_'))) || 'unknown';
}

/** One deploy of the list. */
export const jsonDeploySchema = z.object({
  id: idField.nullish(),
  service: z.string().min(1),
  version: z.union([z.string().min(1), z.number()]).transform(String),
  // Checked after decoding: a bad sha drops the sha, not the deploy (see jsonDeploys).
  sha: z.unknown().optional(),
  environment: optionalText,
  status: optionalText,
  startedAt: timeField,
  // Optional, and an unreadable one costs the end, never the deploy.
  finishedAt: looseTime,
  author: optionalText,
  url: optionalText,
  rollbackOf: idField.nullish(),
});

/** The whole document: a list, or an object holding it under `deploys`. */
export const jsonDeploysDocumentSchema = z.union([z.array(z.unknown()), z.object({deploys: z.array(z.unknown())}).transform((d) => d.deploys)], {
  error: 'expected a list of deploys, or an object with a "deploys" list',
});

/** Decoded deploys, plus the `sha` fields that were not commit shas and were left out. */
export type JsonDeploys = DecodedList<Deploy> & {badShas: string[]};

/**
 * Decodes the items of a document into deploys; a bad item is skipped and named. A `sha` that is
 * not 7–40 hex digits is left out and named, the deploy kept: dropping the deploy would make an
 * older one look like the rollback target, while a deploy without a sha only refuses `{{sha}}`.
 */
export function jsonDeploys(list: readonly unknown[], services: Readonly<Record<string, string>>): JsonDeploys {
  const {items, skipped} = decodeEach(jsonDeploySchema, list);
  const taken = new Set(items.flatMap((d) => (d.id ? [d.id] : [])));
  const deploys = items.map((d): Deploy => {
    const status = statusWord(d.status);
    return {
      id: d.id ?? generatedId(d, taken),
      service: ownValue(services, d.service) ?? d.service,
      version: d.version,
      ...(isCommitSha(d.sha) ? {sha: d.sha} : {}),
      environment: d.environment ?? '',
      status,
      startedAt: d.startedAt,
      // Kept only on a deploy that ended, and after its start.
      ...finishedField(status, d.startedAt, d.finishedAt),
      author: d.author ?? '',
      url: d.url,
      ...(d.rollbackOf ? {rollbackOf: d.rollbackOf} : {}),
    };
  });
  return {items: deploys, skipped, badShas: badShasOf(list)};
}

/**
 * The id of an entry the feed gives none: its service, version, start and environment (one
 * pipeline deploying a version to two regions at once makes two entries alike but for it), and a
 * `#2`, `#3` … for an entry still alike another. Ids that collide made both rows suspect, and the
 * details and a rollback looked up the wrong one. The environment is left out when empty, so a
 * feed without environments keeps the ids it had.
 */
function generatedId(d: {service: string; version: string; startedAt: number; environment: string | null}, taken: Set<string>): string {
  const base = `${d.service}@${d.version}@${d.startedAt}${d.environment ? `@${d.environment}` : ''}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}#${n}`;
  taken.add(id);
  return id;
}

/** `[2].sha: "main"` for every item whose `sha` is set (not null or empty) but not a commit sha. */
function badShasOf(list: readonly unknown[]): string[] {
  const bad: string[] = [];
  list.forEach((raw, index) => {
    const sha: unknown = raw !== null && typeof raw === 'object' ? (raw as {sha?: unknown}).sha : undefined;
    if (sha === undefined || sha === null || sha === '' || isCommitSha(sha)) return;
    bad.push(`[${index}].sha: ${String(JSON.stringify(sha)).slice(0, 48)}`);
  });
  return bad;
}
