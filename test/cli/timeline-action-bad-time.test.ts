/**
 * A note in the action log edited by hand so that its time no longer parses (a whole JSON line,
 * `at` a string that is no time): `actionEvents` skips it ("an entry whose time does not parse
 * is skipped") and nothing says so. The README: lines of the action log that cannot be read ("a
 * line edited by hand"), "written in the range or at an unknown time, are such a part too … a
 * note or a rollback they held is never dropped in silence".
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

describe('timeline over an action log entry whose time does not parse', () => {
  it('says an entry of the action log could not be read, rather than dropping its note silently', async () => {
    const edited = actionLogLine({at: '2026-05-04T09:30:00Z', action: 'note', phase: 'success', context: 'prod', target: {service: 'checkout'}, details: {text: 'rolled back checkout by hand via kubectl', by: 'alice'}}).replace('2026-05-04T09:30:00Z', '2026-05-04T09:3O:00Z');
    const whole = actionLogLine({at: new Date(NOW - 1_800_000).toISOString(), action: 'note', phase: 'success', context: 'prod', target: {service: 'checkout'}, details: {text: 'second note', by: 'alice'}});
    writeFileSync(join(tmp.dir, 'state', 'oncall', 'actions.jsonl'), `${edited}\n${whole}\n`);
    const config = tmp.write('config.yaml', 'current-context: prod\ncontexts:\n  - name: prod\n    alertmanagers: [{name: am, url: "http://127.0.0.1:9"}]\n');
    let out = '';
    const env = {USER: 'tester', LANG: 'C.UTF-8', HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state')};
    await main(['timeline', '--format', 'json', '--config', config], env, {out: (t) => (out += t), err: () => {}}, {now: () => NOW});
    const doc = JSON.parse(out) as {events: Array<{text: string}>; missing: Array<{part: string; reason: string}>};
    expect(doc.events.map((e) => e.text)).toEqual(['second note']);
    expect(doc.missing.filter((m) => m.part === 'actions')).toHaveLength(1);
  });
});
