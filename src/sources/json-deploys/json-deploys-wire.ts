/**
 * The generic JSON deploy list: `[{id, service, version, environment, status, startedAt, author,
 * url}]` (or `{deploys: [...]}`), for CI systems without an adapter of their own. `service`,
 * `version` and `startedAt` (ISO or epoch seconds) are required; the rest is optional.
 */
import {z} from 'zod';
import type {Deploy, DeployStatus} from '../../domain/deploy.ts';
import {decodeEach, idField, optionalText, timeField, type DecodedList} from '../ci/ci-wire.ts';

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
  return (word && STATUS_WORDS[word.toLowerCase().replace(/[\s-]/g, '_')]) || 'unknown';
}

/** One deploy of the list. */
export const jsonDeploySchema = z.object({
  id: idField.nullish(),
  service: z.string().min(1),
  version: z.union([z.string().min(1), z.number()]).transform(String),
  environment: optionalText,
  status: optionalText,
  startedAt: timeField,
  author: optionalText,
  url: optionalText,
  rollbackOf: idField.nullish(),
});

/** The whole document: a list, or an object holding it under `deploys`. */
export const jsonDeploysDocumentSchema = z.union([z.array(z.unknown()), z.object({deploys: z.array(z.unknown())}).transform((d) => d.deploys)], {
  error: 'expected a list of deploys, or an object with a "deploys" list',
});

/** Decodes the items of a document into deploys; a bad item is skipped and named. */
export function jsonDeploys(list: readonly unknown[], services: Readonly<Record<string, string>>): DecodedList<Deploy> {
  const {items, skipped} = decodeEach(jsonDeploySchema, list);
  const deploys = items.map((d): Deploy => ({
    id: d.id ?? `${d.service}@${d.version}@${d.startedAt}`,
    service: services[d.service] ?? d.service,
    version: d.version,
    environment: d.environment ?? '',
    status: statusWord(d.status),
    startedAt: d.startedAt,
    author: d.author ?? '',
    url: d.url,
    ...(d.rollbackOf ? {rollbackOf: d.rollbackOf} : {}),
  }));
  return {items: deploys, skipped};
}
