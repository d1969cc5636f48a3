/**
 * `oncall config validate` loads every theme the config names, with the dashboard's loader: a
 * theme the dashboard would report at start (unknown, a file that is not JSON or not a theme)
 * fails validation, naming the config file, the line, the key and what is wrong.
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {run, tempDir} from './cli-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const env = () => ({HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg')});

/** A config whose top level names `top` (when given) and whose two contexts name `a` and `b`. */
function configWith(themes: {top?: string; a?: string; b?: string}): string {
  const line = (name: string | undefined) => (name === undefined ? '' : `    theme: ${name}\n`);
  return tmp.write(
    'config.yaml',
    `${themes.top === undefined ? '' : `theme: ${themes.top}\n`}current-context: a\ncontexts:\n  - name: a\n${line(themes.a)}    alertmanagers: [{url: http://127.0.0.1:9}]\n  - name: b\n${line(themes.b)}    alertmanagers: [{url: http://127.0.0.1:9}]\n`,
  );
}

const validate = (file: string) => run(['config', 'validate', '--config', file], env());

describe('oncall config validate: themes', () => {
  it('a context naming no theme that exists → 2, with file, line, key and the themes available', async () => {
    const file = configWith({b: 'nosuch'});
    const {code, out, err} = await validate(file);
    expect([code, out]).toEqual([2, '']);
    expect(err).toBe(`${file}:6:12: contexts[1].theme: unknown theme "nosuch"; available: dark, high-contrast, light, prod\n`);
  });

  it('a theme file beside the config that is not JSON → 2, naming the theme file and the key', async () => {
    const file = configWith({a: 'broken'});
    const themeFile = tmp.write('themes/broken.json', '{"colors": 5');
    const {code, err} = await validate(file);
    expect(code).toBe(2);
    expect(err).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:12: contexts\\[0\\]\\.theme: ${themeFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON: `));
  });

  it('the top-level theme, and a theme file that is JSON but not a theme, are checked too; each problem once', async () => {
    const file = configWith({top: 'mine', a: 'mine', b: 'nosuch'});
    tmp.write('themes/mine.json', JSON.stringify({name: 'other', description: 'x', tokens: {}}));
    const {code, err} = await validate(file);
    expect(code).toBe(2);
    const lines = err.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/:1:8: theme: .*mine\.json: /);
    expect(lines[1]).toMatch(/:5:12: contexts\[0\]\.theme: .*mine\.json: /);
    expect(lines[2]).toMatch(/:8:12: contexts\[1\]\.theme: unknown theme "nosuch"/);
  });

  it('built-in themes and a good theme file beside the config stay valid', async () => {
    const file = configWith({top: 'prod', a: 'dark', b: 'mine'});
    const mine = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'themes', 'light.json'), 'utf8')) as Record<string, unknown>;
    tmp.write('themes/mine.json', JSON.stringify({...mine, name: 'mine'}));
    const {code, out, err} = await validate(file);
    expect([code, err]).toEqual([0, '']);
    expect(out).toBe(`${file}: valid (2 contexts: a, b; current: a)\n`);
  });
});

// One run says every problem: a key override hiding the theme error (and that one the SLO
// file's) cost one more edit-and-validate round per kind on a bastion.
describe('oncall config validate: every kind of problem in one run', () => {
  it('a bad keys: override and an unknown context theme are both reported, the dashboard note after the keys', async () => {
    const file = tmp.write('config.yaml', 'current-context: a\nkeys: {refresh: [nosuchkey+q]}\ncontexts:\n  - name: a\n    theme: nosuch\n    alertmanagers: [{url: http://127.0.0.1:9}]\n');
    const {code, err} = await validate(file);
    expect(code).toBe(2);
    expect(err).toMatch(/keys\.refresh.*\n\(the dashboard skips these overrides and keeps the default keys\)\n.*contexts\[0\]\.theme: unknown theme "nosuch"/);
  });

  it('a broken theme and a broken SLO file are both reported', async () => {
    const slo = tmp.write('slo.yaml', 'this: is not an slo file\n');
    const file = tmp.write('config.yaml', `current-context: a\ncontexts:\n  - name: a\n    theme: nosuch\n    prometheus: {url: http://127.0.0.1:9}\n    sloFiles: [${slo}]\n`);
    const {code, err} = await validate(file);
    expect(code).toBe(2);
    expect(err).toMatch(/contexts\[0\]\.theme: unknown theme "nosuch"/);
    expect(err).toContain(slo);
  });
});
