import {execFileSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {amtoolMatcher, amtoolSilenceArgs} from '../../src/domain/amtool-command.ts';
import {sanitize} from '../../src/domain/sanitize.ts';
import {shellLine, shellWord} from '../../src/domain/shell-command.ts';
import {STRAY_SELECTORS, VARIATION_SEQUENCES} from './variation-sequences.ts';

/** What bash makes of a line: each argument on its own line, as printf prints them. */
const bashArgs = (line: string, env: Record<string, string> = {}) => execFileSync('bash', ['-c', `printf '%s\\0' ${line}`], {encoding: 'utf8', env: {...process.env, ...env}}).split('\0').slice(0, -1);

describe('shellWord', () => {
  it('leaves plain words bare and single-quotes the rest, escaping single quotes', () => {
    expect(shellWord('checkout')).toBe('checkout');
    expect(shellWord("it's $HOME; rm -rf / `x`")).toBe(`'it'\\''s $HOME; rm -rf / \`x\`'`);
    expect(shellWord('')).toBe("''");
  });

  it("writes control characters and bidi overrides as $'…' escapes of their bytes: exact, and nothing raw on screen", () => {
    const hostile = "a\u001b]52;c;eA==\u0007b\u202ec'd\\\u0085";
    const word = shellWord(hostile);
    expect(word).toBe("$'a\\x1b]52;c;eA==\\x07b\\xe2\\x80\\xaec\\'d\\\\\\xc2\\x85'");
    expect(word).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
    // bash reads back exactly the original.
    expect(bashArgs(word)).toEqual([hostile]);
  });

  it('round-trips any word through bash', () => {
    for (const w of ["plain", "two words", "'", "\\'", '"$(id)"', 'tab\there', 'new\nline', '!history', '*glob?']) expect(bashArgs(shellWord(w))).toEqual([w]);
  });
});

describe('shellWord and invisible characters', () => {
  // Values that differ from `checkout` (or from `ab`, `xy`) only by a character that draws nothing:
  // zero-width space, soft hyphen, line separator, ALM, BOM, a TAG character, a grapheme joiner, a Hangul filler.
  const VALUES = ['checkout\u200b', 'check\u00adout', 'a\u2028b', 'x\u061cy', 'x\ufeffy', 'x\u{E0041}y', 'checkout\u034f', 'a\u3164b'];

  it("writes each in $'…' with nothing sanitize would change, so it is shown and copied as it is", () => {
    for (const v of VALUES) {
      const word = shellWord(v);
      expect.soft(word, JSON.stringify(v)).toMatch(/^\$'[\x20-\x7e]+'$/);
      expect.soft(sanitize(word), JSON.stringify(v)).toBe(word);
    }
    expect(shellWord('checkout\u200b')).toBe("$'checkout\\xe2\\x80\\x8b'");
  });

  it('is read back by bash as the exact value, in a UTF-8 locale and under LANG=C', () => {
    for (const locale of ['C.UTF-8', 'C']) {
      for (const v of VALUES) expect.soft(bashArgs(shellWord(v), {LC_ALL: locale}), `${JSON.stringify(v)} ${locale}`).toEqual([v]);
    }
  });

  it("leaves an emoji's variation selector in plain quotes, as sanitize leaves it", () => {
    expect(shellWord('ok \u2764\ufe0f')).toBe("'ok \u2764\ufe0f'");
    expect(shellWord('ok\ufe0f')).toBe("$'ok\\xef\\xb8\\x8f'");
  });

  it("writes one after a digit in $'…' unless it makes a keycap, as sanitize escapes it", () => {
    expect(shellWord('checkout-2\ufe0f')).toBe("$'checkout-2\\xef\\xb8\\x8f'");
    expect(bashArgs(shellWord('checkout-2\ufe0f'))).toEqual(['checkout-2\ufe0f']);
    expect(shellWord('room 1\ufe0f\u20e3')).toBe("'room 1\ufe0f\u20e3'");
  });

  it("leaves a variation sequence real text needs in plain quotes, and a stray selector in $'…'", () => {
    for (const v of VARIATION_SEQUENCES) expect.soft(shellWord(v), JSON.stringify(v)).toBe(`'${v}'`);
    for (const v of STRAY_SELECTORS) expect.soft(shellWord(v), JSON.stringify(v)).toMatch(/^\$'[\x20-\x7e\p{L}\p{M}]+'$/u);
    for (const v of [...VARIATION_SEQUENCES, ...STRAY_SELECTORS]) expect.soft(bashArgs(shellWord(v)), JSON.stringify(v)).toEqual([v]);
  });
});

describe('shellLine', () => {
  it('sets variables from other variables, never from values', () => {
    expect(shellLine(['gh', 'workflow', 'run', 'rollback.yml'], [{name: 'GH_TOKEN', fromEnv: 'MY_TOKEN'}])).toBe('GH_TOKEN="$MY_TOKEN" gh workflow run rollback.yml');
    // A name that is not a variable name is dropped, not interpolated.
    expect(shellLine(['x'], [{name: 'GH_TOKEN', fromEnv: 'A;rm -rf /'}])).toBe('x');
  });

  it('reads an argument from a variable when the line runs, as one word whatever it holds', () => {
    const line = shellLine(['curl', {fromEnv: 'HOOK_URL'}, '--data', '{}']);
    expect(line).toBe(`curl "$HOOK_URL" --data '{}'`);
    const value = "https://hooks.example.com/a b/$(id)'";
    const args = execFileSync('bash', ['-c', `printf '%s\\0' ${line}`], {encoding: 'utf8', env: {...process.env, HOOK_URL: value}}).split('\0').slice(0, -1);
    expect(args).toEqual(['curl', value, '--data', '{}']);
    // Dropping the argument would run another command: a name that is no variable name is refused.
    expect(() => shellLine(['x', {fromEnv: 'A;rm -rf /'}])).toThrow('names no variable');
  });
});

describe('amtool silence add', () => {
  it('writes matchers as amtool parses them and the ack as a sends it', () => {
    expect(amtoolMatcher({name: 'path', value: '/api/"cart"\\x', isRegex: false, isEqual: true})).toBe('path="/api/\\"cart\\"\\\\x"');
    expect(amtoolMatcher({name: 'job', value: 'api.*', isRegex: true, isEqual: false})).toBe('job!~"api.*"');
    const draft = {matchers: [{name: 'alertname', value: 'HighErrorRate', isRegex: false, isEqual: true}], startsAt: 0, endsAt: 15 * 60_000, createdBy: 'me@host', comment: 'ACK! rolling back'};
    expect(shellLine(amtoolSilenceArgs(draft, 'http://127.0.0.1:9093'))).toBe(
      "amtool silence add --alertmanager.url=http://127.0.0.1:9093 --author=me@host --duration=15m '--comment=ACK! rolling back' 'alertname=\"HighErrorRate\"'",
    );
  });
});
