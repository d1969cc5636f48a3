/**
 * Two contexts on one screen in a real terminal (tmux) at 80x24, without colour: two real
 * Prometheus and two real Alertmanagers, prod-us marked production. The CONTEXT column names each
 * row's context, prod-us' critical alert sits above prod-eu's warning, PROD is written out, and no
 * colour sequence reaches the terminal.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {tempDir} from '../cli/cli-fixtures.ts';
import {postAlert, startTestBackends, type Backends} from '../helpers/backends.ts';
import {SMALL, dashboardCommand, tmuxTestHooks} from './dashboard-checks.ts';
import {cellWidth, colourSgrs, screenLines} from './screen.ts';

const {cols, rows} = SMALL;

let eu: Backends;
let us: Backends;
let tmp: ReturnType<typeof tempDir>;
let config: string;
const launch = tmuxTestHooks();

beforeAll(async () => {
  [eu, us] = await Promise.all([startTestBackends(), startTestBackends()]);
  await postAlert(eu.alertmanagerUrl!, {alertname: 'DiskFilling', severity: 'warning', service: 'api'});
  await postAlert(us.alertmanagerUrl!, {alertname: 'HighErrorRate', severity: 'critical', service: 'checkout'});
  tmp = tempDir();
  const ctx = (name: string, b: Backends, extra = '') => `  - name: ${name}\n${extra}    prometheus: {url: ${b.prometheusUrl}}\n    alertmanagers: [{name: am, url: ${b.alertmanagerUrl}}]\n`;
  config = tmp.write('config.yaml', `current-context: prod-eu\nrefresh: {alerts: 2s}\ncontextGroups: {prod: [prod-eu, prod-us]}\ncontexts:\n${ctx('prod-eu', eu)}${ctx('prod-us', us, '    production: true\n')}`);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([eu?.stop(), us?.stop()]);
  tmp?.cleanup();
});

describe('two contexts at 80x24 in tmux', () => {
  it('--context prod shows the CONTEXT column, prod-us\' critical alert first with PROD in words, no colour', {timeout: 60_000}, async () => {
    const t = await launch(dashboardCommand(['--config', config, '--context', 'prod']), cols, rows, {NO_COLOR: '1'});
    await t.waitFor((s) => s.includes('2 Alerts'));
    await t.keys('2');
    const screen = await t.waitFor((s) => s.includes('HighErrorRate') && s.includes('DiskFilling'), 20_000);
    const lines = screenLines(screen);
    expect(lines).toHaveLength(rows);
    expect(lines.every((l) => cellWidth(l) <= cols)).toBe(true);
    expect(lines[0]).toMatch(/^ oncall {2}ctx prod-eu,PROD prod-us /);
    expect(screen).toContain('CONTEXT');
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    expect(at(/PROD prod-us .*HighErrorRate/)).toBeGreaterThan(0);
    expect(at(/prod-eu .*DiskFilling/)).toBeGreaterThan(at(/PROD prod-us .*HighErrorRate/));
    expect(colourSgrs(await t.capture({escapes: true}))).toEqual([]);
  });
});
