/**
 * Alertmanager API v2 adapter: lists alerts and silences, creates (acks) and expires silences.
 * One instance per Alertmanager peer; deduplication across peers happens above, by fingerprint.
 */
import type {SilenceDraft} from '../../domain/alert.ts';
import {sanitize} from '../../domain/sanitize.ts';
import {ExpiryMayHaveLanded, ExpiryNotFoundUnconfirmed, SilenceMayExist, SilenceNotFound, SilenceRefused, SourceFailure, type AlertLister, type SilenceCreator, type SilenceExpirer, type SilenceLister, type SourceErrorKind} from '../capabilities.ts';
import {decodeWire} from '../http/decode.ts';
import {HttpFailure, mayHaveReachedServer} from '../http/http-errors.ts';
import {createHttpClient, type HttpClientOptions} from '../http/http-client.ts';
import {createAlertDecoder} from './alert-decode.ts';
import {
  gettableSilencesSchema,
  postableSilence,
  postSilenceResponseSchema,
  silenceFromWire,
} from './alertmanager-wire.ts';
import type {CloseOptions} from '../http/http-client.ts';

/** How to reach one Alertmanager. `pathPrefix` is e.g. `/alertmanager` behind Mimir. */
export interface AlertmanagerSourceConfig extends Omit<HttpClientOptions, 'timeoutMs'> {
  /** The configured name, reported in `Alert.seenBy`. */
  name: string;
  /** Defaults to 10 s. */
  timeoutMs?: number;
}

/** Everything an Alertmanager can do for the dashboard, plus `close()` for its connections. */
export type AlertmanagerSource = AlertLister & SilenceLister & SilenceCreator & SilenceExpirer & {close(how?: CloseOptions): Promise<void>};

/** Creates the adapter for one Alertmanager. */
export function createAlertmanagerSource(config: AlertmanagerSourceConfig): AlertmanagerSource {
  const {name, timeoutMs = 10_000, ...http} = config;
  const client = createHttpClient({...http, timeoutMs});
  const alerts = createAlertDecoder(name);

  return {
    async listAlerts(read) {
      // Decoded as it arrives, unchanged alerts kept (alert-decode.ts): a large Alertmanager's
      // answer neither holds the keyboard nor churns the heap. Read once: decoded whole.
      const value = await alerts.decode(await client.getJsonStream('/api/v2/alerts'), `${name} /api/v2/alerts`, read?.once === true);
      return {value, warnings: []};
    },

    async listSilences(read) {
      const body = await client.getJson('/api/v2/silences', undefined, read?.forAction === true ? {forAction: true} : undefined);
      const wire = decodeWire(gettableSilencesSchema, body, `${name} /api/v2/silences`);
      return {value: wire.map(silenceFromWire), warnings: []};
    },

    async createSilence(draft: SilenceDraft) {
      let body: unknown;
      try {
        body = await client.postJson('/api/v2/silences', postableSilence(draft));
      } catch (error) {
        throw mayHaveLanded(error, name, SilenceMayExist, 'the silence may exist') ?? rejected(error, name, 'silence rejected');
      }
      try {
        return decodeWire(postSilenceResponseSchema, body, `${name} POST /api/v2/silences`).silenceID;
      } catch (error) {
        // Accepted (2xx), then an answer without the id: the silence exists, its id is unknown.
        throw new SilenceMayExist('bad-response', `${name}: the silence was accepted but its id could not be read (${error instanceof Error ? error.message : String(error)})`);
      }
    },

    async expireSilence(id: string) {
      try {
        await client.delete(`/api/v2/silence/${encodeURIComponent(id)}`);
      } catch (error) {
        const what = `could not expire silence ${sanitize(id)}`;
        if (error instanceof HttpFailure && isOwnNotFound(error)) throw new SilenceNotFound(`${name}: ${what}: silence not found`);
        if (error instanceof HttpFailure && error.status === 404) {
          throw new ExpiryNotFoundUnconfirmed(`${name}: ${what}: HTTP 404${error.detail ? ` (${error.detail})` : ''}, not the Alertmanager's answer for an unknown silence: something in front of it may not pass the expiry on`);
        }
        throw mayHaveLanded(error, name, ExpiryMayHaveLanded, 'the silence may have been expired') ?? rejected(error, name, what);
      }
    },

    close: (how) => client.close(how),
  };
}

// Alertmanager's own answer to the expiry of an id it does not have, as a real one gives it: 0.25
// a 500 whose body is the JSON string "silence not found", later versions a 404 with no body
// (their API description gives that answer none), Grafana's managed Alertmanager a 404 whose
// JSON says it (`{"message": "silence not found"}`). Any other 404, a proxy's error page that
// does not route the DELETE (HTML, plain text, JSON about something else), says nothing of the
// silence: it may still be active.
function isOwnNotFound(error: HttpFailure): boolean {
  if (error.status === 500) return error.detail === 'silence not found';
  if (error.status !== 404) return false;
  return error.detail === null || (error.detailFromJson && /silence not found/i.test(error.detail));
}

// A POST or DELETE that failed after it was sent may still have done its work (created or
// expired the silence, `outcome`): the answer was lost (a timeout, a dropped connection), was an
// error from a gateway or the server itself, or was a 303 See Other, which is no error but the
// answer to a request processed, its result elsewhere. Said as such, so the caller reads the
// silences back instead of calling it failed. Alertmanager's own refusal (a 4xx, or a 5xx it
// explains as "not found") did nothing.
function mayHaveLanded<E extends SourceFailure>(error: unknown, name: string, Failure: new (kind: SourceErrorKind, message: string) => E, outcome: string): E | null {
  if (!(error instanceof HttpFailure) || !mayHaveReachedServer(error)) return null;
  if (error.detail !== null && /not found/i.test(error.detail)) return null;
  if (error.status === 303) return new Failure(error.kind, `${name}: redirected after the request was sent (HTTP 303): ${outcome}`);
  const what =
    error.status !== null
      ? `the answer was an error after the request was sent (${error.message})`
      : error.kind === 'timeout'
        ? `the request timed out after it was sent (${error.message})`
        : `the connection dropped after the request was sent (${error.message})`;
  return new Failure(error.kind, `${name}: ${what}`);
}

// Alertmanager explains a refused silence in a JSON string ("start time must be before end
// time"); that sentence is what the user needs to see, not the URL. Alertmanager 0.25
// answers an unknown silence id with a 500 "silence not found" (newer ones with a 404): the
// server is fine, the request is not.
function rejected(error: unknown, name: string, what: string): unknown {
  // Its own refusal of the request (a JSON error, not a page from something in front of it):
  // every peer of its cluster would give the same answer.
  if (error instanceof HttpFailure && error.detail && error.detailFromJson && error.kind === 'bad-response' && error.status !== null && error.status >= 400 && error.status < 500 && error.status !== 404) {
    return new SilenceRefused(`${name}: ${what}: ${error.detail}`);
  }
  if (error instanceof HttpFailure && error.detail && (error.kind === 'bad-response' || /not found/i.test(error.detail))) {
    return new HttpFailure('bad-response', `${name}: ${what}: ${error.detail}`, error.status, error.detail);
  }
  return error instanceof SourceFailure ? error : new SourceFailure('unavailable', `${name}: ${what}`);
}
