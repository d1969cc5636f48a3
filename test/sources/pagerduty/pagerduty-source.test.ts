import {afterEach, describe, expect, it} from 'vitest';
import {NO_END} from '../../../src/domain/alert.ts';
import {alertPagedIncident, oncallsFor} from '../../../src/domain/incident.ts';
import {SourceFailure} from '../../../src/sources/capabilities.ts';
import {createPagerdutySource, type PagerdutySourceConfig} from '../../../src/sources/pagerduty/pagerduty-source.ts';
import {incidentBody, startFakePagerduty, type FakeIncident, type FakePagerduty, type FakeService} from '../../helpers/fake-pagerduty.ts';

const TOKEN = 'pd-secret-token-123';
let pd: FakePagerduty | null = null;

afterEach(async () => {
  if (!pd) return;
  expect(pd.fake.problems).toEqual([]);
  await pd.close();
  pd = null;
});

const CHECKOUT: FakeIncident = {
  id: 'PINC001',
  number: 1234,
  title: 'CheckoutHighErrorRate firing',
  status: 'acknowledged',
  priority: 'P1',
  serviceId: 'PSVC001',
  serviceName: 'Checkout API',
  acknowledgedBy: 'alice@example.com',
  firing: [{alertname: 'CheckoutHighErrorRate', service: 'checkout', severity: 'critical'}],
};

function config(url: string, extra: Partial<PagerdutySourceConfig> = {}): PagerdutySourceConfig {
  return {kind: 'pagerduty', name: 'pagerduty', apiUrl: url, from: 'bob@example.com', serviceIds: ['PSVC001'], teamIds: [], services: {PSVC001: 'checkout'}, timeout: '2s', ...extra};
}

describe('PagerDuty source', () => {
  it('lists triggered and acknowledged incidents of the configured services as alert rows', async () => {
    pd = await startFakePagerduty(TOKEN, [CHECKOUT, {id: 'PINC002', number: 1235, title: 'Disk full', status: 'triggered', urgency: 'low', serviceId: 'PSVC001', serviceName: 'Checkout API'}, {id: 'PINC003', number: 1, title: 'other', status: 'triggered', serviceId: 'POTHER', serviceName: 'Other'}]);
    const source = createPagerdutySource(config(pd.url), {token: TOKEN});
    const {value} = await source.listAlerts();
    expect(value.map((a) => [a.fingerprint, a.name, a.severity, a.labels['service'], a.source, a.incident?.number, a.incident?.status])).toEqual([
      ['pagerduty-PINC001', 'CheckoutHighErrorRate firing', 'critical', 'checkout', 'pagerduty', 1234, 'acknowledged'],
      ['pagerduty-PINC002', 'Disk full', 'warning', 'checkout', 'pagerduty', 1235, 'triggered'],
    ]);
    const [acked, open] = value;
    expect(acked!.generatorUrl).toBe('https://acme.pagerduty.com/incidents/PINC001');
    expect(acked!.incident).toMatchObject({acknowledgedBy: ['alice'], acknowledgedAt: Date.parse('2026-12-04T18:06:00Z'), service: 'Checkout API'});
    expect(acked!.ack).toEqual({by: 'alice', until: NO_END, silenceId: '', comment: 'acknowledged in PagerDuty'});
    expect(open!.ack).toBeNull();
    // The incident's alerts say which Alertmanager alert paged it.
    expect(alertPagedIncident({alertname: 'CheckoutHighErrorRate', service: 'checkout', severity: 'critical'}, acked!.incidentLinks!)).toBe(true);
    const list = pd.fake.calls('GET', '/incidents')[0]!;
    expect(list.query.getAll('statuses[]')).toEqual(['triggered', 'acknowledged']);
    expect(list.query.getAll('service_ids[]')).toEqual(['PSVC001']);
    // The token travels as PagerDuty's `Token token=`, reads carry no `From`.
    expect(list.headers.authorization).toBe(`Token token=${TOKEN}`);
    await source.close();
  });

  it('lists an incident opened more than a month ago and still open (PagerDuty lists the last month by default)', async () => {
    const DAY = 86_400_000;
    pd = await startFakePagerduty(TOKEN, [
      // Acknowledged 40 days ago and still open: a slow-burning, long-running incident.
      {id: 'POLD001', number: 3001, title: 'Disk slowly filling on db-7', status: 'acknowledged', acknowledgedBy: 'alice@example.com', serviceId: 'PSVC001', serviceName: 'Checkout API', createdAt: new Date(Date.now() - 40 * DAY).toISOString()},
      {id: 'PNEW001', number: 3002, title: 'Checkout is down', status: 'triggered', serviceId: 'PSVC001', serviceName: 'Checkout API', createdAt: new Date(Date.now() - 60_000).toISOString()},
    ]);
    const source = createPagerdutySource(config(pd.url), {token: TOKEN});
    const answer = await source.listAlerts({once: true});
    expect({listed: answer.value.map((a) => a.incident?.number).sort(), warnings: answer.warnings}).toEqual({listed: [3001, 3002], warnings: []});
    expect(pd.fake.calls('GET', '/incidents').map((r) => r.query.get('date_range'))).toEqual(['all']);
    await source.close();
  });

  it('keeps an unchanged incident the identical row, and reads its alerts once', async () => {
    pd = await startFakePagerduty(TOKEN, [CHECKOUT]);
    const source = createPagerdutySource(config(pd.url), {token: TOKEN});
    const first = (await source.listAlerts()).value[0];
    const second = (await source.listAlerts()).value[0];
    expect(second).toBe(first);
    expect(pd.fake.calls('GET', '/incidents/{id}/alerts')).toHaveLength(1);
    await source.close();
  });

  it('reads an incident whose alert body carries no details (an integration that sends none), linking it by its key', async () => {
    pd = await startFakePagerduty(TOKEN, [CHECKOUT]);
    pd.fake.route('GET', '/incidents/{id}/alerts', {body: {alerts: [{type: 'alert', id: 'A1', status: 'triggered', alert_key: 'checkout-key', body: {type: 'alert_body', contexts: []}}], limit: 100, offset: 0, more: false}});
    const source = createPagerdutySource(config(pd.url, {linkLabel: 'dedup_key'}), {token: TOKEN});
    const {value} = await source.listAlerts();
    expect(value.map((a) => [a.fingerprint, a.incidentLinks?.keys])).toEqual([['pagerduty-PINC001', ['checkout-key']]]);
    await source.close();
  });

  it('follows pagination to the last page', async () => {
    const many = Array.from({length: 230}, (_, n): FakeIncident => ({id: `PX${n}`, number: n + 1, title: `incident ${n}`, status: 'triggered', serviceId: 'PSVC001', serviceName: 'Checkout API'}));
    pd = await startFakePagerduty(TOKEN, many);
    const source = createPagerdutySource(config(pd.url), {token: TOKEN});
    const {value} = await source.listAlerts();
    expect(value).toHaveLength(230);
    expect(pd.fake.calls('GET', '/incidents').map((r) => [r.query.get('offset'), r.query.get('limit')])).toEqual([['0', '100'], ['100', '100'], ['200', '100']]);
    await source.close();
  });

  it('acknowledges and resolves as the configured user (`From`), one request each', async () => {
    pd = await startFakePagerduty(TOKEN, [{...CHECKOUT, status: 'triggered', acknowledgedBy: undefined}]);
    const source = createPagerdutySource(config(pd.url), {token: TOKEN});
    await source.acknowledgeIncident('PINC001');
    expect(pd.acks().map((r) => [r.path, r.headers.from, r.json])).toEqual([['/incidents/PINC001', 'bob@example.com', {incident: {type: 'incident_reference', status: 'acknowledged'}}]]);
    expect(pd.incidents.get('PINC001')?.status).toBe('acknowledged');
    await source.resolveIncident('PINC001');
    expect(pd.resolves()).toHaveLength(1);
    expect(pd.incidents.get('PINC001')?.status).toBe('resolved');
    await source.close();
  });

  it('waits out a 429 until the reset the server named, then sends once more', async () => {
    pd = await startFakePagerduty(TOKEN, [{...CHECKOUT, status: 'triggered', acknowledgedBy: undefined}]);
    let limited = true;
    pd.fake.route('PUT', '/incidents/{id}', (req) => {
      if (limited) {
        limited = false;
        return {status: 429, headers: {'ratelimit-limit': '960', 'ratelimit-remaining': '0', 'ratelimit-reset': '2'}, body: {error: {message: 'Rate Limit Exceeded', code: 2020}}};
      }
      return {body: {incident: incidentBody({...CHECKOUT, status: 'acknowledged', acknowledgedBy: String(req.headers.from)})}};
    });
    const sleeps: number[] = [];
    let clock = Date.now();
    const source = createPagerdutySource(config(pd.url), {token: TOKEN}, {now: () => clock, sleep: async (ms) => void (sleeps.push(ms), (clock += ms))});
    await source.acknowledgeIncident('PINC001');
    expect(sleeps).toHaveLength(1);
    // The reset is 2 s from the answer (read on the real clock, this test's clock started earlier).
    expect(sleeps[0]).toBeGreaterThan(1900);
    expect(sleeps[0]).toBeLessThan(2500);
    expect(pd.fake.calls('PUT', '/incidents/{id}')).toHaveLength(2);
    await source.close();
  });

  it('says a long rate limit\'s end as a wait and by the server\'s clock, never by this machine\'s clock that is off', async () => {
    pd = await startFakePagerduty(TOKEN, [CHECKOUT]);
    // This machine's clock is 10 minutes ahead of PagerDuty's; the limit resets 600 s from the answer.
    pd.fake.dateShiftMs = -600_000;
    pd.fake.route('GET', '/incidents', () => ({status: 429, headers: {'ratelimit-remaining': '0', 'ratelimit-reset': '600'}, body: {error: {message: 'Rate Limit Exceeded', code: 2020}}}));
    const source = createPagerdutySource(config(pd.url), {token: TOKEN}, {now: () => Date.now(), sleep: async () => {}});
    const before = Date.now();
    const failure = await source.listAlerts().then(() => null, (error: unknown) => error as Error);
    const after = Date.now();
    await source.close();
    const said = /rate limited \(HTTP 429\) — try again in 10m \(at (\S+) by the server's clock\)$/.exec(failure?.message ?? '');
    expect(said, failure?.message).not.toBeNull();
    // PagerDuty's now (whole seconds of its Date) plus 600 s: ten minutes before this machine's reading of the same instant.
    const at = Date.parse(said![1]!);
    expect(at).toBeGreaterThanOrEqual(before - 600_000 + 600_000 - 1000);
    expect(at).toBeLessThanOrEqual(after - 600_000 + 600_000);
  });

  it('never sleeps a read through a rate limit, however short: it fails at once with the reset, and sends nothing until it passes', async () => {
    pd = await startFakePagerduty(TOKEN, [CHECKOUT]);
    pd.fake.route('GET', '/incidents', () => ({status: 429, headers: {'retry-after': '50'}, body: {error: {message: 'Rate Limit Exceeded', code: 2020}}}));
    const sleeps: number[] = [];
    let clock = Date.now();
    const source = createPagerdutySource(config(pd.url), {token: TOKEN}, {now: () => clock, sleep: async (ms) => void (sleeps.push(ms), (clock += ms))});
    await expect(source.listAlerts()).rejects.toThrow(/^pagerduty: rate limited \(HTTP 429\) — try again in (49|50|51)s \(at \S+ by the server's clock\)$/);
    await expect(source.listOncalls()).rejects.toThrow(/rate limited \(HTTP 429\)/);
    expect(sleeps).toEqual([]);
    expect(pd.fake.calls('GET', '/incidents')).toHaveLength(1);
    expect(pd.fake.calls('GET', '/services')).toHaveLength(0);
    clock += 51_000;
    pd.fake.route('GET', '/incidents', () => ({body: {incidents: [], limit: 100, offset: 0, more: false}}));
    expect((await source.listAlerts()).value).toEqual([]);
    await source.close();
  });

  it('fails at once while a long rate limit lasts, sending nothing more until it passes', async () => {
    pd = await startFakePagerduty(TOKEN, [CHECKOUT]);
    pd.fake.route('GET', '/incidents', () => ({status: 429, headers: {'ratelimit-remaining': '0', 'ratelimit-reset': '600'}, body: {error: {message: 'Rate Limit Exceeded', code: 2020}}}));
    let clock = Date.now();
    const source = createPagerdutySource(config(pd.url), {token: TOKEN}, {now: () => clock, sleep: async (ms) => void (clock += ms)});
    await expect(source.listAlerts()).rejects.toThrow(/rate limited \(HTTP 429\).*try again in /);
    expect(pd.fake.calls('GET', '/incidents')).toHaveLength(1);
    await expect(source.listAlerts()).rejects.toThrow(/rate limited/);
    expect(pd.fake.calls('GET', '/incidents')).toHaveLength(1);
    clock += 601_000;
    pd.fake.route('GET', '/incidents', () => ({body: {incidents: [], limit: 100, offset: 0, more: false}}));
    expect((await source.listAlerts()).value).toEqual([]);
    await source.close();
  });

  it('never shows the token: a refused token is an auth failure naming the source', async () => {
    pd = await startFakePagerduty(TOKEN, [CHECKOUT]);
    const source = createPagerdutySource(config(pd.url), {token: 'wrong-token-456'});
    const error = await source.listAlerts().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceFailure);
    expect((error as SourceFailure).kind).toBe('auth');
    expect((error as Error).message).toMatch(/^pagerduty: not authorized \(HTTP 401\): Authentication failed/);
    expect((error as Error).message).not.toContain('wrong-token-456');
    const none = createPagerdutySource(config(pd.url), {});
    await expect(none.listAlerts()).rejects.toThrow('pagerduty: no API token (set tokenEnv or tokenFile)');
    await Promise.all([source.close(), none.close()]);
  });

  it('tells who is on call per escalation level for the services it watches', async () => {
    pd = await startFakePagerduty(TOKEN, [CHECKOUT], [{user: 'carol', level: 1}, {user: 'dave', level: 2}]);
    const source = createPagerdutySource(config(pd.url), {token: TOKEN});
    const {value} = await source.listOncalls();
    expect(value.map((o) => [o.user, o.level, o.services, o.schedule])).toEqual([
      ['carol', 1, ['checkout'], 'Checkout L1'],
      ['dave', 2, ['checkout'], 'Checkout L2'],
    ]);
    expect(pd.fake.calls('GET', '/oncalls')[0]!.query.getAll('escalation_policy_ids[]')).toEqual(['PPOL001']);
    await source.close();
  });

  describe("a service's on-call is its own escalation policy's, read afresh each time", () => {
    const ONCALLS = [
      {user: 'alice', level: 1, policyId: 'PPOL001'},
      {user: 'bob', level: 2, policyId: 'PPOL001'},
      {user: 'dave-dba', level: 1, policyId: 'PPOLDB'},
      {user: 'carol', level: 1, policyId: 'PPOL002'},
    ];
    // Checkout's incident, reassigned by the responder to the database team's escalation policy.
    const REASSIGNED: FakeIncident = {id: 'PINC001', number: 501, title: 'Checkout DB connection pool exhausted', status: 'triggered', serviceId: 'PSVC001', serviceName: 'Checkout API', policyId: 'PPOLDB'};
    const shown = (answer: Awaited<ReturnType<ReturnType<typeof createPagerdutySource>['listOncalls']>>) => oncallsFor(answer.value, 'checkout').map((o) => `L${o.level} ${o.user}`);

    it('not that of the policy one of its incidents was reassigned to', async () => {
      pd = await startFakePagerduty(TOKEN, [REASSIGNED], ONCALLS, [{id: 'PSVC001', name: 'Checkout API', policyId: 'PPOL001'}]);
      const source = createPagerdutySource(config(pd.url), {token: TOKEN});
      await source.listAlerts({once: true});
      expect(shown(await source.listOncalls())).toEqual(['L1 alice', 'L2 bob']);
      await source.close();
    });

    it("after the service's escalation policy is changed, the old policy's people are no longer shown", async () => {
      const checkout: FakeService = {id: 'PSVC001', name: 'Checkout API', policyId: 'PPOL001'};
      pd = await startFakePagerduty(TOKEN, [], ONCALLS, [checkout]);
      const source = createPagerdutySource(config(pd.url), {token: TOKEN});
      expect(shown(await source.listOncalls())).toEqual(['L1 alice', 'L2 bob']);
      // The team hands checkout over: PagerDuty now pages PPOL002 for it.
      checkout.policyId = 'PPOL002';
      expect(shown(await source.listOncalls())).toEqual(['L1 carol']);
      await source.close();
    });

    it("an incident's policy stands in only for a service PagerDuty did not list, and only while that incident is open", async () => {
      // The key cannot read checkout's service (not listed), but sees its incident.
      pd = await startFakePagerduty(TOKEN, [REASSIGNED], ONCALLS, [{id: 'PSVC001', name: 'Checkout API', policyId: 'PPOL001'}]);
      pd.fake.route('GET', '/services', {body: {services: [], limit: 100, offset: 0, more: false}});
      const source = createPagerdutySource(config(pd.url), {token: TOKEN});
      await source.listAlerts({once: true});
      const withIncident = await source.listOncalls();
      expect([shown(withIncident), withIncident.unknownServices]).toEqual([['L1 dave-dba'], []]);
      // Resolved: nothing tells checkout's policy any more; its on-call is unknown, not the DBA's.
      pd.incidents.get('PINC001')!.status = 'resolved';
      await source.listAlerts({once: true});
      const without = await source.listOncalls();
      expect([shown(without), without.unknownServices]).toEqual([[], ['checkout']]);
      await source.close();
    });
  });

  it('says which services it knows: one with nobody on its schedule is known, not unknown', async () => {
    pd = await startFakePagerduty(TOKEN, [CHECKOUT], []);
    const source = createPagerdutySource(config(pd.url), {token: TOKEN});
    const answer = await source.listOncalls();
    expect(answer).toEqual({value: [], warnings: [], services: ['checkout'], unknownServices: [], incomplete: false});
    await source.close();
  });

  it('says the on-call of a configured service PagerDuty does not list is unknown, never nobody', async () => {
    // No incident: the service is learnt only from /services, which does not list it (a typo, or a key that cannot read it).
    pd = await startFakePagerduty(TOKEN, [], [{user: 'carol', level: 1, policyId: 'POTHERPOL'}], [{id: 'POTHER', name: 'other', policyId: 'POTHERPOL'}]);
    const source = createPagerdutySource(config(pd.url), {token: TOKEN});
    const answer = await source.listOncalls();
    expect(answer.value).toEqual([]);
    expect(answer.unknownServices).toEqual(['checkout']);
    expect(answer.warnings).toEqual(['pagerduty: service PSVC001 (checkout) not found in PagerDuty (a wrong id, or one the API key cannot read): who is on call for it is unknown']);
    await source.close();
  });

  it('says a configured service past the services it read is unknown', async () => {
    // A large account: 2,500 services, ours past the 20 pages of 100 the client reads.
    const services: FakeService[] = Array.from({length: 2500}, (_, i) => ({id: `PSVC${1000 + i}`, name: `svc-${i}`, policyId: `PPOL${1000 + i}`}));
    pd = await startFakePagerduty(TOKEN, [], [{user: 'carol', level: 1, policyId: 'PPOL3400'}], services);
    const source = createPagerdutySource(config(pd.url, {serviceIds: ['PSVC3400'], services: {PSVC3400: 'checkout'}}), {token: TOKEN});
    const answer = await source.listOncalls();
    expect(pd.fake.calls('GET', '/services')).toHaveLength(20);
    expect(answer.value).toEqual([]);
    expect(answer.unknownServices).toEqual(['checkout']);
    expect(answer.warnings).toEqual(['pagerduty: service PSVC3400 (checkout) not found in PagerDuty (not among the first 2000 services read, or a wrong id): who is on call for it is unknown']);
    await source.close();
  });

  it('says a read cut short leaves the rest unknown: teams with more services than it reads, more on-calls than it reads', async () => {
    const services: FakeService[] = Array.from({length: 2100}, (_, i) => ({id: `PSVC${1000 + i}`, name: `svc-${i}`, policyId: 'PPOLBIG', teamId: 'PTEAM1'}));
    pd = await startFakePagerduty(TOKEN, [], [{user: 'carol', level: 1, policyId: 'PPOLBIG'}], services);
    const byTeam = createPagerdutySource(config(pd.url, {serviceIds: [], teamIds: ['PTEAM1'], services: {}}), {token: TOKEN});
    const teams = await byTeam.listOncalls();
    expect(teams.value.map((o) => o.user)).toEqual(['carol']);
    expect(teams.incomplete).toBe(true);
    expect(teams.warnings).toEqual(['pagerduty: more than 2000 services in the configured teams; the on-call of those past the first 2000 is unknown']);
    expect(pd.fake.problems).toEqual([]);
    await Promise.all([byTeam.close(), pd.close()]);

    // 2,100 on-call entries of checkout's policy: the 20 pages read are not all of them.
    pd = await startFakePagerduty(TOKEN, [CHECKOUT], Array.from({length: 2100}, (_, i) => ({user: `user${i}`, level: 1 + (i % 5)})));
    const source = createPagerdutySource(config(pd.url), {token: TOKEN});
    const answer = await source.listOncalls();
    expect(answer.value).toHaveLength(2000);
    expect(answer.incomplete).toBe(true);
    expect(answer.unknownServices).toEqual([]);
    expect(answer.warnings).toEqual(['pagerduty: more than 2000 on-call entries; showing the first 2000 (a service without one shown may have one)']);
    await source.close();
  });
});
