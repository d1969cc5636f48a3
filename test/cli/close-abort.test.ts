/**
 * Closing the sources' connections at the dashboard's end when a request was left without its
 * answer: through the runtime, down to each client's own connections, against a real server that
 * never answers. A graceful close would wait for the request up to its timeout (20 s here); the
 * abort ends it at once and fails the request, so its answer can no longer come.
 */
import {afterEach, expect, it} from 'vitest';
import type {CliArgs} from '../../src/cli/args.ts';
import {configRuntime} from '../../src/cli/runtime.ts';
import {createHttpClient} from '../../src/sources/http/http-client.ts';
import {startLocalServer, type LocalServer} from '../sources/http/local-server.ts';
import {tempDir} from './cli-fixtures.ts';

const TIMEOUT_MS = 20_000;
// Far under the timeout: load on the machine cannot make a prompt close take this long.
const PROMPT_MS = 5_000;

let server: LocalServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function untilSent(s: LocalServer): Promise<void> {
  while (s.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
}

it("an aborting close of a client ends at once, failing the request in flight", async () => {
  server = await startLocalServer(() => {}); // never answers
  const client = createHttpClient({baseUrl: server.url, timeoutMs: TIMEOUT_MS});
  const post = client.postJson('/api/v2/silences', {}).then(() => 'answered', () => 'failed');
  await untilSent(server);
  const t0 = Date.now();
  await client.close({abort: true});
  expect(Date.now() - t0).toBeLessThan(PROMPT_MS);
  expect(await post).toBe('failed');
  expect(Date.now() - t0).toBeLessThan(PROMPT_MS);
}, TIMEOUT_MS + 10_000);

it("the runtime's aborting close reaches an Alertmanager's request in flight", async () => {
  server = await startLocalServer(() => {});
  const tmp = tempDir();
  const config = tmp.write('config.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    alertmanagers: [{name: am-1, url: ${server.url}, timeout: 20s}]\n`);
  const runtime = await configRuntime({command: 'dashboard', config, demo: false, readOnly: false, json: false} as CliArgs, {HOME: tmp.dir}, () => 0);
  if (typeof runtime === 'string') throw new Error(runtime);
  try {
    const source = runtime.members[0]!.composed.services.alertSources[0]!;
    expect(source.timeoutMs).toBe(TIMEOUT_MS);
    const expire = (source.capabilities as {expireSilence(id: string): Promise<unknown>}).expireSilence('s1').then(() => 'answered', () => 'failed');
    await untilSent(server);
    const t0 = Date.now();
    await runtime.close({abort: true});
    expect(await expire).toBe('failed');
    expect(Date.now() - t0).toBeLessThan(PROMPT_MS);
  } finally {
    tmp.cleanup();
  }
}, TIMEOUT_MS + 10_000);
