/** The demo's simulated acks go to their own log, never into the record of real actions. */
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {readActionLog} from '../../src/platform/action-log.ts';
import {actionLogPath} from '../../src/platform/paths.ts';
import {run, tempDir} from './cli-fixtures.ts';

let files: ReturnType<typeof tempDir>;
beforeEach(() => {
  files = tempDir();
});
afterEach(() => files.cleanup());

describe('the demo action log', () => {
  it('is demo-actions.jsonl beside actions.jsonl', () => {
    const env = {XDG_STATE_HOME: '/state'};
    expect(actionLogPath(env, '/home/u')).toBe('/state/oncall/actions.jsonl');
    expect(actionLogPath(env, '/home/u', {demo: true})).toBe('/state/oncall/demo-actions.jsonl');
  });

  it('receives `oncall ack --demo`, and the real log is not created', async () => {
    const env = {HOME: files.dir, XDG_STATE_HOME: join(files.dir, 'state')};
    const listed = await run(['alerts', '--json', '--demo'], env);
    const doc = JSON.parse(listed.out) as {alerts: Array<{fingerprint: string; name: string}>};
    const checkout = doc.alerts.find((a) => a.name === 'CheckoutHighErrorRate')!;
    const acked = await run(['ack', checkout.fingerprint, '--demo'], env);
    expect(acked.code).toBe(0);
    const demoLog = await readActionLog(join(files.dir, 'state', 'oncall', 'demo-actions.jsonl'));
    // The silence and the demo incident the checkout alert paged: both phases of each.
    expect(demoLog.map((e) => [e.action, e.phase, e.source]).sort()).toEqual([
      ['ack', 'attempt', 'alertmanager'],
      ['ack', 'attempt', 'pagerduty'],
      ['ack', 'success', 'alertmanager'],
      ['ack', 'success', 'pagerduty'],
    ]);
    expect(existsSync(join(files.dir, 'state', 'oncall', 'actions.jsonl'))).toBe(false);
  });
});
