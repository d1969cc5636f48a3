/**
 * A token a proxy or gateway echoes URL-encoded (the request's query or form body quoted in its
 * error page) is redacted: `glpat-SECRET%2Fabc%2Bdef` and `%2f`/`%2b` spell the token as surely
 * as the token itself, and used to come out in clear.
 */
import {MockAgent} from 'undici';
import {describe, expect, it} from 'vitest';
import {createHttpClient} from '../../../src/sources/http/http-client.ts';
import {HttpFailure, redact} from '../../../src/sources/http/http-errors.ts';

const ORIGIN = 'http://proxy.test';
const TOKEN = 'glpat-SECRET/abc+def';

describe('a URL-encoded secret', () => {
  it.each([
    ['encodeURIComponent', encodeURIComponent(TOKEN)],
    ['lower-case hex', encodeURIComponent(TOKEN).toLowerCase().replace('glpat-secret', 'glpat-SECRET')],
    ['every character encoded', [...TOKEN].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')],
  ])('is redacted when written with %s', (_how, spelled) => {
    expect(redact(`denied: /login?token=${spelled}&next=%2F`, [TOKEN])).toBe('denied: /login?token=[redacted]&next=%2F');
  });

  it('leaves percent signs that spell nothing secret as they came', () => {
    expect(redact('disk 100% full, %zz, 50%', [TOKEN])).toBe('disk 100% full, %zz, 50%');
  });

  it('is redacted from the failure a proxy page quoting the request makes', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const page = `<html><body>403 Forbidden: GET /api?private_token=${encodeURIComponent(TOKEN)}</body></html>`;
    agent.get(ORIGIN).intercept({path: '/api/v4/projects'}).reply(403, page, {headers: {'content-type': 'text/html'}});
    const client = createHttpClient({baseUrl: ORIGIN, bearerToken: TOKEN, timeoutMs: 2000, dispatcher: agent});
    const failure = await client.getJson('/api/v4/projects').then(
      () => null,
      (error: unknown) => error,
    );
    await client.close();
    expect(failure).toBeInstanceOf(HttpFailure);
    const said = `${(failure as HttpFailure).message} ${(failure as HttpFailure).detail ?? ''}`;
    expect(said).toContain('[redacted]');
    expect(said).not.toContain('SECRET');
  });
});
