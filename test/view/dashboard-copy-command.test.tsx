/**
 * `c` on an alert whose label differs from another only by an invisible character: the command
 * shown names it visibly, and the line copied with OSC 52, pasted into bash, silences that label
 * value exactly (not the text `checkout\u200b`, which matches no alert).
 */
import {execFileSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, fakeAlertSource, T0} from '../queries/fakes.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';
import {rawControl} from './hostile.ts';

dashboardTestHooks({stubTerminalSize: true});

const clipboardOf = (seq: string) => Buffer.from(/\]52;c;([A-Za-z0-9+/=]*)/.exec(seq)![1]!, 'base64').toString('utf8');

describe('c on an alert with an invisible character in a label', () => {
  it('shows the character escaped and copies a line bash reads as the exact label', async () => {
    const service = 'checkout\u200b\u2028';
    const alert = makeAlert({fingerprint: 'a1', name: 'CheckoutErrors', severity: 'critical', labels: {alertname: 'CheckoutErrors', service}, startsAt: T0 - 60_000});
    const source = {name: 'am', kind: 'alertmanager' as const, cliUrl: 'http://am.test', readKey: 'http://am.test', capabilities: {...fakeAlertSource(() => ({value: [alert]}), () => ({value: []})).capabilities, createSilence: async () => 's1'}};
    const written: string[] = [];
    const h = await renderDashboard(emptyServices({context: 'prod', alertSources: [source]}), {columns: 240, rows: 40, terminal: {writeRaw: (s: string) => void written.push(s)}});
    await h.waitFor((f) => f.includes('CheckoutErrors'), 'the alert');
    await h.press('2');
    await h.press('c');
    const frame = await h.waitFor((f) => f.includes('amtool silence add'), 'the command shown');
    expect(rawControl(frame)).toBeNull();
    expect(frame).not.toContain('\u2028');
    expect(frame).toContain(String.raw`service="checkout\xe2\x80\x8b\xe2\x80\xa8"`);
    const copies = written.filter((s) => s.includes('\x1b]52;'));
    expect(copies).toHaveLength(1);
    const args = execFileSync('bash', ['-c', `printf '%s\\0' ${clipboardOf(copies[0]!)}`], {encoding: 'utf8'}).split('\0').slice(0, -1);
    expect(args.at(-1)).toBe(`service="${service}"`);
  });
});
