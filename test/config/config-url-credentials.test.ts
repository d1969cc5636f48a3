/**
 * A URL with `user:password@` whose scheme is missing or mistyped is refused, and its error (a
 * note on every command, with keepGoodContexts) never prints the password.
 */
import {describe, expect, it} from 'vitest';
import {formatConfigErrors} from '../../src/config/config-errors.ts';
import {parseConfig} from '../../src/config/config-load.ts';
import {urlForMessage} from '../../src/domain/sanitize.ts';

const HEAD = 'current-context: a\ncontexts:\n  - name: a\n';

describe('a URL with user:password@ but a mistyped or missing scheme', () => {
  for (const url of ['//admin:hunter2@prom.example.com:9090', 'https//admin:hunter2@prom.example.com', 'https;//admin:hunter2@prom.example.com', 'http:\\\\admin:hunter2@prom.example.com']) {
    it(`never prints the password of ${JSON.stringify(url.replace('hunter2', '…'))}`, () => {
      const r = parseConfig(`${HEAD}    prometheus: {url: '${url}'}\n    alertmanagers: [{url: '${url}'}]\n`, 'config.yaml');
      expect(r.ok).toBe(false);
      const text = r.ok ? '' : formatConfigErrors(r.errors);
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('admin');
    });
  }
});

describe('urlForMessage', () => {
  it('masks what stands before the last @ of the host part, with or without a scheme', () => {
    expect(urlForMessage('https://admin:hunter2@prom.example.com/x?q=1')).toBe('https://***@prom.example.com/x');
    expect(urlForMessage('//admin:hunter2@prom.example.com:9090')).toBe('//***@prom.example.com:9090');
    expect(urlForMessage('https//admin:hunter2@prom.example.com')).toBe('https//***@prom.example.com');
    expect(urlForMessage('https;//admin:hunter2@prom.example.com/api')).toBe('https;//***@prom.example.com/api');
    expect(urlForMessage('admin:hunter2@prom.example.com')).toBe('***@prom.example.com');
    expect(urlForMessage('https:admin:hunter2@prom.example.com')).toBe('***@prom.example.com');
  });

  it('keeps a URL without an @ as it is; an @ in its path masks up to it, as a password could', () => {
    expect(urlForMessage('ftp://x')).toBe('ftp://x');
    expect(urlForMessage('prom.example.com:9090/prometheus')).toBe('prom.example.com:9090/prometheus');
    expect(urlForMessage('https://example.com/users/@me')).toBe('https://***@me');
  });
});
