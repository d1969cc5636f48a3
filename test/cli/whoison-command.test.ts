import type http from 'node:http';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {incidentBody, startFakePagerduty, type FakePagerduty} from '../helpers/fake-pagerduty.ts';
import {startLocalServer, type LocalServer} from '../sources/http/local-server.ts';
import {run, tempDir} from './cli-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
let pd: FakePagerduty;
const TOKEN = 'pd-cli-token-77';

beforeEach(async () => {
  tmp = tempDir();
  pd = await startFakePagerduty(TOKEN, [{id: 'PINC1', number: 1234, title: 'CheckoutHighErrorRate', status: 'triggered', serviceId: 'PSVC001', serviceName: 'Checkout API'}], [{user: 'carol', level: 1}, {user: 'dave', level: 2}]);
});
afterEach(async () => {
  expect(pd.fake.problems).toEqual([]);
  await pd.close();
  tmp.cleanup();
});

const config = () =>
  tmp.write('config.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    alertSources:\n      - kind: pagerduty\n        apiUrl: ${pd.url}\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        serviceIds: [PSVC001]\n        services: {PSVC001: checkout}\n`);

describe('oncall whoison, alerts and ack with PagerDuty', () => {
  it('prints who is on call per level for a service, and as JSON', async () => {
    const path = config();
    const text = await run(['whoison', 'checkout', '--config', path], {PD_TOKEN: TOKEN});
    expect(text.code).toBe(0);
    expect(text.out.split('\n')[0]).toBe('on call for checkout: L1 carol · L2 dave');
    expect(text.out + text.err).not.toContain(TOKEN);
    const json = await run(['whoison', '--json', '--config', path], {PD_TOKEN: TOKEN});
    expect(JSON.parse(json.out).oncalls.map((o: {user: string; level: number; services: string[]}) => [o.level, o.user, o.services])).toEqual([[1, 'carol', ['checkout']], [2, 'dave', ['checkout']]]);
  });

  it('says the runtime\'s notes on stderr as every command does: a broken context not selected, a token not found', async () => {
    const path = tmp.write('notes.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    prometheus: {url: "http://127.0.0.1:1", bearerTokenEnv: PROM_TOKEN}\n    alertSources:\n      - kind: pagerduty\n        apiUrl: ${pd.url}\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        serviceIds: [PSVC001]\n        services: {PSVC001: checkout}\n  - name: staging\n    prometheus: {url: "htp://staging-prom:9090"}\n`);
    const text = await run(['whoison', 'checkout', '--config', path], {PD_TOKEN: TOKEN});
    expect([text.code, text.out.split('\n')[0]]).toEqual([0, 'on call for checkout: L1 carol · L2 dave']);
    expect(text.err).toContain('note: prometheus: bearer token not found (env var PROM_TOKEN)\n');
    expect(text.err).toMatch(/note: .*contexts\[1\]\.prometheus\.url: must be an http or https URL .*\(context staging is not selected; it will not open\)\n/);
  });

  it('says a word no PagerDuty service maps to, naming the ones known, never "nobody on call"', async () => {
    const path = config();
    // A typo at 3 a.m., and a service the config does not map at all: neither is a service with nobody on call.
    const typo = await run(['whoison', 'chekout', '--config', path], {PD_TOKEN: TOKEN});
    expect([typo.code, typo.out, typo.err]).toEqual([2, '', 'whoison: no PagerDuty service maps to chekout (known: checkout)\n']);
    const unmapped = await run(['whoison', 'search', '--config', path], {PD_TOKEN: TOKEN});
    expect([unmapped.code, unmapped.out, unmapped.err]).toEqual([2, '', 'whoison: no PagerDuty service maps to search (known: checkout)\n']);
  });

  it('says "nobody" for a mapped service with nobody on its schedule, UNKNOWN for one PagerDuty did not list', async () => {
    await pd.close();
    // search's policy has nobody on call; PSVC404 (payments) is a wrong id: /services does not list it.
    pd = await startFakePagerduty(TOKEN, [{id: 'PINC1', number: 1234, title: 'CheckoutHighErrorRate', status: 'triggered', serviceId: 'PSVC001', serviceName: 'Checkout API'}], [{user: 'carol', level: 1}], [{id: 'PSVC002', name: 'Search API', policyId: 'PPOL002'}]);
    const path = tmp.write('three.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    alertSources:\n      - kind: pagerduty\n        apiUrl: ${pd.url}\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        serviceIds: [PSVC001, PSVC002, PSVC404]\n        services: {PSVC001: checkout, PSVC002: search, PSVC404: payments}\n`);
    const warning = 'warning: pagerduty: service PSVC404 (payments) not found in PagerDuty (a wrong id, or one the API key cannot read): who is on call for it is unknown\n';
    const nobody = await run(['whoison', 'search', '--config', path], {PD_TOKEN: TOKEN});
    expect([nobody.code, nobody.out, nobody.err]).toEqual([1, 'nobody on call for search\n', warning]);
    const unknown = await run(['whoison', 'payments', '--config', path], {PD_TOKEN: TOKEN});
    expect([unknown.code, unknown.out, unknown.err]).toEqual([3, 'on call for payments: UNKNOWN, its PagerDuty service was not found (see the warning)\n', warning]);
    const all = await run(['whoison', '--config', path], {PD_TOKEN: TOKEN});
    expect(all.code).toBe(3);
    expect(all.out.split('\n')[0]).toBe('on call: L1 carol');
    expect(all.out).toContain('  UNKNOWN for payments: its PagerDuty service was not found (see the warning)\n');
    const json = await run(['whoison', 'payments', '--json', '--config', path], {PD_TOKEN: TOKEN});
    expect(json.code).toBe(3);
    expect(JSON.parse(json.out)).toMatchObject({service: 'payments', oncalls: [], unknownServices: ['payments'], incomplete: false});
  });

  it('prints what a source said beside its answer on stderr, and in --json', async () => {
    await pd.close();
    // A schedule with nobody on it: the entry cannot be shown, and that is said.
    pd = await startFakePagerduty(TOKEN, [{id: 'PINC1', number: 1234, title: 'CheckoutHighErrorRate', status: 'triggered', serviceId: 'PSVC001', serviceName: 'Checkout API'}], [{user: 'carol', level: 1}, {user: null, level: 2}]);
    const path = config();
    const warning = 'warning: pagerduty: 1 on-call entry without a user or escalation policy (nobody on call there?)\n';
    const text = await run(['whoison', 'checkout', '--config', path], {PD_TOKEN: TOKEN});
    expect([text.code, text.out.split('\n')[0], text.err]).toEqual([0, 'on call for checkout: L1 carol', warning]);
    const json = await run(['whoison', '--json', '--config', path], {PD_TOKEN: TOKEN});
    expect(JSON.parse(json.out).warnings).toEqual(['pagerduty: 1 on-call entry without a user or escalation policy (nobody on call there?)']);
    expect(json.err).toBe(warning);
  });

  it('never says "nobody" for a source it could not read: unknown when none answered, the rest marked incomplete', async () => {
    const path = config();
    const down = await run(['whoison', 'checkout', '--config', path], {PD_TOKEN: 'wrong-token'});
    expect([down.code, down.out]).toEqual([3, 'on call for checkout: UNKNOWN, pagerduty could not be read\n']);
    expect(down.err).toMatch(/^note: pagerduty: auth/);
    // A second PagerDuty account that refuses connections beside the one that answers.
    const two = tmp.write('two.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    alertSources:\n      - kind: pagerduty\n        name: pd-main\n        apiUrl: ${pd.url}\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        serviceIds: [PSVC001]\n        services: {PSVC001: checkout}\n      - kind: pagerduty\n        name: pd-other\n        apiUrl: http://127.0.0.1:1\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        serviceIds: [PSVC009]\n`);
    const partial = await run(['whoison', 'checkout', '--config', two], {PD_TOKEN: TOKEN});
    expect(partial.code).toBe(3);
    expect(partial.out.split('\n')[0]).toBe('on call for checkout: L1 carol · L2 dave');
    expect(partial.out).toContain('  (not read: pd-other: the list may be incomplete)\n');
    const nobody = await run(['whoison', 'search', '--config', two], {PD_TOKEN: TOKEN});
    expect([nobody.code, nobody.out]).toEqual([3, 'nobody on call for search in the sources that answered (not read: pd-other)\n']);
  });

  it('says in --json, as the text does, that the on-call of the services a source not read watches is unknown', async () => {
    const path = config();
    // PagerDuty refuses the token: nothing read, so checkout's on-call is unknown, not an empty list.
    const all = await run(['whoison', '--json', '--config', path], {PD_TOKEN: 'wrong-token'});
    expect(all.code).toBe(3);
    expect(JSON.parse(all.out)).toMatchObject({service: null, oncalls: [], unknownServices: ['checkout'], incomplete: true, errors: [expect.stringMatching(/^pagerduty: auth/)]});
    const asked = await run(['whoison', 'checkout', '--json', '--config', path], {PD_TOKEN: 'wrong-token'});
    expect(asked.code).toBe(3);
    expect(JSON.parse(asked.out)).toMatchObject({service: 'checkout', oncalls: [], unknownServices: ['checkout'], incomplete: true});
    // One account answers, another refuses connections: its services, and a service asked that no
    // answer names anyone for, are unknown; one named on call is not, and the list is incomplete.
    const two = tmp.write('two.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    alertSources:\n      - kind: pagerduty\n        name: pd-main\n        apiUrl: ${pd.url}\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        serviceIds: [PSVC001]\n        services: {PSVC001: checkout}\n      - kind: pagerduty\n        name: pd-other\n        apiUrl: http://127.0.0.1:1\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        serviceIds: [PSVC009, PSVC010]\n        services: {PSVC009: search}\n`);
    const partial = JSON.parse((await run(['whoison', '--json', '--config', two], {PD_TOKEN: TOKEN})).out);
    expect([partial.oncalls.map((o: {user: string}) => o.user), partial.unknownServices, partial.incomplete]).toEqual([['carol', 'dave'], ['PSVC010', 'search'], true]);
    const search = await run(['whoison', 'search', '--json', '--config', two], {PD_TOKEN: TOKEN});
    expect([search.code, JSON.parse(search.out).unknownServices]).toEqual([3, ['search']]);
    const checkout = await run(['whoison', 'checkout', '--json', '--config', two], {PD_TOKEN: TOKEN});
    expect([checkout.code, JSON.parse(checkout.out).unknownServices, JSON.parse(checkout.out).incomplete]).toEqual([3, [], true]);
  });

  it('asks a PagerDuty entry two contexts share once, and one of each token reference apart', async () => {
    const entry = (tokenEnv: string) => `    alertSources:\n      - kind: pagerduty\n        apiUrl: ${pd.url}\n        tokenEnv: ${tokenEnv}\n        from: alice@example.com\n        serviceIds: [PSVC001]\n        services: {PSVC001: checkout}\n`;
    const twins = tmp.write('twins.yaml', `current-context: eu\ncontexts:\n  - name: eu\n${entry('PD_TOKEN')}  - name: us\n${entry('PD_TOKEN')}`);
    const shared = await run(['whoison', 'checkout', '--config', twins, '--context', 'eu,us'], {PD_TOKEN: TOKEN});
    expect([shared.code, shared.out.split('\n')[0]]).toEqual([0, 'on call for checkout: L1 carol · L2 dave']);
    expect(pd.fake.calls('GET', '/oncalls')).toHaveLength(1);
    // Another credential reference is another adapter, whatever its value: never pooled.
    const apart = tmp.write('apart.yaml', `current-context: eu\ncontexts:\n  - name: eu\n${entry('PD_TOKEN')}  - name: us\n${entry('PD_TOKEN_US')}`);
    const both = await run(['whoison', 'checkout', '--config', apart, '--context', 'eu,us'], {PD_TOKEN: TOKEN, PD_TOKEN_US: TOKEN});
    expect([both.code, both.out.split('\n')[0]]).toEqual([0, 'on call for checkout: L1 carol · L2 dave']);
    expect(pd.fake.calls('GET', '/oncalls')).toHaveLength(3);
  });

  it('lists incidents in alerts --json and acks one by its id', async () => {
    const path = config();
    const listed = await run(['alerts', '--json', '--config', path], {PD_TOKEN: TOKEN});
    const alert = JSON.parse(listed.out).alerts[0];
    expect([alert.source, alert.incident.id, alert.incident.number, alert.incident.status, alert.labels.service]).toEqual(['pagerduty', 'PINC1', 1234, 'triggered', 'checkout']);
    const acked = await run(['ack', 'PINC1', '--config', path], {PD_TOKEN: TOKEN, XDG_STATE_HOME: tmp.dir});
    expect(acked.out).toContain('acknowledged incident PD #1234 on pagerduty');
    expect(acked.code).toBe(0);
    expect(pd.acks().map((r) => r.headers.from)).toEqual(['alice@example.com']);
    expect(listed.out + acked.out + acked.err).not.toContain(TOKEN);
  });

  it('says an incident resolved just before its acknowledge went was not acknowledged, and sends nothing to it', async () => {
    const path = config();
    // A colleague resolves it between the command's list and its acknowledge: the read before sending sees it.
    pd.fake.route('GET', '/incidents/{id}', () => {
      const held = pd.incidents.get('PINC1')!;
      held.status = 'resolved';
      return {body: {incident: incidentBody(held)}};
    });
    const acked = await run(['ack', 'PINC1', '--config', path], {PD_TOKEN: TOKEN, XDG_STATE_HOME: tmp.dir});
    expect(acked.out).toContain('  incident PD #1234 on pagerduty: resolved meanwhile, nothing to acknowledge\n');
    expect(acked.out).not.toContain('acknowledged incident');
    expect(acked.code).toBe(0);
    expect([pd.acks(), pd.incidents.get('PINC1')!.status]).toEqual([[], 'resolved']);
  });

  it('asks the PagerDuty sources of several contexts at once, and prints them in the order they are configured', async () => {
    const other = await startFakePagerduty(TOKEN, [{id: 'PINC2', number: 77, title: 'CheckoutLatency', status: 'triggered', serviceId: 'PSVC001', serviceName: 'Checkout API'}], [{user: 'erin', level: 1}, {user: 'frank', level: 3}]);
    // Slow links: each stand-in holds a request until the other one has one in flight too (or a
    // while has passed, as it does when the sources are asked one after another).
    let inFlight = 0;
    let mostInFlight = 0;
    let release = () => {};
    const both = new Promise<void>((resolve) => (release = resolve));
    const slow = (upstream: string) =>
      startLocalServer((req: http.IncomingMessage, res: http.ServerResponse) => {
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        if (inFlight === 2) release();
        const waited = new Promise((resolve) => setTimeout(resolve, 1500));
        void Promise.race([both, waited])
          .then(() => fetch(`${upstream}${req.url ?? '/'}`, {headers: {authorization: String(req.headers.authorization), accept: String(req.headers.accept)}}))
          .then(async (answer) => {
            inFlight--;
            res.writeHead(answer.status, {'content-type': answer.headers.get('content-type') ?? 'application/json'}).end(await answer.text());
          });
      });
    const fronts: LocalServer[] = [await slow(pd.url), await slow(other.url)];
    try {
      const entry = (name: string, url: string) => `    alertSources:\n      - kind: pagerduty\n        name: ${name}\n        apiUrl: ${url}\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        serviceIds: [PSVC001]\n        services: {PSVC001: checkout}\n`;
      const path = tmp.write('slow.yaml', `current-context: eu\ncontexts:\n  - name: eu\n${entry('pd-eu', fronts[0]!.url)}  - name: us\n${entry('pd-us', fronts[1]!.url)}`);
      const {code, out} = await run(['whoison', 'checkout', '--json', '--config', path, '--context', 'eu,us'], {PD_TOKEN: TOKEN});
      expect(code).toBe(0);
      expect(mostInFlight).toBe(2);
      const rows = (JSON.parse(out) as {oncalls: Array<{source: string; user: string; level: number}>}).oncalls;
      expect(rows.map((o) => [o.level, o.user, o.source])).toEqual([[1, 'carol', 'pd-eu'], [1, 'erin', 'pd-us'], [2, 'dave', 'pd-eu'], [3, 'frank', 'pd-us']]);
    } finally {
      for (const f of fronts) await f.close();
      expect(other.fake.problems).toEqual([]);
      await other.close();
    }
  });

  it('reports each PagerDuty source that fails in the order they are configured, whichever answers first', async () => {
    const entry = (name: string, url: string) => `      - kind: pagerduty\n        name: ${name}\n        apiUrl: ${url}\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        serviceIds: [PSVC001]\n`;
    // pd-a is refused at once, pd-b answers a 500 later; the notes follow the config, not the clock.
    const late = await startLocalServer((_req, res) => void setTimeout(() => res.writeHead(500, {'content-type': 'text/plain'}).end('boom'), 200));
    try {
      const path = tmp.write('fail.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    alertSources:\n${entry('pd-b', late.url)}${entry('pd-a', 'http://127.0.0.1:1')}`);
      const {code, out, err} = await run(['whoison', '--config', path], {PD_TOKEN: TOKEN});
      expect(code).toBe(3);
      expect(out).toBe('on call: UNKNOWN, pd-b, pd-a could not be read\n');
      expect(err.split('\n').map((l) => l.split(':')[1])).toEqual([' pd-b', ' pd-a', undefined]);
    } finally {
      await late.close();
    }
  });
});
