/**
 * A URL whose password holds `/`, `#` or `?` does not parse, and its config error never shows
 * the password: the host part is not cut inside it.
 */
import {describe, expect, it} from 'vitest';
import {formatConfigErrors} from '../../src/config/config-errors.ts';
import {parseConfig} from '../../src/config/config-load.ts';
import {urlForMessage} from '../../src/domain/sanitize.ts';

const HEAD = 'current-context: a\ncontexts:\n  - name: a\n';
function errorsOf(yaml: string): string {
  const r = parseConfig(`${HEAD}${yaml}`, 'config.yaml');
  return r.ok ? '(accepted)' : formatConfigErrors(r.errors);
}

describe('a config error about an unparsable URL never shows its password', () => {
  // Base64-ish passwords hold `/`; generated ones `#` or `?`. The URL parser then fails.
  for (const [url, password] of [
    ['https://admin:pa/ss@prom.example/x', 'pa/ss'],
    ['https://admin:p#ss@prom.example', 'admin:p'],
    ['https://admin:p?ss@prom.example', 'admin:p'],
  ] as const) {
    it(url, () => {
      const text = errorsOf(`    prometheus: {url: "${url}"}\n`);
      expect(text).not.toBe('(accepted)');
      expect(text).not.toContain(password);
    });
  }

  it('masks up to the last @ of the whole text', () => {
    expect(urlForMessage('https://admin:pa/ss@prom.example/x?q=1')).toBe('https://***@prom.example/x');
    expect(urlForMessage('https://admin:p#ss@prom.example')).toBe('https://***@prom.example');
    expect(urlForMessage('admin:p?ss@prom.example')).toBe('***@prom.example');
  });
});
