/**
 * `oncall ack` of a PagerDuty incident alone sends no silence, so nothing ends at a time it could
 * print: PagerDuty's own acknowledgement timeout decides when the incident triggers again. It
 * says so in the dashboard's words, never "for 4h, until …"; a selection that does make a
 * silence still says that silence's length.
 */
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {run, tempDir} from './cli-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => {
  tmp.cleanup();
});

const env = () => ({HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state')});

describe('oncall ack of a PagerDuty incident', () => {
  it('with --duration: no length nor end claimed, and the length asked said not to apply', async () => {
    const {code, out, err} = await run(['ack', 'PDEMO4217', '--demo', '--duration', '4h'], env());
    expect([code, err]).toEqual([0, '']);
    expect(out).toMatch(/^ack ok \(no silence: PagerDuty's own ack timeout applies; 4h does not apply\):\n/);
    expect(out).toContain('  acknowledged incident PD #4217 on pagerduty\n');
    expect(out).not.toMatch(/for 4h|until/);
  });

  it('without --duration: no length claimed, and no default length said not to apply', async () => {
    const {code, out} = await run(['ack', '#4217', '--demo'], env());
    expect(code).toBe(0);
    expect(out).toMatch(/^ack ok \(no silence: PagerDuty's own ack timeout applies\):\n/);
    expect(out).not.toMatch(/ for \d|until/);
  });

  it('an alert and the incident it paged: the silence made still says its length and end', async () => {
    const {code, out} = await run(['ack', 'service=checkout', '--demo', '--duration', '4h'], env());
    expect(code).toBe(0);
    // The end carries its date when it falls on another UTC day (an ack after 20:00Z).
    expect(out).toMatch(/^ack ok for 4h, until (\d{4}-\d\d-\d\d )?\d\d:\d\dZ:\n/);
    expect(out).toContain(`acked CheckoutHighErrorRate {alertname="CheckoutHighErrorRate"`);
    expect(out).toContain('  acknowledged incident PD #4217 on pagerduty\n');
    expect(out).not.toContain('no silence');
  });
});
