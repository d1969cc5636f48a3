import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {MockAgent} from 'undici';
import {describe, expect, it} from 'vitest';
import {createAlertmanagerSource} from '../../../src/sources/alertmanager/alertmanager-source.ts';
import {ExpiryMayHaveLanded, ExpiryNotFoundUnconfirmed, SilenceMayExist, SilenceNotFound, SilenceRefused} from '../../../src/sources/capabilities.ts';
import {loadContract, validate} from '../../helpers/openapi-schema.ts';
import {failureOf} from '../../helpers/failure.ts';

const ORIGIN = 'http://mimir.test:8080';
const JSON_HEADERS = {headers: {'content-type': 'application/json'}};
const spec = loadContract('alertmanager-api-v2.openapi.yaml');
const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

function setup() {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const source = createAlertmanagerSource({name: 'am-eu', baseUrl: ORIGIN, pathPrefix: '/alertmanager', headers: {'X-Scope-OrgID': 'team-a'}, dispatcher: agent});
  return {pool: agent.get(ORIGIN), source};
}

describe('createAlertmanagerSource', () => {
  it('lists alerts under the path prefix with the tenant header', async () => {
    const {pool, source} = setup();
    pool.intercept({path: '/alertmanager/api/v2/alerts', headers: {'X-Scope-OrgID': 'team-a'}}).reply(200, fixture('alerts-0.25.json'), JSON_HEADERS);
    const {value, warnings} = await source.listAlerts();
    expect(warnings).toEqual([]);
    expect(value.map((a) => [a.name, a.state, a.fingerprint])).toEqual([
      ['CheckoutErrorBudgetBurn', 'firing', '54e84b52d8041f63'],
      ['DiskFull', 'suppressed', '72f53153853b9cde'],
    ]);
  });

  it('lists silences', async () => {
    const {pool, source} = setup();
    pool.intercept({path: '/alertmanager/api/v2/silences'}).reply(200, fixture('silences-0.25.json'), JSON_HEADERS);
    const {value} = await source.listSilences();
    expect(value).toEqual([
      {
        id: 'c2028958-3815-4eda-9660-48bdf3b276c2',
        state: 'active',
        matchers: [{name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true}],
        startsAt: Date.UTC(2026, 10, 22, 3, 28, 38, 274),
        endsAt: Date.UTC(2026, 10, 22, 3, 43, 38, 266),
        createdBy: 'primary',
        comment: 'ACK! looking',
        updatedAt: Date.UTC(2026, 10, 22, 3, 28, 38, 274),
      },
    ]);
  });

  it('rejects a response of the wrong shape as bad-response naming the field', async () => {
    const {pool, source} = setup();
    pool.intercept({path: '/alertmanager/api/v2/alerts'}).reply(200, [{labels: {alertname: 'X'}, status: {state: 'active'}}], JSON_HEADERS);
    const failure = await failureOf(source.listAlerts());
    expect(failure.kind).toBe('bad-response');
    expect(failure.message).toBe('am-eu /api/v2/alerts: unexpected response shape at 0.fingerprint: Invalid input: expected string, received undefined');
  });

  it('creates a silence with a spec-valid body and returns the new id', async () => {
    const {pool, source} = setup();
    let sent: unknown = null;
    pool
      .intercept({path: '/alertmanager/api/v2/silences', method: 'POST', headers: {'content-type': 'application/json'}})
      .reply(200, (opts) => {
        sent = JSON.parse(String(opts.body));
        return {silenceID: 'new-id-2'};
      }, JSON_HEADERS);
    const id = await source.createSilence({
      id: 'old-id-1',
      matchers: [{name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true}],
      startsAt: Date.UTC(2026, 0, 1),
      endsAt: Date.UTC(2026, 0, 1, 0, 15),
      createdBy: 'primary',
      comment: 'ACK! extended',
    });
    expect(id).toBe('new-id-2');
    expect(sent).toEqual({
      id: 'old-id-1',
      matchers: [{name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true}],
      startsAt: '2026-01-01T00:00:00.000Z',
      endsAt: '2026-01-01T00:15:00.000Z',
      createdBy: 'primary',
      comment: 'ACK! extended',
    });
    expect(validate(spec, '#/definitions/postableSilence', sent)).toEqual([]);
  });

  it("surfaces the 400 JSON-string reason of a refused silence", async () => {
    const {pool, source} = setup();
    pool.intercept({path: '/alertmanager/api/v2/silences', method: 'POST'}).reply(400, '"Failed to create silence: start time must be before end time"', JSON_HEADERS);
    const failure = await failureOf(source.createSilence({matchers: [], startsAt: 2, endsAt: 1, createdBy: 'a', comment: 'b'}));
    expect(failure.kind).toBe('bad-response');
    expect(failure.message).toBe('am-eu: silence rejected: Failed to create silence: start time must be before end time');
    // Its own refusal: every peer of its cluster would refuse it too.
    expect(failure).toBeInstanceOf(SilenceRefused);
  });

  it("does not take a page from something in front of it for the Alertmanager's refusal", async () => {
    const {pool, source} = setup();
    pool.intercept({path: '/alertmanager/api/v2/silences', method: 'POST'}).reply(400, '<html><body>Bad Request</body></html>', {headers: {'content-type': 'text/html'}});
    const failure = await failureOf(source.createSilence({matchers: [], startsAt: 1, endsAt: 2, createdBy: 'a', comment: 'b'}));
    expect(failure).not.toBeInstanceOf(SilenceRefused);
  });

  it('expires a silence with DELETE, and reports an unknown id as bad-response', async () => {
    const {pool, source} = setup();
    pool.intercept({path: '/alertmanager/api/v2/silence/c2028958-3815', method: 'DELETE'}).reply(200, '');
    pool.intercept({path: '/alertmanager/api/v2/silence/gone', method: 'DELETE'}).reply(500, '"silence not found"', JSON_HEADERS);
    await expect(source.expireSilence('c2028958-3815')).resolves.toBeUndefined();
    const failure = await failureOf(source.expireSilence('gone'));
    expect(failure.kind).toBe('bad-response');
    expect(failure.message).toBe('am-eu: could not expire silence gone: silence not found');
    expect(failure).not.toBeInstanceOf(ExpiryMayHaveLanded);
    expect(failure).toBeInstanceOf(SilenceNotFound);
  });

  it("takes only the Alertmanager's own answer for an unknown silence, never a proxy's 404 page, for gone", async () => {
    const {pool, source} = setup();
    // A later Alertmanager's answer: a 404 without a body, as its API describes it.
    pool.intercept({path: '/alertmanager/api/v2/silence/gone', method: 'DELETE'}).reply(404, '');
    pool.intercept({path: '/alertmanager/api/v2/silence/s1', method: 'DELETE'}).reply(404, '<html><body><h1>404 Not Found</h1><hr>gateway</body></html>', {headers: {'content-type': 'text/html'}});
    expect(await failureOf(source.expireSilence('gone'))).toBeInstanceOf(SilenceNotFound);
    const page = await failureOf(source.expireSilence('s1'));
    expect(page).not.toBeInstanceOf(SilenceNotFound);
    expect(page).toBeInstanceOf(ExpiryNotFoundUnconfirmed);
    expect(page.message).toBe("am-eu: could not expire silence s1: HTTP 404 (404 Not Found gateway), not the Alertmanager's answer for an unknown silence: something in front of it may not pass the expiry on");
  });

  it("takes Grafana's own 404, JSON saying the silence was not found, for gone; any other 404 body stays unconfirmed", async () => {
    const {pool, source} = setup();
    // Grafana's managed Alertmanager answers an unknown id with its JSON error envelope.
    pool.intercept({path: '/alertmanager/api/v2/silence/gone', method: 'DELETE'}).reply(404, JSON.stringify({message: 'silence not found', traceID: ''}), JSON_HEADERS);
    pool.intercept({path: '/alertmanager/api/v2/silence/gone2', method: 'DELETE'}).reply(404, JSON.stringify({error: 'Silence not found'}), JSON_HEADERS);
    // A proxy's JSON 404 about its own routes, and a plain-text page that happens to say the words.
    pool.intercept({path: '/alertmanager/api/v2/silence/s1', method: 'DELETE'}).reply(404, JSON.stringify({message: 'Not found'}), JSON_HEADERS);
    pool.intercept({path: '/alertmanager/api/v2/silence/s2', method: 'DELETE'}).reply(404, 'silence not found', {headers: {'content-type': 'text/plain'}});
    const grafana = await failureOf(source.expireSilence('gone'));
    expect(grafana).toBeInstanceOf(SilenceNotFound);
    expect(grafana.message).toBe('am-eu: could not expire silence gone: silence not found');
    expect(await failureOf(source.expireSilence('gone2'))).toBeInstanceOf(SilenceNotFound);
    for (const id of ['s1', 's2']) {
      const other = await failureOf(source.expireSilence(id));
      expect(other).not.toBeInstanceOf(SilenceNotFound);
      expect(other).toBeInstanceOf(ExpiryNotFoundUnconfirmed);
    }
  });

  it('says an expiry answered by a gateway error may have landed: the DELETE may have been passed on', async () => {
    const {pool, source} = setup();
    pool.intercept({path: '/alertmanager/api/v2/silence/s1', method: 'DELETE'}).reply(502, '<html><body>Bad Gateway</body></html>', {headers: {'content-type': 'text/html'}});
    const failure = await failureOf(source.expireSilence('s1'));
    expect(failure).toBeInstanceOf(ExpiryMayHaveLanded);
    expect(failure.kind).toBe('unavailable');
    expect(failure.message).toBe('am-eu: the answer was an error after the request was sent (DELETE http://mimir.test:8080/alertmanager/api/v2/silence/s1: HTTP 502 Bad Gateway: Bad Gateway)');
  });

  it('keeps a server outage as unavailable, and says the silence may exist: a gateway may have passed the POST on', async () => {
    const {pool, source} = setup();
    pool.intercept({path: '/alertmanager/api/v2/silences', method: 'POST'}).reply(502, '<html><body>Bad Gateway</body></html>', {headers: {'content-type': 'text/html'}});
    const failure = await failureOf(source.createSilence({matchers: [], startsAt: 1, endsAt: 2, createdBy: 'a', comment: 'b'}));
    expect(failure).toBeInstanceOf(SilenceMayExist);
    expect(failure.kind).toBe('unavailable');
    expect(failure.message).toBe('am-eu: the answer was an error after the request was sent (POST http://mimir.test:8080/alertmanager/api/v2/silences: HTTP 502 Bad Gateway: Bad Gateway)');
  });

  it('a refused silence created nothing; an accepted one whose answer lacks the id may exist', async () => {
    const {pool, source} = setup();
    pool.intercept({path: '/alertmanager/api/v2/silences', method: 'POST'}).reply(400, '"bad matcher"', JSON_HEADERS);
    pool.intercept({path: '/alertmanager/api/v2/silences', method: 'POST'}).reply(200, '{"status":"accepted"}', JSON_HEADERS);
    const draft = {matchers: [], startsAt: 1, endsAt: 2, createdBy: 'a', comment: 'b'};
    expect(await failureOf(source.createSilence(draft))).not.toBeInstanceOf(SilenceMayExist);
    const accepted = await failureOf(source.createSilence(draft));
    expect(accepted).toBeInstanceOf(SilenceMayExist);
    expect(accepted.message).toMatch(/^am-eu: the silence was accepted but its id could not be read \(/);
  });

  it('an accepted silence answered with an empty id may exist: an empty id names no silence', async () => {
    const {pool, source} = setup();
    pool.intercept({path: '/alertmanager/api/v2/silences', method: 'POST'}).reply(200, '{"silenceID":""}', JSON_HEADERS);
    const accepted = await failureOf(source.createSilence({matchers: [], startsAt: 1, endsAt: 2, createdBy: 'a', comment: 'b'}));
    expect(accepted).toBeInstanceOf(SilenceMayExist);
    expect(accepted.message).toMatch(/^am-eu: the silence was accepted but its id could not be read \(.*empty silence id/);
  });

  it('a 303 See Other answers a POST that was processed: the silence may exist; a 302 or 307 (a login proxy, a moved URL) created nothing', async () => {
    const {pool, source} = setup();
    const draft = {matchers: [], startsAt: 1, endsAt: 2, createdBy: 'a', comment: 'b'};
    pool.intercept({path: '/alertmanager/api/v2/silences', method: 'POST'}).reply(303, '', {headers: {location: '/alertmanager/#/silences'}});
    const processed = await failureOf(source.createSilence(draft));
    expect(processed).toBeInstanceOf(SilenceMayExist);
    // Not an error: the request was processed and its answer is elsewhere.
    expect(processed.message).toBe('am-eu: redirected after the request was sent (HTTP 303): the silence may exist');
    pool.intercept({path: '/alertmanager/api/v2/silence/s1', method: 'DELETE'}).reply(303, '', {headers: {location: '/alertmanager/#/silences'}});
    const expired = await failureOf(source.expireSilence('s1'));
    expect(expired).toBeInstanceOf(ExpiryMayHaveLanded);
    expect(expired.message).toBe('am-eu: redirected after the request was sent (HTTP 303): the silence may have been expired');
    for (const status of [302, 307]) {
      pool.intercept({path: '/alertmanager/api/v2/silences', method: 'POST'}).reply(status, '', {headers: {location: 'https://sso.example/login'}});
      expect(await failureOf(source.createSilence(draft))).not.toBeInstanceOf(SilenceMayExist);
    }
  });
});
