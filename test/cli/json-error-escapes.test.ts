/**
 * A backend's JSON error body writes its controls as `\u001b`, `\u0007`: plain ASCII to the
 * sanitizing of an excerpt. Read out of the body after that (PagerDuty's `{error: {message}}`,
 * GitLab's `{message: {field: […]}}`), they came back as a raw ESC and BEL, and `oncall alerts`,
 * `alerts --json` and `ack`, which printed the failure of every alert source as it was, wrote a
 * live OSC 52 clipboard write and a clear-screen to the terminal. A token echoed in that escaped
 * form slipped past redaction too.
 */
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {startLocalServer, type LocalServer} from '../sources/http/local-server.ts';
import {run, tempDir} from './cli-fixtures.ts';

// Raw in a terminal, any of these acts on it.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\p{Cf}]/u;
const EVIL = 'denied \x1b]52;c;ZWNobyBoaQ==\x07\x1b[2J\u202e';
const TOKEN = 'tok/123456789';

describe('a PagerDuty error body quoted in a failure message', () => {
  let server: LocalServer | undefined;
  const tmp = tempDir();
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  afterAll(() => tmp.cleanup());

  const config = (url: string) =>
    tmp.write('pd.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    alertSources:\n      - kind: pagerduty\n        apiUrl: ${url}\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        serviceIds: [PSVC001]\n        services: {PSVC001: checkout}\n`);

  it('reaches alerts, alerts --json and ack escaped, in PagerDuty\'s words', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(403, {'content-type': 'application/json'});
      res.end(JSON.stringify({error: {message: EVIL, code: 2010, errors: ['Access Denied']}}));
    });
    const cfg = config(server.url);
    for (const argv of [['alerts'], ['alerts', '--json'], ['ack', 'PINC1']]) {
      const {out, err} = await run([...argv, '--config', cfg], {PD_TOKEN: TOKEN});
      expect(out + err, argv.join(' ')).not.toMatch(UNSAFE);
      expect(err, argv.join(' ')).toContain('denied ␛]52;c;ZWNobyBoaQ==\\x07␛[2J\\u202e: Access Denied');
    }
  });

  it('redacts a token the body echoes in its escaped form (`\\/`)', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(401, {'content-type': 'application/json'});
      // JSON may escape a slash; the token is found once the text is decoded.
      res.end(`{"error":{"message":"invalid token ${TOKEN.replace('/', '\\/')}"}}`);
    });
    const {out, err} = await run(['alerts', '--config', config(server.url)], {PD_TOKEN: TOKEN});
    expect(out + err).not.toContain(TOKEN);
    expect(err).toContain('invalid token [redacted]');
  });
});

describe('oncall alerts when every alert source failed', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('prints the failure escaped: it quotes each source by its name in the config', async () => {
    const cfg = tmp.write('am.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    alertmanagers: [{name: "am\\e]52;c;ZWNobyBoaQ==\\a", url: "http://127.0.0.1:1"}]\n`);
    const {out, err} = await run(['alerts', '--config', cfg], {});
    expect(err).toContain('am␛]52;c;ZWNobyBoaQ==\\x07');
    expect(out + err).not.toMatch(UNSAFE);
  });
});
