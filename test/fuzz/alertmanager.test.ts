/**
 * Fuzzing the Alertmanager decoders: alerts (decoded as the body streams in, in chunks of any size), silences, the answer to a new
 * silence, and expiring one; alone and behind the real HTTP client. The valid answers the
 * generators build are checked against Alertmanager's own OpenAPI description first.
 */
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import {ackFromSilences} from '../../src/domain/alert-ack.ts';
import {createAlertmanagerSource} from '../../src/sources/alertmanager/alertmanager-source.ts';
import {alertFromWire, gettableAlertSchema, gettableSilencesSchema, silenceFromWire} from '../../src/sources/alertmanager/alertmanager-wire.ts';
import {createAlertDecoder} from '../../src/sources/alertmanager/alert-decode.ts';
import {decodeWire} from '../../src/sources/http/decode.ts';
import type {JsonStream} from '../../src/sources/http/http-client.ts';
import {HttpFailure} from '../../src/sources/http/http-errors.ts';
import {loadContract, validate} from '../helpers/openapi-schema.ts';
import {anyText, decoderInput} from './arbitraries.ts';
import {drawnAlerts, drawnProblems, expectDrawnSafe, NOW} from './drawn.ts';
import {anyAnswer, fakeBackend, json} from './fake-backend.ts';
import {expectDecoded, expectSourceFailure, fuzz, fuzzAsync, RUNS, settle, settleAsync} from './fuzz-run.ts';
import {amAlert, amSilence} from './metrics-shapes.ts';

const contract = loadContract('alertmanager-api-v2.openapi.yaml');
const WHAT = 'am /api/v2/alerts';
const alerts = fc.array(amAlert, {maxLength: 6});
const silences = fc.array(amSilence, {maxLength: 4});


describe('the generated Alertmanager answers', () => {
  it('fit the OpenAPI description (so the hostile ones are ones a real server could send)', () => {
    fuzz(RUNS.contract, [alerts, silences], (a, s) => {
      expect(validate(contract, '#/definitions/gettableAlerts', a)).toEqual([]);
      expect(validate(contract, '#/definitions/gettableSilences', s)).toEqual([]);
    });
  });
});

describe('Alertmanager wire decoders on arbitrary and mutated JSON', () => {
  it('the streamed alert decoder gives alerts drawn sanitized, or a bad-response naming the endpoint, in chunks of any size', async () => {
    // The same decoder for every run, as for the polls of one Alertmanager: kept alerts must stay right too.
    const decoder = createAlertDecoder('am');
    const streamed = (text: string, size: number): JsonStream => ({
      read: async (each) => {
        const bytes = Buffer.from(text);
        for (let i = 0; i < bytes.length; i += size) each(bytes.subarray(i, i + size));
      },
      invalid: () => new HttpFailure('bad-response', `${WHAT}: invalid JSON`, 200, null),
    });
    await fuzzAsync(RUNS.decoder, [fc.oneof(decoderInput(alerts).map((v) => JSON.stringify(v) ?? ''), fc.string()), fc.integer({min: 1, max: 300})], async (text, size) => {
      const list = expectDecoded(await settleAsync(() => decoder.decode(streamed(text, size), WHAT)), WHAT);
      if (list === null) return;
      expectDrawnSafe(drawnAlerts(list), 'alerts');
      // What the whole-body decode makes of the same text.
      expect(list).toEqual((JSON.parse(text) as unknown[]).map((w) => alertFromWire(gettableAlertSchema.parse(w), 'am')));
    });
  });

  it('silences decode, and an ack made from them is drawn sanitized, or a bad-response', () => {
    fuzz(RUNS.decoder, [decoderInput(silences), alerts], (body, wireAlerts) => {
      const decoded = expectDecoded(settle(() => decodeWire(gettableSilencesSchema, body, 'am /api/v2/silences').map(silenceFromWire)), 'am /api/v2/silences');
      if (decoded === null) return;
      for (const s of decoded) expect(Number.isNaN(s.endsAt)).toBe(false);
      // Every alert silenced by every silence, the silences active: the acks are drawn.
      const acked = wireAlerts.map((w) => {
        const alert = {...alertFromWire(gettableAlertSchema.parse(w), 'am'), silencedBy: decoded.map((s) => s.id)};
        return {...alert, ack: ackFromSilences(alert, decoded.map((s) => ({...s, state: 'active' as const, endsAt: NOW + 60_000})), 'ACK!', NOW)};
      });
      expectDrawnSafe(drawnAlerts(acked), 'acked alerts');
    });
  });
});

describe('createAlertmanagerSource on any answer', () => {
  const backend = fakeBackend('http://am.fuzz:9093');
  afterAll(() => backend.close());
  const source = createAlertmanagerSource({name: 'am', baseUrl: backend.origin, dispatcher: backend.dispatcher, timeoutMs: 2_000});
  const draft = {matchers: [{name: 'alertname', value: 'X', isRegex: false, isEqual: true}], startsAt: NOW, endsAt: NOW + 900_000, createdBy: 'oncall', comment: 'ACK!'};

  it('listAlerts and listSilences give decoded lists, or a SourceFailure naming the Alertmanager', async () => {
    await fuzzAsync(RUNS.source, [anyAnswer(alerts), anyAnswer(silences)], async (a, s) => {
      backend.answer((path) => (path.endsWith('/silences') ? s : a));
      const listed = expectDecoded(await settleAsync(() => source.listAlerts()), /^(am \/api\/v2\/alerts|GET http:\/\/am\.fuzz:9093\/api\/v2\/alerts)/);
      if (listed !== null) expectDrawnSafe(drawnAlerts(listed.value), 'alerts');
      expectDecoded(await settleAsync(() => source.listSilences()), /^(am \/api\/v2\/silences|GET http:\/\/am\.fuzz:9093\/api\/v2\/silences)/);
    });
  });

  it('createSilence resolves with the new id, or a SourceFailure that says why', async () => {
    await fuzzAsync(RUNS.source, [anyAnswer(fc.record({silenceID: anyText}))], async (answer) => {
      backend.answer(answer);
      const id = expectDecoded(await settleAsync(() => source.createSilence(draft)), /^(am|POST http:\/\/am\.fuzz:9093)/);
      if (id !== null) expect(typeof id).toBe('string');
    });
  });

  it('expireSilence resolves or gives a SourceFailure, whatever the answer', async () => {
    await fuzzAsync(RUNS.source, [anyAnswer(fc.constant(null)), anyText], async (answer, id) => {
      backend.answer(answer);
      expectDecoded(await settleAsync(() => source.expireSilence(id)), /^(am|DELETE http:\/\/am\.fuzz:9093)/);
    });
  });

  it('decodes every valid answer, however hostile its strings', async () => {
    await fuzzAsync(RUNS.valid, [alerts, silences], async (a, s) => {
      backend.answer((path) => json(path.endsWith('/silences') ? s : a));
      const listed = await settleAsync(() => source.listAlerts());
      expect(listed.ok, listed.ok ? '' : String(listed.error)).toBe(true);
      if (listed.ok) expectDrawnSafe(drawnAlerts(listed.value.value), 'alerts');
      const silenced = await settleAsync(() => source.listSilences());
      expect(silenced.ok, silenced.ok ? '' : String(silenced.error)).toBe(true);
    });
  });
});
