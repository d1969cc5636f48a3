/**
 * PagerDuty (or a proxy or cache in front of it) may answer a page with `more: true` and no
 * items: the server says more entries exist and none were read, so "nobody on call" is not known.
 */
import http from 'node:http';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {run, tempDir} from './cli-fixtures.ts';

let server: http.Server | null = null;
const tmp = tempDir();
afterEach(async () => {
  await new Promise((r) => server?.close(r));
  server = null;
});
afterAll(() => tmp.cleanup());

async function serve(handler: http.RequestListener): Promise<string> {
  server = http.createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server!.address() as {port: number}).port}`;
}

describe('whoison: a page that says more: true but holds nothing', () => {
  it('is not read as the end of the list: never "nobody on call" (exit 1), but unknown/incomplete (exit 3)', async () => {
    const url = await serve((req, res) => {
      const u = new URL(req.url!, 'http://x');
      res.writeHead(200, {'content-type': 'application/json'});
      if (u.pathname === '/services') {
        res.end(JSON.stringify({services: [{id: 'PSVC001', type: 'service', name: 'Checkout', escalation_policy: {id: 'EP1', type: 'escalation_policy_reference', summary: 'EP'}}], more: false, limit: 100, offset: 0}));
      } else {
        res.end(JSON.stringify({oncalls: [], more: true, limit: 100, offset: Number(u.searchParams.get('offset') ?? 0)}));
      }
    });
    const path = tmp.write('c.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    alertSources:\n      - kind: pagerduty\n        apiUrl: ${url}\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        serviceIds: [PSVC001]\n        services: {PSVC001: checkout}\n`);
    const text = await run(['whoison', 'checkout', '--config', path], {PD_TOKEN: 'tok-123456789'});
    expect(text.out).not.toBe('nobody on call for checkout\n');
    expect(text.code).toBe(3);
    const json = await run(['whoison', 'checkout', '--json', '--config', path], {PD_TOKEN: 'tok-123456789'});
    expect(JSON.parse(json.out).incomplete).toBe(true);
  });
});
