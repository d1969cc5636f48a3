/**
 * Decoding pieces every deploy provider shares. CI APIs are decoded tolerantly: one odd entry is
 * skipped with a warning naming its index and field, and never takes the whole history down.
 */
import {z} from 'zod';
import type {DeployStatus} from '../../domain/deploy.ts';
import {ownValue} from '../../domain/own-value.ts';

/** An id sent as a number by one server and as a string by another (int64 through grpc-gateway). */
export const idField = z.union([z.number(), z.string()]).transform(String);

/** A string that may be missing or null; the empty string counts as missing. */
export const optionalText = z
  .string()
  .nullish()
  .transform((s) => (s ? s : null));

// An ISO 8601 date-time without `Z` or an offset (`2026-12-07T15:00:00`, or with a space).
const ZONELESS_ISO = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;
// An ISO date alone, which `Date.parse` reads as UTC midnight.
const ISO_DATE = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/;
// A time of day followed by its zone: `Z`, an offset (`+01:00`, `-0500`, `GMT+0100`), or a name
// `Date.parse` knows (`GMT`, `UTC`, `EST`…), as ISO, RFC 2822 and `Date#toString` write it.
const ZONED_TIME = /\d:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[ap]m)?\s*(?:z|(?:(?:gmt|utc|ut)\s*)?[+-]\d{2}:?\d{2}|gmt|utc|ut|[ecmp][sd]t)$/i;
// A trailing comment such as `(Central European Standard Time)`, which names no offset of its own.
const TRAILING_COMMENT = /\s*\([^()]*\)$/;

/**
 * A timestamp as an ISO string or epoch seconds; numbers above 10^11 are taken as milliseconds.
 * An ISO date-time without a zone is UTC: read in this machine's zone, as `Date.parse` does, the
 * same deploy had another age (and was suspect or not) on a laptop in Berlin than on a bastion.
 * Any other text without a zone (`2026/12/07 15:00`, RFC 2822 without its offset) is no time
 * (null): `Date.parse` would read it in this machine's zone, and what the writer meant is unknown.
 */
export function parseTimestamp(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value > 1e11 ? value : value * 1000;
  if (typeof value === 'string' && value.trim() !== '') {
    const text = value.trim();
    if (/^\d+(\.\d+)?$/.test(text)) return parseTimestamp(Number(text));
    const zoneless = ZONELESS_ISO.exec(text);
    if (zoneless === null && !ISO_DATE.test(text) && !ZONED_TIME.test(text.replace(TRAILING_COMMENT, ''))) return null;
    const ms = Date.parse(zoneless ? `${zoneless[1]}T${zoneless[2]}Z` : text);
    return Number.isFinite(ms) ? ms : null;
  }
  return null;
}

/** A required timestamp field (ISO or epoch seconds), in epoch milliseconds. */
export const timeField = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = parseTimestamp(value);
  if (ms === null) {
    ctx.addIssue({code: 'custom', message: `not a timestamp: ${JSON.stringify(value).slice(0, 40)}`});
    return z.NEVER;
  }
  return ms;
});

const ENDED: ReadonlySet<DeployStatus> = new Set(['success', 'failure', 'cancelled']);

/**
 * `{finishedAt: end}` to spread into a deploy that ended (succeeded, failed, was cancelled) at
 * `end`, else `{}`: one still running or of unknown status has no end yet, and a time not after its
 * start is not its end (a last update that is the run's creation says nothing of when it ended). Without the end, a long rollout finishing just before a burn was dated by
 * its start alone, and stopped being suspect the moment it completed.
 */
export function finishedField(status: DeployStatus, startedAt: number, end: number | null | undefined): {finishedAt?: number} {
  return ENDED.has(status) && typeof end === 'number' && end > startedAt ? {finishedAt: end} : {};
}

/** An optional timestamp field: missing or unreadable is null, never the entry's failure. */
export const looseTime = z
  .any()
  .optional()
  .transform((v: unknown) => parseTimestamp(v));

const HEX_SHA = /^[0-9a-f]{7,40}$/i;

/** The first `length` characters of a commit sha (7 as GitHub and Argo CD show it, 8 as GitLab does). */
export function shortSha(sha: string, length = 7): string {
  return HEX_SHA.test(sha) ? sha.slice(0, length) : sha;
}

// A release tag: `v2.14.0`, `2.14`, `v9`, `v2.14.0-rc.2`, `1.4.2+build.7`, `checkout@1.4.2`, and
// a monorepo's `checkout/v1.4.2`. A branch such as `release-2.14` or `release/2.14` is not one,
// though it has digits: after a `name/` only a `v` version is taken for a tag.
const RELEASE_TAG = /^(?:(?:[\w.-]+@)?(?:[vV]\d+(?:\.\d+)*|\d+(?:\.\d+)+)|[\w.-]+\/[vV]\d+(?:\.\d+)*)(?:[-+][0-9A-Za-z][0-9A-Za-z.+-]*)?$/;

// A full ref naming a tag: what `ref: github.ref` gives a deployment made on a tag push.
const TAG_REF_PREFIX = 'refs/tags/';

/**
 * The version a deploy shows: its ref when the ref names a release (a tag, or, when the provider
 * does not say, a ref that looks like one: {@link RELEASE_TAG}), else the short sha. A branch
 * name such as `main`, or `release-2.14`, would make every deploy of the branch look the same
 * whatever commit it deployed. A full ref under `refs/tags/` is a tag whatever its name, and is
 * shown without that prefix (`v2.14.0`).
 */
export function versionOf(ref: string | null, sha: string | null, opts: {isTag?: boolean; shaLength?: number} = {}): string {
  const short = sha ? shortSha(sha, opts.shaLength) : null;
  if (ref?.startsWith(TAG_REF_PREFIX) && ref.length > TAG_REF_PREFIX.length && opts.isTag !== false) return ref.slice(TAG_REF_PREFIX.length);
  if (ref && (opts.isTag === true || (opts.isTag === undefined && RELEASE_TAG.test(ref)))) return ref;
  return short ?? (ref ? shortSha(ref, opts.shaLength) : '');
}

/** The dashboard's service name of a repo or app: the `services` map, else the name itself. */
export function serviceFor(names: readonly string[], services: Readonly<Record<string, string>>): string {
  for (const name of names) {
    const mapped = ownValue(services, name);
    if (mapped !== undefined) return mapped;
  }
  return names[0] ?? '';
}

/** Result of decoding a list item by item. */
export interface DecodedList<T> {
  items: T[];
  /** One line per skipped item, e.g. `[3].created_at: not a timestamp`. */
  skipped: string[];
}

/** Decodes each element of `list` with `schema`, skipping (and describing) the ones that fail. */
export function decodeEach<S extends z.ZodType>(schema: S, list: readonly unknown[]): DecodedList<z.output<S>> {
  const items: Array<z.output<S>> = [];
  const skipped: string[] = [];
  list.forEach((raw, index) => {
    const result = schema.safeParse(raw);
    if (result.success) {
      items.push(result.data);
      return;
    }
    const issue = result.error.issues[0];
    const field = issue && issue.path.length > 0 ? `.${issue.path.map(String).join('.')}` : '';
    skipped.push(`[${index}]${field}: ${issue?.message ?? 'invalid'}`);
  });
  return {items, skipped};
}

/** A warning about skipped items, naming the first few; empty when nothing was skipped. */
export function skippedWarnings(what: string, skipped: readonly string[]): string[] {
  if (skipped.length === 0) return [];
  const shown = skipped.slice(0, 3).join('; ');
  return [`${what}: skipped ${skipped.length} ${skipped.length === 1 ? 'entry' : 'entries'} with unexpected data (${shown}${skipped.length > 3 ? '; …' : ''})`];
}
