/**
 * `oncall ack '#99' --context eu,us` (or `oncall ack PINC9 …`) while context us cannot be read at
 * all (its only source, the PagerDuty holding incident #99, is down). The other context calls the
 * bare word a usage error; the context that could not be read may hold the incident, so the
 * answer is "could not be read … nothing was acked", exit 3, never a usage error (exit 2), which
 * a script takes for misuse and does not retry.
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {startFakePagerduty, type FakePagerduty} from '../helpers/fake-pagerduty.ts';
import {run, tempDir} from './cli-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
let eu: FakePagerduty;
let us: FakePagerduty;
beforeEach(async () => {
  tmp = tempDir();
  eu = await startFakePagerduty('tok-eu', [{id: 'PINC1', number: 1234, title: 'Checkout down', status: 'triggered', serviceId: 'PSVC001', serviceName: 'Checkout API'}]);
  us = await startFakePagerduty('tok-us', [{id: 'PINC9', number: 99, title: 'Checkout down', status: 'triggered', serviceId: 'PSVC001', serviceName: 'Checkout API'}]);
});
afterEach(async () => {
  expect([...eu.fake.problems, ...us.fake.problems]).toEqual([]);
  await eu.close();
  await us.close();
  tmp.cleanup();
});

const entry = (url: string, env: string) => `    alertSources:\n      - kind: pagerduty\n        apiUrl: ${url}\n        tokenEnv: ${env}\n        from: alice@example.com\n        timeout: 2s\n        serviceIds: [PSVC001]\n        services: {PSVC001: checkout}\n`;
const config = () => tmp.write('config.yaml', `current-context: eu\ncontexts:\n  - name: eu\n${entry(eu.url, 'TOKEN_EU')}  - name: us\n${entry(us.url, 'TOKEN_US')}`);

describe('oncall ack of an incident over several contexts, one of them unreadable', () => {
  for (const target of ['#99', 'PINC9']) {
    it(`ack ${target}: "could not be read … nothing was acked", exit 3, never a usage error`, async () => {
      // Context us is down whole: every connection to its PagerDuty dropped.
      us.outage = {reset: true};
      const r = await run(['ack', target, '--context', 'eu,us', '--config', config()], {TOKEN_EU: 'tok-eu', TOKEN_US: 'tok-us', XDG_STATE_HOME: tmp.dir});
      expect(r.err).not.toContain('give a fingerprint or at least one label matcher');
      expect(r.err).toMatch(new RegExp(`^ack: context us: no alert or incident ${target} among those read, and pagerduty could not be read \\(unavailable: [^\\n]*\\)$`, 'm'));
      expect(r.err).toContain('ack: nothing was acked\n');
      expect(eu.acks()).toHaveLength(0);
      expect(r.code).toBe(3);
    }, 30_000);
  }
});
