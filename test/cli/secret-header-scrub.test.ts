/**
 * A header given by headersEnv or headersFile is a credential whatever its name: the HTTP client
 * scrubs its value from every message, as it does for names that say they are secret.
 */
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {describe, expect, it} from 'vitest';
import {endpointOptions} from '../../src/cli/compose.ts';
import {formatConfigErrors} from '../../src/config/config-errors.ts';
import {parseConfig} from '../../src/config/config-load.ts';
import {createHttpClient} from '../../src/sources/http/http-client.ts';

const HEAD = 'current-context: a\ncontexts:\n  - name: a\n';

describe('a header given by headersEnv is a credential whatever its name', () => {
  it('is scrubbed from an error that echoes it', async () => {
    const secret = 'hc7Zq4mW9rT2xY8vK3pL6nB1';
    const server = createServer((req, res) => {
      res.writeHead(401, {'content-type': 'application/json'});
      res.end(JSON.stringify({status: 'error', error: `invalid credential ${String(req.headers['x-credential'])}`}));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const r = parseConfig(`${HEAD}    prometheus: {url: "http://127.0.0.1:${port}", headersEnv: {X-Credential: PROM_CRED}}\n`, 'config.yaml');
      if (!r.ok) throw new Error(formatConfigErrors(r.errors));
      const notes: string[] = [];
      const options = endpointOptions(r.config.contexts[0]!.prometheus!, {PROM_CRED: secret}, notes, 'prometheus');
      expect(options.headers?.['X-Credential']).toBe(secret);
      const client = createHttpClient({...options, timeoutMs: 5000});
      const err = await client.getJson('/api/v1/alerts').then(() => null, (e: unknown) => e as Error);
      await client.close();
      expect(err).not.toBeNull();
      expect(String(err?.message)).not.toContain(secret);
    } finally {
      server.close();
    }
  });
});
