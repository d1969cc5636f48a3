/**
 * `oncall timeline` / `handover` read the action log with `readActionLog`, which drops a torn line
 * (a write cut short by a crash, a full disk, a power loss) without a word. The timeline has a
 * `missing` list for exactly this (what could not be read), and the README says lines of the log
 * that cannot be read "are said, not skipped in silence"; here a note (or a rollback) written
 * during the incident vanishes from the timeline and the handover with nothing saying so. So did
 * a whole line edited by hand whose time no longer parses (`09:3O`): `actionEvents` skipped it.
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

/** `oncall timeline --format json` over an action log of `first`, then one whole note half an hour ago. */
async function timelineAfter(first: string): Promise<{events: Array<{text: string}>; missing: Array<{part: string; reason: string}>}> {
  const whole = actionLogLine({at: new Date(NOW - 1_800_000).toISOString(), action: 'note', phase: 'success', context: 'prod', target: {service: 'checkout'}, details: {text: 'second note', by: 'alice'}});
  writeFileSync(join(tmp.dir, 'state', 'oncall', 'actions.jsonl'), `${first}\n${whole}\n`);
  const config = tmp.write('config.yaml', 'current-context: prod\ncontexts:\n  - name: prod\n    alertmanagers: [{name: am, url: "http://127.0.0.1:9"}]\n');
  let out = '';
  const env = {USER: 'tester', LANG: 'C.UTF-8', HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state')};
  await main(['timeline', '--format', 'json', '--config', config], env, {out: (t) => (out += t), err: () => {}}, {now: () => NOW});
  return JSON.parse(out) as {events: Array<{text: string}>; missing: Array<{part: string; reason: string}>};
}

const handNote = (at: string) => actionLogLine({at, action: 'note', phase: 'success', context: 'prod', target: {service: 'checkout'}, details: {text: 'rolled back checkout by hand via kubectl', by: 'alice'}});

describe('timeline over an action log with a torn line', () => {
  it('says a line of the action log could not be read (in `missing`), rather than dropping it silently', async () => {
    const doc = await timelineAfter(handNote(new Date(NOW - 3_600_000).toISOString()).slice(0, 150));
    expect(doc.events.map((e) => e.text)).toEqual(['second note']);
    expect(doc.missing.filter((m) => /action log/i.test(`${m.part} ${m.reason}`))).toHaveLength(1);
  });
});

describe('timeline over an action log entry whose time does not parse', () => {
  it('says an entry of the action log could not be read, rather than dropping its note silently', async () => {
    const doc = await timelineAfter(handNote('2026-05-04T09:30:00Z').replace('2026-05-04T09:30:00Z', '2026-05-04T09:3O:00Z'));
    expect(doc.events.map((e) => e.text)).toEqual(['second note']);
    expect(doc.missing.filter((m) => m.part === 'actions')).toHaveLength(1);
  });
});
