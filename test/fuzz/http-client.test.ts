/**
 * Fuzzing the first decoder every answer meets: the HTTP client's reading of status, content
 * type and body bytes into JSON or a failure. Whatever arrives, `getJson` resolves with parsed
 * JSON or rejects with an HttpFailure whose message is one sanitized line that never quotes a
 * secret, even when the body echoes it back.
 */
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import {createHttpClient} from '../../src/sources/http/http-client.ts';
import {HttpFailure} from '../../src/sources/http/http-errors.ts';
import {anyBytes, anyJson, anyText, brokenJson, hostilePiece} from './arbitraries.ts';
import {expectDrawnSafe} from './drawn.ts';
import {fakeBackend, json, type Answer} from './fake-backend.ts';
import {expectSourceFailure, fuzzAsync, RUNS, settleAsync} from './fuzz-run.ts';

const TOKEN = 'tok-3f9a1c7e5b2d';
const PASSWORD = 'pw-8e6d4c2a0b';
const backend = fakeBackend('http://api.fuzz:8080');
afterAll(() => backend.close());
const client = createHttpClient({baseUrl: backend.origin, bearerToken: TOKEN, headers: {'X-Api-Key': PASSWORD, 'X-Scope-OrgID': 'team-a'}, timeoutMs: 2_000, dispatcher: backend.dispatcher});

const status = fc.oneof(fc.constantFrom(200, 201, 204, 400, 401, 403, 404, 408, 422, 429, 500, 502, 503, 504), fc.integer({min: 200, max: 599}));
const contentType = fc.oneof(fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/vnd.github+json', 'text/html', 'text/plain', ''), anyText);
/** A body that may echo the credentials back, as a misbehaving proxy's error page does. */
const body = fc.oneof(
  anyBytes,
  anyText,
  brokenJson(anyJson),
  anyJson.map((v) => JSON.stringify(v) ?? ''),
  fc.tuple(anyText, hostilePiece).map(([t, h]) => JSON.stringify({error: `${t}${h}Bearer ${TOKEN}`, errorType: 'timeout', message: PASSWORD})),
  anyText.map((t) => `<html><title>${t}</title><body>Authorization: Bearer ${TOKEN} ${PASSWORD}</body></html>`),
);

describe('createHttpClient on any status, content type and bytes', () => {
  it('resolves with JSON or rejects with a clear, sanitized HttpFailure that quotes no secret', async () => {
    await fuzzAsync(RUNS.decoder, [fc.record({status, contentType, body}) as fc.Arbitrary<Answer>], async (answer) => {
      backend.answer(answer);
      const outcome = await settleAsync(() => client.getJson('/api/v1/query', {query: 'up'}));
      if (outcome.ok) {
        // Only a 2xx JSON answer, or an empty one, is a value.
        expect(answer.status >= 200 && answer.status < 300).toBe(true);
        return;
      }
      const failure = expectSourceFailure(outcome.error, 'GET http://api.fuzz:8080/api/v1/query: ');
      expect(failure).toBeInstanceOf(HttpFailure);
      expect((failure as HttpFailure).status).toBe(answer.status);
      expectDrawnSafe([failure.message, (failure as HttpFailure).detail ?? ''], 'failure');
      for (const secret of [TOKEN, PASSWORD]) expect(failure.message).not.toContain(secret);
      expect(failure.message).not.toContain('?query');
    });
  });

  it('a 2xx JSON answer is exactly the JSON that was sent', async () => {
    await fuzzAsync(RUNS.source, [anyJson], async (value) => {
      backend.answer(json(value));
      expect(await client.getJson('/x')).toEqual(JSON.parse(JSON.stringify(value)));
    });
  });
});
