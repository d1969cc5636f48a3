/**
 * The URL of a webhook rollback or of JSON deploys carries the hook's secret in its path
 * (`/services/T000/B000/XXXX`, `/hook/<token>`). When the config refuses it (scheme forgotten or
 * mistyped) the error is printed by `config validate`, by every command's note for that context
 * and by the dashboard: it names the key and at most the scheme and host, never the path.
 */
import {describe, expect, it} from 'vitest';
import {formatConfigErrors} from '../../src/config/config-errors.ts';
import {parseConfig} from '../../src/config/config-load.ts';
import {run, tempDir} from '../cli/cli-fixtures.ts';
import {fakeJwt, randomRun} from '../helpers/fake-tokens.ts';

// The hook's secret, built at run time.
const SECRET = randomRun(24, 7);

const REFUSED: Array<[string, string]> = [
  [`hooks.slack.com/services/T0000/B0000/${SECRET}`, '"hooks.slack.com/…"'],
  [`htps://hooks.example.com/hook/${SECRET}`, '"htps://hooks.example.com/…"'],
  [`ftp://hooks.example.com/hook/${SECRET}`, '"ftp://hooks.example.com/…"'],
  [`hooks.example.com?key=${SECRET}`, '"hooks.example.com/…"'],
  [`${SECRET}/x`, '(not shown: its path may be the secret)'],
  // A token with dots stands where the host goes: not shown either.
  [`${fakeJwt()}/hook/${SECRET}`, '(not shown: its path may be the secret)'],
];

const configWith = (entry: string) => `current-context: t\ncontexts:\n  - name: t\n    ${entry}\n`;

describe('a refused webhook or JSON deploys URL', () => {
  for (const [url, shown] of REFUSED) {
    for (const [key, entry] of [
      ['rollback.url', `rollback: {provider: webhook, url: "${url}"}`],
      ['deploys.url', `deploys: {provider: json, url: "${url}"}`],
    ] as const) {
      it(`${key} = ${url.replace(SECRET, '<secret>')}: names the key and the host, never the path`, () => {
        const r = parseConfig(configWith(entry), 'config.yaml');
        expect(r.ok).toBe(false);
        const text = r.ok ? '' : formatConfigErrors(r.errors);
        expect(text).toContain(`contexts[0].${key}: must be an http or https URL`);
        expect(text).toContain(shown);
        expect(text).not.toContain(SECRET);
      });
    }
  }

  it('an API URL still shows its path: it is a route, and says what is wrong', () => {
    const r = parseConfig(configWith('prometheus: {url: "prom.example/prometheus"}'), 'config.yaml');
    expect(r.ok ? '' : formatConfigErrors(r.errors)).toContain('(got "prom.example/prometheus")');
  });

  it('oncall status on another context prints the note without the path', async () => {
    const tmp = tempDir();
    try {
      tmp.write(
        'config.yaml',
        `current-context: good
contexts:
  - name: good
    alertmanagers: [{name: am, url: http://127.0.0.1:1}]
  - name: hooks
    alertmanagers: [{name: am2, url: http://127.0.0.1:1}]
    rollback: {provider: webhook, url: "hooks.slack.com/services/T0000/B0000/${SECRET}"}
`,
      );
      const r = await run(['status', '--config', `${tmp.dir}/config.yaml`], {HOME: tmp.dir, XDG_STATE_HOME: tmp.dir});
      expect(r.err).toContain('rollback.url');
      expect(r.err).not.toContain(SECRET);
    } finally {
      tmp.cleanup();
    }
  });
});
