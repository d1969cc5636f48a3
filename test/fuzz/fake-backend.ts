/**
 * A backend that answers whatever the current fuzz run says, through undici's MockAgent, so a
 * source is fuzzed end to end: its real HTTP client reads the bytes, checks the content type,
 * parses the JSON and maps the status, then the source decodes. One per test file, answers
 * changed per run; no sockets, so hundreds of runs take a moment.
 */
import fc from 'fast-check';
import {MockAgent} from 'undici';
import {anyBytes, anyText, brokenJson, decoderInput} from './arbitraries.ts';

/** One answer: a status, a content type and the body's bytes (or text). */
export interface Answer {
  status: number;
  contentType: string;
  body: string | Uint8Array;
  /** Further response headers (a 429's `ratelimit-reset`, `retry-after`). */
  headers?: Record<string, string>;
}

/** A JSON 200 answer of `value` (the way every backend sends success). */
export const json = (value: unknown, status = 200): Answer => ({status, contentType: 'application/json', body: JSON.stringify(value) ?? 'null'});

/** The fake: the dispatcher to give a source, and the answer per request path. */
export interface FakeBackend {
  origin: string;
  dispatcher: MockAgent;
  /**
   * Sets how each request is answered from now on: by its path (without the query) and body
   * (Prometheus posts every query to one path, what it asks in a form), or one answer for all.
   */
  answer(by: Answer | ((path: string, body: string) => Answer)): void;
  close(): Promise<void>;
}

/** Starts a fake at `origin`, e.g. `http://prom.fuzz:9090`. */
export function fakeBackend(origin: string): FakeBackend {
  const dispatcher = new MockAgent();
  dispatcher.disableNetConnect();
  let current: (path: string, body: string) => Answer = () => json(null, 404);
  dispatcher
    .get(origin)
    .intercept({path: () => true, method: () => true})
    .reply((opts) => {
      const a = current(opts.path.split('?')[0] ?? '', typeof opts.body === 'string' ? opts.body : '');
      const data = typeof a.body === 'string' ? a.body : Buffer.from(a.body);
      return {statusCode: a.status, data, responseOptions: {headers: {'content-type': a.contentType, ...a.headers}}};
    })
    .persist();
  return {
    origin,
    dispatcher,
    answer(by) {
      current = typeof by === 'function' ? by : () => by;
    },
    close: () => dispatcher.close(),
  };
}

const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/problem+json', 'text/html', 'text/plain', '');

/**
 * Any answer a backend could give where `valid` is expected: mostly JSON built around a valid
 * answer (mutated, or arbitrary JSON), then broken JSON, arbitrary bytes under any content type,
 * and error statuses with anything in their body.
 */
export function anyAnswer(valid: fc.Arbitrary<unknown>): fc.Arbitrary<Answer> {
  const ok = fc.constantFrom(200, 200, 200, 201, 204);
  const error = fc.constantFrom(400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504);
  return fc.oneof(
    {arbitrary: fc.tuple(decoderInput(valid)).map(([v]) => json(v)), weight: 6},
    {arbitrary: fc.record({status: ok, contentType: fc.constant('application/json'), body: brokenJson(valid)}), weight: 2},
    {arbitrary: fc.record({status: ok, contentType, body: anyBytes}), weight: 1},
    {arbitrary: fc.record({status: error, contentType, body: fc.oneof(anyText, brokenJson(valid), fc.tuple(anyText).map(([m]) => JSON.stringify({message: m, error: m})))}), weight: 2},
  );
}
