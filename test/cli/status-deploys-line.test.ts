/**
 * `oncall status`'s `Deploys:` line says what was read: a deploy history that could not be read
 * is UNKNOWN (never "0 recent, 0 suspect"), and a context without one says none is configured.
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {startLocalServer, type LocalServer} from '../sources/http/local-server.ts';
import {run, tempDir} from './cli-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
let ci: LocalServer;

beforeEach(async () => {
  tmp = tempDir();
  // A sign-in proxy in front of the CI: every request gets a 200 login page, not the JSON feed.
  ci = await startLocalServer((_req, res) => res.writeHead(200, {'content-type': 'text/html'}).end('<html><body>Sign in</body></html>'));
});
afterEach(async () => {
  await ci.close();
  tmp.cleanup();
});

const deploysLine = (out: string) => out.split('\n').filter((l) => l.startsWith('Deploys:'));

describe('oncall status, the Deploys line', () => {
  it('says UNKNOWN for a deploy history it could not read, and exits 3 as --json does', async () => {
    const path = tmp.write('config.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    deploys: {provider: json, url: ${ci.url}/deploys.json}\n`);
    const env = {HOME: tmp.dir, XDG_STATE_HOME: `${tmp.dir}/state`};
    const text = await run(['status', '--config', path], env);
    expect(deploysLine(text.out)).toEqual([expect.stringMatching(/^Deploys: UNKNOWN, json could not be read \(.+\)$/)]);
    const json = await run(['status', '--json', '--config', path], env);
    const doc = JSON.parse(json.out) as {sources: Array<{name: string; ok: boolean}>; deploys: unknown[]};
    expect(doc.sources.find((s) => s.name === 'json')?.ok).toBe(false);
    expect([text.code, json.code]).toEqual([3, 3]);
  });

  it('says none configured for a context without deploys:, beside one whose history was read', async () => {
    const history = tmp.write('deploys.json', JSON.stringify([{id: '1', service: 'api', version: 'v1', environment: 'prod', status: 'success', startedAt: new Date(Date.now() - 3_600_000).toISOString()}]));
    const path = tmp.write(
      'config.yaml',
      `current-context: a\ncontexts:\n  - name: a\n    deploys: {provider: json, file: ${history}}\n  - name: b\n    deploys: {provider: json, url: ${ci.url}/deploys.json}\n  - name: c\n    rollback: {provider: webhook, url: '${ci.url}/hooks/rollback'}\n`,
    );
    const {out} = await run(['status', '--context', 'a,b,c', '--config', path], {HOME: tmp.dir, XDG_STATE_HOME: `${tmp.dir}/state`});
    expect(deploysLine(out)).toEqual(['Deploys: 1 recent, 0 suspect', expect.stringMatching(/^Deploys: UNKNOWN, json could not be read/), 'Deploys: none configured']);
  });
});
