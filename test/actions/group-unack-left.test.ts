/**
 * A group's unack expires the user's own ack silences only; another user's ack on the same alerts
 * is left in place, and the footer says it still silences them rather than "unacked".
 */
import {expect, it} from 'vitest';
import {createAlertOps} from '../../src/actions/alert-ops.ts';
import {createQueryClient} from '../../src/queries/query-client.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices} from '../queries/fakes.ts';
import {scriptedAlertmanager} from '../queries/silence-fakes.ts';

it("a group's unack that leaves another user's ack on its alerts says so, counted", async () => {
  const client = createQueryClient({retry: 0});
  const now = Date.now();
  const matchers = (name: string) => [{name: 'alertname', value: name, isRegex: false, isEqual: true}];
  const am = scriptedAlertmanager('am-1');
  const ids: Record<string, string[]> = {};
  for (const name of ['A', 'B']) {
    for (const by of ['me@host', 'alice@host']) {
      const id = await am.handle.capabilities.createSilence({matchers: matchers(name), startsAt: now, endsAt: now + 3_600_000, createdBy: by, comment: 'ACK! on it'});
      (ids[name] ??= []).push(id);
    }
  }
  const alerts = ['A', 'B'].map((name) => makeAlert({fingerprint: `f${name}`, name, labels: {alertname: name}, seenBy: ['am-1'], silencedBy: ids[name]!}));
  const ops = createAlertOps(client, emptyServices({alertSources: [am.handle]}), {record: async () => undefined, now: () => Date.now(), ackDurationMs: 900_000, prefix: 'ACK!'});
  const message = await ops.unackGroup(alerts, '2 alerts of service=api', 'me@host');
  client.clear();
  const until = `${new Date(now + 3_600_000).toISOString().slice(11, 16)}Z`;
  expect(message.text).toMatch(/^expired your acks of 2 alerts of service=api \(am-1: \S+, am-1: \S+\); /);
  expect(message.text).toContain(`alice@host's ack still silences 2 of them until ${until}`);
});
