/**
 * Alertmanager API v2 adapter: lists alerts and silences, creates (acks) and expires silences.
 * One instance per Alertmanager peer; deduplication across peers happens above, by fingerprint.
 */
import type {SilenceDraft} from '../../domain/alert.ts';
import {sanitize} from '../../domain/sanitize.ts';
import {SourceFailure, type AlertLister, type SilenceCreator, type SilenceExpirer, type SilenceLister} from '../capabilities.ts';
import {decodeWire} from '../http/decode.ts';
import {HttpFailure} from '../http/http-errors.ts';
import {createHttpClient, type HttpClientOptions} from '../http/http-client.ts';
import {createAlertDecoder} from './alert-decode.ts';
import {
  gettableSilencesSchema,
  postableSilence,
  postSilenceResponseSchema,
  silenceFromWire,
} from './alertmanager-wire.ts';

/** How to reach one Alertmanager. `pathPrefix` is e.g. `/alertmanager` behind Mimir. */
export interface AlertmanagerSourceConfig extends Omit<HttpClientOptions, 'timeoutMs'> {
  /** The configured name, reported in `Alert.seenBy`. */
  name: string;
  /** Defaults to 10 s. */
  timeoutMs?: number;
}

/** Everything an Alertmanager can do for the dashboard, plus `close()` for its connections. */
export type AlertmanagerSource = AlertLister & SilenceLister & SilenceCreator & SilenceExpirer & {close(): Promise<void>};

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
      try {
        const body = await client.postJson('/api/v2/silences', postableSilence(draft));
        return decodeWire(postSilenceResponseSchema, body, `${name} POST /api/v2/silences`).silenceID;
      } catch (error) {
        throw rejected(error, name, 'silence rejected');
      }
    },

    async expireSilence(id: string) {
      try {
        await client.delete(`/api/v2/silence/${encodeURIComponent(id)}`);
      } catch (error) {
        throw rejected(error, name, `could not expire silence ${sanitize(id)}`);
      }
    },

    close: () => client.close(),
  };
}

// Alertmanager explains a refused silence in a JSON string ("start time must be before end
// time"); that sentence is what the user needs to see, not the URL. Alertmanager 0.25
// answers an unknown silence id with a 500 "silence not found" (newer ones with a 404): the
// server is fine, the request is not.
function rejected(error: unknown, name: string, what: string): unknown {
  if (error instanceof HttpFailure && error.detail && (error.kind === 'bad-response' || /not found/i.test(error.detail))) {
    return new HttpFailure('bad-response', `${name}: ${what}: ${error.detail}`, error.status, error.detail);
  }
  return error instanceof SourceFailure ? error : new SourceFailure('unavailable', `${name}: ${what}`);
}
