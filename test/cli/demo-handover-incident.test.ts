/**
 * README "The demo": the critical checkout alert opens incident `PD #4217`, shown on the dashboard
 * and by `oncall alerts --demo`. The handover lists what a PagerDuty source paged as the alert that
 * carries it ("…, incident #4322 triggered, NOT ACKED"); but the demo's paging service listed no
 * incidents by time, so `handover --demo` left #4217 out without saying anything was missing.
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

describe('handover --demo', () => {
  it('names the incident PD #4217 on the line of the checkout alert that paged it', async () => {
    const env = {HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state')};
    const alerts = await run(['alerts', '--demo'], env);
    expect(alerts.out).toContain('PD #4217');
    const {code, out} = await run(['handover', '--demo'], env);
    expect(code).not.toBe(2);
    const paged = out.split('\n').filter((l) => l.includes('CheckoutHighErrorRate (checkout) critical'));
    expect(paged.length).toBeGreaterThan(0);
    // Listed once, as the alert carrying it, open and unacked at the end of the shift (`#` escaped in Markdown).
    for (const line of paged) expect(line).toContain('incident \\#4217 triggered, NOT ACKED');
    expect(out.match(/#4217/g)).toHaveLength(paged.length);
  });
});
