/**
 * Two contexts reading ONE real Alertmanager, the first read-only: their alerts are one set,
 * listed once under the first (`ro+rw`). `a` on its row acks through the writable member, in the
 * very same Alertmanager: one silence, and the footer and the action log name that context.
 * Read-only is a promise about the context, not about the Alertmanager it shares.
 * Timers are real (the servers answer in real time); only `Date` is faked, advancing with it.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {CliArgs} from '../../src/cli/args.ts';
import {dashboardContext} from '../../src/cli/dashboard-command.tsx';
import {configRuntime, type Runtime} from '../../src/cli/runtime.ts';
import {createActionLog, readActionLog, type ActionLog} from '../../src/platform/action-log.ts';
import {tempDir} from '../cli/cli-fixtures.ts';
import {pollUntil, postAlert, startTestBackends, type Backends} from '../helpers/backends.ts';
import {realDashboardHooks} from '../helpers/real-frames.ts';
import {activeSilences as silences, backendsYaml} from '../helpers/two-contexts.ts';

let backends: Backends;
let tmp: ReturnType<typeof tempDir>;
let runtime: Runtime;
let log: ActionLog;
const dashboard = realDashboardHooks();

beforeAll(async () => {
  backends = await startTestBackends();
  await postAlert(backends.alertmanagerUrl!, {alertname: 'CheckoutDown', severity: 'critical', service: 'checkout'});
  tmp = tempDir();
  const config = tmp.write(
    'config.yaml',
    `current-context: ro
refresh: {slos: 1s, alerts: 1s, deploys: 2s, history: 10m}
contexts:
  - name: ro
    readOnly: true
${backendsYaml(backends, 'am')}  - name: rw
${backendsYaml(backends, 'am')}`,
  );
  const args = {command: 'dashboard', config, context: 'ro,rw', demo: false, readOnly: false, json: false} as CliArgs;
  const made = await configRuntime(args, {HOME: tmp.dir}, () => Date.now());
  if (typeof made === 'string') throw new Error(made);
  runtime = made;
  log = createActionLog(`${tmp.dir}/actions.jsonl`);
}, 120_000);

afterAll(async () => {
  await runtime?.close();
  await backends?.stop();
  tmp?.cleanup();
});

describe('two contexts on one real Alertmanager, the first read-only', () => {
  it('acks the shared row through the writable context: one silence, named in the footer and the log', async () => {
    const harness = await dashboard.render(runtime.composed.services, {contexts: runtime.members.map(dashboardContext), columns: 160, rows: 48, record: log.record});
    const frame = await dashboard.frame((f) => f.includes('CheckoutDown'), 'the shared alert');
    // Listed once (its group header and its row), under both names.
    const lines = frame.split('\n').filter((l) => l.includes('CheckoutDown'));
    expect(lines.every((l) => l.includes('ro+rw'))).toBe(true);
    expect(lines.filter((l) => !l.includes('▸'))).toHaveLength(1);
    expect(await silences(backends)).toEqual([]);
    await harness.press('2');
    // The group header first; its alert is the next row.
    await harness.press('g');
    await harness.press('j');
    await harness.press('a');
    await pollUntil(() => silences(backends), (s) => s.some((x) => x.comment.startsWith('ACK!')), 10_000, 'the ack');
    await dashboard.frame((f) => /rw: acked/.test(f), 'the ack message naming rw');
    expect((await silences(backends)).filter((x) => x.comment.startsWith('ACK!'))).toHaveLength(1);
    const entries = await readActionLog(log.path);
    expect(entries.filter((e) => e.action === 'ack').map((e) => [e.phase, e.context])).toEqual([['attempt', 'rw'], ['success', 'rw']]);
  }, 60_000);
});
