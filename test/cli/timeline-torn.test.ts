/**
 * `oncall timeline` / `handover` read the action log with `readActionLog`, which drops a torn line
 * (a write cut short by a crash, a full disk, a power loss) without a word. The timeline has a
 * `missing` list for exactly this (what could not be read), and the README says lines of the log
 * that cannot be read "are said, not skipped in silence"; here a note (or a rollback) written
 * during the incident vanishes from the timeline and the handover with nothing saying so.
 */
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {main} from '../../src/cli/main.ts';
import {actionLogLine} from '../../src/platform/action-log.ts';
import {tempDir} from './cli-fixtures.ts';

const NOW = Date.parse('2026-05-04T10:00:00Z');
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
  mkdirSync(join(tmp.dir, 'state', 'oncall'), {recursive: true});
});
afterEach(() => tmp.cleanup());

describe('timeline over an action log with a torn line', () => {
  it('says a line of the action log could not be read (in `missing`), rather than dropping it silently', async () => {
    const torn = actionLogLine({at: new Date(NOW - 3_600_000).toISOString(), action: 'note', phase: 'success', context: 'prod', target: {service: 'checkout'}, details: {text: 'rolled back checkout by hand via kubectl', by: 'alice'}}).slice(0, 150);
    const whole = actionLogLine({at: new Date(NOW - 1_800_000).toISOString(), action: 'note', phase: 'success', context: 'prod', target: {service: 'checkout'}, details: {text: 'second note', by: 'alice'}});
    writeFileSync(join(tmp.dir, 'state', 'oncall', 'actions.jsonl'), `${torn}\n${whole}\n`);
    const config = tmp.write('config.yaml', 'current-context: prod\ncontexts:\n  - name: prod\n    alertmanagers: [{name: am, url: "http://127.0.0.1:9"}]\n');
    let out = '';
    const env = {USER: 'tester', LANG: 'C.UTF-8', HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state')};
    await main(['timeline', '--format', 'json', '--config', config], env, {out: (t) => (out += t), err: () => {}}, {now: () => NOW});
    const doc = JSON.parse(out) as {events: Array<{text: string}>; missing: Array<{part: string; reason: string}>};
    expect(doc.events.map((e) => e.text)).toEqual(['second note']);
    expect(doc.missing.filter((m) => /action log/i.test(`${m.part} ${m.reason}`))).toHaveLength(1);
  });
});
