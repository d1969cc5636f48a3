/**
 * Decodes the polls of one Alertmanager's `GET /api/v2/alerts` as the body arrives, element by
 * element, keeping what did not change.
 *
 * Why: a large Alertmanager answers 7 MB for 10,000 alerts every poll, and nearly all of them
 * are the alerts of the poll before. Held whole, the body, its parse tree, the validated copy
 * and the converted alerts were ~100 MB of garbage per poll on the main thread (V8 grew its heap
 * to 300–750 MB under it) and 100–200 ms in one piece. Now each element's text is hashed (minus
 * `updatedAt` and `endsAt`, which Alertmanager rewrites on every resend and the dashboard does
 * not read); an element seen in the previous poll gives back its previous alert object, and only
 * new or changed elements are parsed, validated and converted. The work comes in pieces of one
 * network chunk (~64 KB, ~90 alerts), so a key pressed meanwhile is never held for the body.
 * A body byte-identical to the previous one returns the previous list itself. A small first
 * poll (nothing to compare with yet) is parsed in one piece instead (FIRST_WHOLE_MAX).
 */
import {createHash, hash as sha} from 'node:crypto';
import type {Alert} from '../../domain/alert.ts';
import {shapeFailure} from '../http/decode.ts';
import type {JsonStream} from '../http/http-client.ts';
import {JsonArraySplitter} from '../http/json-array-split.ts';
import {quickGettableAlert} from './alert-quick.ts';
import {alertFromWire, gettableAlertSchema} from './alertmanager-wire.ts';
import {createInterner} from './intern.ts';

/** What the last decode did: for tests and benchmarks. */
export interface DecodeStats {
  /** Elements parsed and validated (new or changed). */
  parsed: number;
  /** Elements whose previous alert object was kept. */
  reused: number;
  /** The body was byte-identical to the previous one. */
  sameBody: boolean;
  /** The body was parsed in one piece (a small first poll, or a one-shot read), not element by element. */
  whole: boolean;
}

/** How a decoder parses; for tests, which must reach both ways of decoding a first poll. */
export interface AlertDecoderOptions {
  /** A first poll of at most this many bytes is parsed in one piece (default 512 KiB). */
  firstWholeUpTo?: number;
}

/** One Alertmanager's decoder: it remembers the previous poll. */
export interface AlertDecoder {
  /**
   * The alerts of `body`; the previous list itself when nothing in it changed. Throws a
   * SourceFailure. `once`: the caller reads this Alertmanager once and draws nothing meanwhile
   * (a one-shot command): the body is parsed whole, in one piece, and nothing is kept for a next poll.
   */
  decode(body: JsonStream, what: string, once?: boolean): Promise<Alert[]>;
  stats(): DecodeStats;
}

// Rewritten by Alertmanager on every resend from Prometheus; not read by the dashboard: each
// `"name":"value"` (a value without quotes or escapes, as a timestamp is) is left out of the key.
const VOLATILE = ['"updatedAt":"', '"endsAt":"'].map((name) => Buffer.from(name));
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
// How much of the body's start an "invalid JSON" message may quote from.
const HEAD_BYTES = 800;
// A first poll up to this size is gathered and parsed in one piece. It has nothing to compare
// with (its elements are not keyed), so the element walk only cost it: a splitter in JavaScript
// and a parse per element, ~3x one native parse of the whole. Twenty contexts of 500 alerts
// (350 KB each) starting together spent ~130 ms of a profiled start in the walk. Above it, a
// first poll is walked as it arrives, as every later one is: one native parse of 512 KiB (~700
// alerts) holds a key a few ms, of 7 MB far longer than a frame.
const FIRST_WHOLE_MAX = 512 * 1024;

/** Where the volatile fields of an element's bytes are, `[start, end)` in order. */
export function volatileRanges(bytes: Buffer): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const name of VOLATILE) {
    for (let at = bytes.indexOf(name); at !== -1; ) {
      let end = at + name.length;
      while (end < bytes.length && bytes[end] !== QUOTE && bytes[end] !== BACKSLASH) end++;
      if (bytes[end] === QUOTE) {
        ranges.push([at, end + 1]);
        at = bytes.indexOf(name, end + 1);
      } else at = bytes.indexOf(name, at + 1);
    }
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

/**
 * An element's key: the first 96 bits of the SHA-256 of its bytes without the volatile fields,
 * as 16 characters. Hashed from the bytes as they arrived: an unchanged alert (nearly all of
 * them, every poll) is recognised without a string of its text, a copy without those fields or
 * a parse (7 MB of garbage per poll less for 10,000 alerts). One key per alert is kept from poll
 * to poll; the whole digest (44 characters) would hold 0.3 MiB more, and 96 bits already make a
 * collision among them practically impossible (~10^-20).
 *
 * The bytes to hash are gathered into one scratch buffer and hashed in one call: a hash object
 * per element (10,000 per poll, each with native state freed only by the garbage collector) made
 * the collector's work of a poll several times larger than the hashing itself.
 */
export function elementKey(bytes: Buffer): string {
  if (scratch.length < bytes.length) scratch = Buffer.allocUnsafe(Math.max(bytes.length, 2 * scratch.length));
  let length = 0;
  let from = 0;
  for (const [start, end] of volatileRanges(bytes)) {
    if (start < from) continue;
    length += bytes.copy(scratch, length, from, start);
    from = end;
  }
  length += bytes.copy(scratch, length, from);
  return sha('sha256', scratch.subarray(0, length), 'buffer').toString('base64', 0, 12);
}

// Where an element's bytes without the volatile fields are gathered to be hashed; grows to the
// largest element seen (an alert is ~700 bytes).
let scratch = Buffer.allocUnsafe(16 * 1024);

/** Creates the decoder of the Alertmanager named `source`. */
export function createAlertDecoder(source: string, options: AlertDecoderOptions = {}): AlertDecoder {
  const firstWholeUpTo = options.firstWholeUpTo ?? FIRST_WHOLE_MAX;
  const intern = createInterner();
  // Per element key, the alert of the previous poll: bounded by that poll's size.
  let previous = new Map<string, Alert>();
  let list: Alert[] | null = null;
  let bodyHash: string | null = null;
  let stats: DecodeStats = {parsed: 0, reused: 0, sameBody: false, whole: false};
  // Alerts of the first poll, not yet interned: a one-shot command has no other poll, and
  // interning 10,000 alerts it prints once would only cost it time. The dashboard interns each
  // when a later poll keeps it (same values, so nothing drawn from it changes).
  const plain = new WeakSet<Alert>();

  return {
    stats: () => stats,
    async decode(body, what, once = false) {
      if (once) {
        // A later poll compares with nothing: it decodes every element, as a first one does.
        const alerts = await decodeWhole(body, what, source);
        stats = {parsed: alerts.length, reused: 0, sameBody: false, whole: true};
        list = null;
        bodyHash = null;
        previous = new Map();
        return alerts;
      }
      const hash = createHash('sha256');
      const split = new JsonArraySplitter();
      const next: Alert[] = [];
      const keys = new Map<string, Alert>();
      let head = '';
      let whole: Buffer[] | null = null;
      const counts = {parsed: 0, reused: 0};
      // The first element of the wrong shape. Thrown at the end: a body that is also invalid JSON
      // further on is reported as invalid JSON, as when the whole body was parsed first.
      let shape: Error | null = null;
      // The first poll has nothing to compare with (and a one-shot command has no second): its
      // elements are not hashed; the second poll hashes them all, the later ones reuse.
      const keyed = list !== null;
      const order: string[] = [];
      const element = (bytes: Buffer) => {
        if (shape !== null) {
          parseOrInvalid(bytes);
          return;
        }
        const key = keyed ? elementKey(bytes) : '';
        if (keyed) order.push(key);
        const known = keyed ? (keys.get(key) ?? previous.get(key)) : undefined;
        if (known !== undefined) {
          if (plain.delete(known)) intern.alert(known);
          counts.reused++;
          keys.set(key, known);
          next.push(known);
          return;
        }
        const value = parseOrInvalid(bytes);
        // The plain case without zod; the schema for anything else, to name what is wrong.
        let wire = quickGettableAlert(value);
        if (wire === null) {
          const result = gettableAlertSchema.safeParse(value);
          if (!result.success) {
            const issue = result.error.issues[0];
            shape = shapeFailure(what, issue ? {...issue, path: [next.length, ...issue.path]} : undefined);
            return;
          }
          wire = result.data;
        }
        counts.parsed++;
        const decoded = alertFromWire(wire, source);
        const alert = keyed ? intern.alert(decoded) : decoded;
        if (!keyed) plain.add(alert);
        if (keyed) keys.set(key, alert);
        next.push(alert);
      };
      const parseOrInvalid = (bytes: Buffer): unknown => {
        try {
          return JSON.parse(bytes.toString('utf8'));
        } catch {
          throw body.invalid(head);
        }
      };
      const walk = (chunk: Buffer) => {
        if (whole !== null) return void whole.push(chunk);
        split.push(chunk, element);
        if (split.state === 'not-array') whole = [chunk];
        else if (split.state === 'invalid') throw body.invalid(head);
      };
      // A first poll's chunks, gathered while they stay within firstWholeUpTo (null: walked).
      let gathered: Buffer[] | null = keyed ? null : [];
      let gatheredBytes = 0;
      await body.read((chunk) => {
        hash.update(chunk);
        if (head.length < HEAD_BYTES) head += chunk.subarray(0, HEAD_BYTES).toString('utf8');
        if (gathered === null) return walk(chunk);
        gathered.push(chunk);
        gatheredBytes += chunk.length;
        if (gatheredBytes <= firstWholeUpTo) return;
        // Too large for one piece: walked from its start, as it goes on arriving.
        const held = gathered;
        gathered = null;
        for (const c of held) walk(c);
      });
      if (gathered !== null) {
        // Failures as the walk's: invalid JSON quoting the start, else the first wrong element.
        const alerts = decodeBytes(Buffer.concat(gathered), body, what, source);
        for (const a of alerts) plain.add(a);
        stats = {parsed: alerts.length, reused: 0, sameBody: false, whole: true};
        bodyHash = hash.digest('base64');
        previous = new Map();
        list = alerts;
        return alerts;
      }
      if (whole !== null || split.state === 'start') notAnArray(whole, body, head, what);
      if (!split.complete()) throw body.invalid(head);
      if (shape !== null) throw shape;
      const digest = hash.digest('base64');
      const sameBody = digest === bodyHash && list !== null;
      stats = {...counts, sameBody, whole: false};
      bodyHash = digest;
      // The same body gives back the list the caller has: the keys must name its alerts.
      previous = sameBody ? new Map(order.map((key, i) => [key, list![i]!])) : keys;
      if (sameBody || (list !== null && list.length === next.length && next.every((a, i) => a === list![i]))) return list!;
      list = next;
      return next;
    },
  };
}

/**
 * The alerts of a body read once: gathered, then one `JSON.parse` of the whole. For a one-shot
 * command nothing is drawn while it decodes and nothing outlives it, so the element-by-element
 * walk of a poll (a splitter in JavaScript, a string and a parse per element) only costs time:
 * 10,000 alerts parse natively in a fraction of it. Failures are a poll's: invalid JSON quoting
 * the body's start, else the first element of the wrong shape, by its index.
 */
async function decodeWhole(body: JsonStream, what: string, source: string): Promise<Alert[]> {
  const chunks: Buffer[] = [];
  await body.read((chunk) => void chunks.push(chunk));
  const bytes = Buffer.concat(chunks);
  chunks.length = 0;
  return decodeBytes(bytes, body, what, source);
}

/** The alerts of a whole body's bytes, failing as a walked poll fails. */
function decodeBytes(bytes: Buffer, body: JsonStream, what: string, source: string): Alert[] {
  const text = bytes.toString('utf8');
  // An empty body is "not an array" (expected array, received null), as in a poll.
  if (text.trim() === '') notAnArray(null, body, '', what);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw body.invalid(bytes.subarray(0, HEAD_BYTES).toString('utf8'));
  }
  if (!Array.isArray(value)) notAnArray([bytes], body, bytes.subarray(0, HEAD_BYTES).toString('utf8'), what);
  const alerts: Alert[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    let wire = quickGettableAlert(value[i]);
    if (wire === null) {
      const result = gettableAlertSchema.safeParse(value[i]);
      if (!result.success) {
        const issue = result.error.issues[0];
        throw shapeFailure(what, issue ? {...issue, path: [i, ...issue.path]} : undefined);
      }
      wire = result.data;
    }
    alerts[i] = alertFromWire(wire, source);
  }
  return alerts;
}

/** Throws the failure for a body that is not an array: invalid JSON, or the shape error (e.g. `expected array, received object`). */
function notAnArray(whole: Buffer[] | null, body: JsonStream, head: string, what: string): never {
  const text = whole === null ? '' : Buffer.concat(whole).toString('utf8');
  let value: unknown = null;
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch {
      throw body.invalid(head);
    }
  }
  const result = gettableAlertSchema.array().safeParse(value);
  throw shapeFailure(what, result.error?.issues[0]);
}
