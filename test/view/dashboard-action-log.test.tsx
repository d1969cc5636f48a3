/**
 * An action log that cannot be written, through the real Dashboard and the real log on disk: the
 * actions go on, and the screen says their entries are not landing, in the header while the log
 * fails and in the footer when it starts failing.
 */
import {mkdirSync, rmdirSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createActionLog, readActionLog} from '../../src/platform/action-log.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {NOT_LOGGING_BADGE} from '../../src/view/components/Header.tsx';
import {tempDir} from '../cli/cli-fixtures.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks();

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const header = (frame: string) => frame.split('\n')[0] ?? '';
const footer = (frame: string) => frame.split('\n').at(-1) ?? '';

describe('an action log that cannot be written', () => {
  it('is said in the footer with the ack it failed to log, marks the header until an entry lands again', async () => {
    // A directory where the log file should be: every append fails (EISDIR).
    const path = join(tmp.dir, 'actions.jsonl');
    mkdirSync(path);
    const log = createActionLog(path);
    // Wide enough for the whole footer: the test is about its words, not its truncation.
    const harness = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services, {columns: 400, record: log.record});
    const calm = await harness.waitFor((f) => f.includes('CheckoutHighErrorRate  ⚑ PD #4217'), 'demo alerts');
    expect(header(calm)).not.toContain(NOT_LOGGING_BADGE);

    await harness.press('2');
    await harness.press('j');
    await harness.press('a');
    const acked = await harness.waitFor((f) => footer(f).startsWith('acked '), 'the ack flash');
    // The ack landed; its entries did not, and the line says so after the ack's own outcome.
    expect(footer(acked)).toMatch(/^acked CheckoutHighErrorRate for 15m \(.*\)/);
    expect(footer(acked)).toContain(`· action log ${path} not writable (EISDIR): acks and rollbacks from here are not recorded; oncall rollback --yes elsewhere will not see them`);
    expect(header(acked)).toContain(NOT_LOGGING_BADGE);
    expect(log.problems()).toEqual([`action log ${path} not writable (EISDIR)`]);

    // The flash goes; the mark stays while the log fails.
    const later = await harness.waitFor((f) => !footer(f).startsWith('acked '), 'the flash gone', 10_000);
    expect(header(later)).toContain(NOT_LOGGING_BADGE);

    // The log is fixed: the next entry lands and the mark goes.
    rmdirSync(path);
    await harness.press('u');
    const unacked = await harness.waitFor((f) => footer(f).startsWith('unacked '), 'the unack flash');
    expect(footer(unacked)).not.toContain('not writable');
    const fixed = await harness.waitFor((f) => !header(f).includes(NOT_LOGGING_BADGE), 'the mark cleared');
    expect(header(fixed)).toContain('ctx ');
    expect((await readActionLog(path)).map((e) => `${e.action} ${e.phase}`)).toContain('unack success');
    harness.unmount();
  });

  it('says it once in the footer: a second action while the log still fails carries no note; the help overlay keeps it', async () => {
    const path = join(tmp.dir, 'actions.jsonl');
    mkdirSync(path);
    const harness = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services, {columns: 400, record: createActionLog(path).record});
    await harness.waitFor((f) => f.includes('CheckoutHighErrorRate  ⚑ PD #4217'), 'demo alerts');
    await harness.press('2');
    await harness.press('j');
    await harness.press('a');
    await harness.waitFor((f) => footer(f).startsWith('acked ') && footer(f).includes('not writable'), 'the ack flash with the note');
    await harness.press('u');
    const unacked = await harness.waitFor((f) => footer(f).startsWith('unacked '), 'the unack flash');
    expect(footer(unacked)).not.toContain('not writable');
    expect(header(unacked)).toContain(NOT_LOGGING_BADGE);
    // The reason stays where the keys are explained, for as long as the mark does.
    await harness.press('?');
    const help = await harness.waitFor((f) => f.includes('Keys  (? or Esc'), 'the help overlay');
    expect(help).toContain(`action log ${path} not writable (EISDIR): acks and rollbacks from here are not recorded`);
    harness.unmount();
  });
});
