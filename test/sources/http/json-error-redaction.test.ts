/**
 * A token a backend echoes in its error body is redacted whatever the body's content type and
 * however JSON wrote it. A JSON body sent as `text/plain` used to be decoded only after the
 * client had redacted it, with no secrets at hand, so `glpat-…\/…\u002b…` came out in clear.
 */
import {MockAgent} from 'undici';
import {describe, expect, it} from 'vitest';
import {ciFailure} from '../../../src/sources/ci/ci-http.ts';
import {createHttpClient} from '../../../src/sources/http/http-client.ts';
import {HttpFailure, redact} from '../../../src/sources/http/http-errors.ts';

const ORIGIN = 'http://gitlab.test';
const TOKEN = 'glpat-SECRET/abc+def';
// `\/` is JSON's optional escape of `/`; `\u002b` is `+`: neither is the token as configured.
const escaped = (text: string) => JSON.stringify(text).slice(1, -1).replace('/', '\\/').replace('+', '\\u002b');

/** What the client throws for a 401 with `body` sent as `contentType`. */
async function failureOf(contentType: string, body: string): Promise<HttpFailure> {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agent.get(ORIGIN).intercept({path: '/api/v4/projects'}).reply(401, body, {headers: {'content-type': contentType}});
  const client = createHttpClient({baseUrl: ORIGIN, bearerToken: TOKEN, timeoutMs: 2000, dispatcher: agent});
  try {
    await client.getJson('/api/v4/projects');
  } catch (error) {
    if (error instanceof HttpFailure) return error;
    throw error;
  } finally {
    await client.close();
  }
  throw new Error('expected a failure');
}

describe('a token echoed in a JSON error body', () => {
  it.each(['application/json', 'text/plain', ''])('is redacted when the body is sent as %j, and the message is decoded', async (type) => {
    const failure = await failureOf(type, `{"message":"invalid token Bearer ${escaped(TOKEN)}"}`);
    const said = ciFailure(failure, 'gitlab acme/shop').message;
    expect(said).toBe('gitlab acme/shop: not authorized (HTTP 401): invalid token Bearer [redacted]');
    expect(failure.detailFromJson).toBe(true);
  });

  it('is redacted in a body of a shape the client does not read, where it stays escaped', async () => {
    const failure = await failureOf('application/json', `{"detail":"bad token ${escaped(TOKEN)}"}`);
    expect(failure.message).not.toContain('SECRET');
    expect(failure.detail).toBe('{"detail":"bad token [redacted]"}');
  });

  it("reads GitLab's field errors sent as text/plain, their controls escaped", async () => {
    const body = JSON.stringify({message: {ref: ['denied \x1b]52;c;aGk=\x07\u202e'], base: ['Reference not found']}});
    const said = ciFailure(await failureOf('text/plain', body), 'gitlab').message;
    expect(said).toBe('gitlab: not authorized (HTTP 401): ref: denied ␛]52;c;aGk=\\x07\\u202e; base: Reference not found');
  });

  it('keeps a text/plain body that only starts like JSON as it was', async () => {
    const failure = await failureOf('text/plain', `{not json} token ${TOKEN}`);
    expect([failure.detail, failure.detailFromJson]).toEqual(['{not json} token [redacted]', false]);
  });
});

describe('redact', () => {
  it('finds a secret in every form JSON may write it in, and only that secret', () => {
    const secret = 'a/b+"c\\d-é😀';
    const forms = [
      JSON.stringify(secret).slice(1, -1),
      'a\\/b\\u002b\\"c\\\\d-\\u00e9\\ud83d\\ude00',
      'a\\u002Fb+\\u0022c\\u005Cd\\u002d\\u00E9😀',
    ];
    for (const form of forms) expect(redact(`x ${form} y`, [secret]), form).toBe('x [redacted] y');
    // Another value that only looks alike stays.
    expect(redact('A\\/b+"c\\\\d-é😀', [secret])).toBe('A\\/b+"c\\\\d-é😀');
  });
});

describe('redact over JSON escapes, whatever the secret', () => {
  // A 6 KB cookie or JWT made a pattern of one group per character, which the regular expression
  // compiler refused with an error that spelled the secret out, in place of the failure.
  it('redacts a secret of 9,000 characters, as written and JSON-escaped, without throwing', () => {
    const secret = `eyJ${'a1/b2+c3'.repeat(1_125)}`;
    const text = `see https:\\/\\/docs: ${secret} and ${JSON.stringify(secret).slice(1, -1).replaceAll('/', '\\/')} end`;
    const out = redact(text, [secret]);
    expect(out).toBe('see https:\\/\\/docs: [redacted] and [redacted] end');
  });

  it('redacts a secret ending in a backslash, written `\\\\` by JSON, leaving nothing of it', () => {
    expect(redact('x "pa55\\\\w\\\\" y', ['pa55\\w\\'])).toBe('x "[redacted]" y');
  });

  it('keeps a text with escapes but no secret as it came', () => {
    const text = 'a \\u002b b \\/ c \\q \\u12 d\\';
    expect(redact(text, ['tok-nothing-here-1234'])).toBe(text);
  });
});

describe('a JSON error body with an empty message', () => {
  it('is quoted as it came, so its other words still say what went wrong', async () => {
    const failure = await failureOf('text/plain', '{"message":"","detail":"token expired at 10:00"}');
    expect(failure.detail).toContain('token expired at 10:00');
  });
});
