/**
 * One-shot commands on a terminal without UTF-8: their text in ASCII (the locale, ONCALL_GLYPHS,
 * the config's `glyphs:` and `--glyphs` deciding, in reverse order), their JSON exact.
 */
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {run, tempDir} from './cli-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const env = (over: Record<string, string | undefined>) => ({HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state'), LANG: undefined, ...over});
const ASCII = /^[\x00-\x7f]*$/;

// The demo's paging SLO, as `status` prints it: its 1h burn with the `×` sign.
const BURN_UNICODE = /1h 20\.3× {2}5m 100×/;
const BURN_ASCII = /1h 20\.3x {2}5m 100x/;

describe('one-shot text in ASCII', () => {
  it('follows the locale: C or no locale is ASCII, a UTF-8 one is not', async () => {
    const c = await run(['status', '--demo'], env({LANG: 'C'}));
    expect(c.out).toMatch(ASCII);
    expect(c.out).toMatch(BURN_ASCII);
    const none = await run(['status', '--demo'], env({}));
    expect(none.out).toMatch(BURN_ASCII);
    const utf8 = await run(['status', '--demo'], env({LANG: 'C', LC_CTYPE: 'en_US.utf8'}));
    expect(utf8.out).toMatch(BURN_UNICODE);
  });

  it('puts --glyphs over ONCALL_GLYPHS over the locale', async () => {
    expect((await run(['status', '--demo', '--glyphs', 'unicode'], env({LANG: 'C', ONCALL_GLYPHS: 'ascii'}))).out).toMatch(BURN_UNICODE);
    expect((await run(['status', '--demo'], env({LANG: 'C.UTF-8', ONCALL_GLYPHS: 'ascii'}))).out).toMatch(BURN_ASCII);
    expect((await run(['status', '--demo', '--glyphs', 'ascii'], env({LANG: 'C.UTF-8'}))).out).toMatch(BURN_ASCII);
  });

  it('takes the config glyphs: under ONCALL_GLYPHS', async () => {
    const config = tmp.write('config.yaml', "current-context: local\nglyphs: ascii\ncontexts:\n  - name: local\n    prometheus: {url: http://127.0.0.1:1}\n    slos:\n      - {name: api-availability, service: api, objective: 99.9, window: 30d, errorQuery: 'e[{{.window}}]', totalQuery: 't[{{.window}}]'}\n");
    const ascii = await run(['status', '--config', config], env({LANG: 'C.UTF-8'}));
    // An SLO that could not be read: its burns are unknown, drawn as a dash.
    expect(ascii.out).toMatch(/UNKNOWN api-availability {2}1h - {2}5m -/);
    expect(ascii.out).toMatch(ASCII);
    const unicode = await run(['status', '--config', config], env({LANG: 'C.UTF-8', ONCALL_GLYPHS: 'unicode'}));
    expect(unicode.out).toMatch(/UNKNOWN api-availability {2}1h — {2}5m —/);
  });

  it('keeps JSON exact UTF-8, and says an ONCALL_GLYPHS it cannot read', async () => {
    const json = await run(['timeline', '--demo', '--format', 'json'], env({LANG: 'C', ONCALL_GLYPHS: 'utf8'}));
    expect(json.code).toBe(0);
    expect(json.out).not.toMatch(ASCII);
    expect(() => JSON.parse(json.out)).not.toThrow();
    expect(json.err).toContain('note: ONCALL_GLYPHS=utf8 is neither ascii nor unicode; ignored\n');
    const md = await run(['timeline', '--demo'], env({LANG: 'C'}));
    expect(md.out).toMatch(ASCII);
  });

  it('refuses a --glyphs that is neither mode', async () => {
    const bad = await run(['status', '--demo', '--glyphs', 'utf8'], env({}));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/glyphs.*utf8/);
  });
});
