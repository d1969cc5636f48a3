import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {createJsonDeploySource, type JsonDeploysConfig} from '../../../src/sources/json-deploys/json-deploys-source.ts';
import {startLocalServer} from '../http/local-server.ts';
import {failureOf} from '../../helpers/failure.ts';

const dir = mkdtempSync(join(tmpdir(), 'oncall-json-deploys-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function fileConfig(content: string, over: Partial<JsonDeploysConfig> = {}): JsonDeploysConfig {
  const file = join(dir, `deploys-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, content);
  return {provider: 'json', file, headers: {}, services: {}, ...over};
}

describe('createJsonDeploySource', () => {
  it('reads a file: ISO and epoch-second times, status words, defaults, newest first', async () => {
    const doc = [
      {id: 'd1', service: 'cart', version: 'v1', environment: 'prod', status: 'succeeded', startedAt: '2026-05-04T09:00:00Z', author: 'primary', url: 'https://ci.example/d1'},
      {service: 'checkout-svc', version: 42, startedAt: 1777888800, status: 'Running', extra: {ignored: true}},
      {id: 7, service: 'cart', version: 'v2', environment: 'prod', status: 'exploded', startedAt: '1777888900', rollbackOf: 'd1'},
    ];
    const source = createJsonDeploySource(fileConfig(JSON.stringify(doc), {services: {'checkout-svc': 'checkout'}}), {});
    const {value, warnings} = await source.listDeploys();
    expect(warnings).toEqual([]);
    expect(value).toEqual([
      {id: '7', service: 'cart', version: 'v2', environment: 'prod', status: 'unknown', startedAt: 1777888900000, author: '', url: null, rollbackOf: 'd1'},
      {id: 'checkout-svc@42@1777888800000', service: 'checkout', version: '42', environment: '', status: 'in_progress', startedAt: 1777888800000, author: '', url: null},
      {id: 'd1', service: 'cart', version: 'v1', environment: 'prod', status: 'success', startedAt: Date.UTC(2026, 4, 4, 9), author: 'primary', url: 'https://ci.example/d1'},
    ]);
  });

  it('reads an optional commit sha; one that is not 7–40 hex digits is left out with a warning, the deploy kept', async () => {
    const sha = '5f0c2d1e9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d';
    const doc = [
      {id: 'd3', service: 'cart', version: 'v1.4.2', sha, startedAt: '2026-05-04T09:00:00Z'},
      {id: 'd2', service: 'cart', version: 'v1.4.1', sha: 'a84d88e', startedAt: '2026-05-04T08:00:00Z'},
      {id: 'd1', service: 'cart', version: 'v1.4.0', sha: 'main', startedAt: '2026-05-04T07:00:00Z'},
      {id: 'd0', service: 'cart', version: 'v1.3.9', sha: null, startedAt: '2026-05-04T06:00:00Z'},
      {id: 'dx', service: 'cart', version: 'v1.3.8', sha: 1234567, startedAt: '2026-05-04T05:00:00Z'},
    ];
    const config = fileConfig(JSON.stringify(doc));
    const {value, warnings, hiding} = await createJsonDeploySource(config, {}).listDeploys();
    expect(value.map((d) => [d.id, d.version, d.sha])).toEqual([
      ['d3', 'v1.4.2', sha],
      ['d2', 'v1.4.1', 'a84d88e'],
      ['d1', 'v1.4.0', undefined],
      ['d0', 'v1.3.9', undefined],
      ['dx', 'v1.3.8', undefined],
    ]);
    expect(warnings).toEqual([`json ${config.file}: ignored 2 sha fields that are not a commit sha of 7–40 hex digits ([2].sha: "main"; [4].sha: 1234567); {{sha}} is not filled from them`]);
    // Every entry is kept: the warning cannot hide a deploy, so a rollback's "from → to" stands.
    expect(hiding).toEqual([]);
  });

  // Found by fuzzing: status `__proto__` became Object.prototype and service `toString` a function,
  // and drawing the deploy row then threw.
  it('reads a status or service named like an inherited property as plain text', async () => {
    const doc = [
      {id: 'a', service: 'toString', version: 'v1', status: '__proto__', startedAt: '2026-05-04T09:00:00Z'},
      {id: 'b', service: 'constructor', version: 'v2', status: 'constructor', startedAt: '2026-05-04T08:00:00Z'},
    ];
    const {value} = await createJsonDeploySource(fileConfig(JSON.stringify(doc), {services: {cart: 'checkout'}}), {}).listDeploys();
    expect(value.map((d) => [d.service, d.status])).toEqual([['toString', 'unknown'], ['constructor', 'unknown']]);
  });

  it('skips bad entries naming index and field, and fails when nothing is readable', async () => {
    const doc = {deploys: [{service: 'cart', version: 'v1', startedAt: '2026-05-04T09:00:00Z'}, {service: 'cart', startedAt: 'x'}, {service: '', version: 'v', startedAt: 1}, null]};
    const source = createJsonDeploySource(fileConfig(JSON.stringify(doc)), {});
    const {value, warnings, hiding} = await source.listDeploys();
    expect(value.map((d) => d.version)).toEqual(['v1']);
    expect(warnings).toHaveLength(1);
    // A skipped entry may be any deploy, the newest too.
    expect(hiding).toEqual(warnings);
    expect(warnings[0]).toMatch(/: skipped 3 entries with unexpected data \(\[1\]\.version: Invalid input; \[2\]\.service: Too small: expected string to have >=1 characters; \[3\]: Invalid input: expected object, received null\)$/);
    const bad = await failureOf(createJsonDeploySource(fileConfig('[{"service": "cart"}]'), {}).listDeploys());
    expect(bad.kind).toBe('bad-response');
    expect(bad.message).toMatch(/: no deploy could be read: \[0\]\.version: Invalid input$/);
  });

  it('explains a missing file, broken JSON and a document of the wrong shape', async () => {
    const missing = await failureOf(createJsonDeploySource({provider: 'json', file: join(dir, 'nope.json'), headers: {}, services: {}}, {}).listDeploys());
    expect([missing.kind, missing.message]).toEqual(['unavailable', `json ${join(dir, 'nope.json')}: file not found`]);
    const broken = await failureOf(createJsonDeploySource(fileConfig('[{'), {}).listDeploys());
    expect(broken.kind).toBe('bad-response');
    expect(broken.message).toContain(': not valid JSON: ');
    const shape = await failureOf(createJsonDeploySource(fileConfig('{"items": []}'), {}).listDeploys());
    expect(shape.message).toMatch(/deploy list: unexpected response shape: expected a list of deploys, or an object with a "deploys" list$/);
  });

  it('reads a URL with its query string, headers and bearer token', async () => {
    const server = await startLocalServer((_req, res) => {
      res.writeHead(200, {'content-type': 'application/json'});
      res.end(JSON.stringify([{id: 'a', service: 'cart', version: 'v3', startedAt: '2026-05-04T09:00:00Z', status: 'failed'}]));
    });
    const source = createJsonDeploySource({provider: 'json', url: `${server.url}/ci/deploys.json?env=prod&env=staging`, headers: {'X-Team': 'shop'}, services: {}}, {token: 'json-token-0123'});
    const {value} = await source.listDeploys();
    await source.close();
    await server.close();
    expect(value.map((d) => [d.id, d.status])).toEqual([['a', 'failure']]);
    expect(server.requests.map((r) => [r.method, r.url, r.headers['x-team'], r.headers.authorization])).toEqual([['GET', '/ci/deploys.json?env=prod&env=staging', 'shop', 'Bearer json-token-0123']]);
  });

  it('a URL whose path or query is its secret: a failure names the origin only, and an echo of them is scrubbed', async () => {
    const path = '/feed/Xq7feedSecretPath0123456789/deploys.json';
    const server = await startLocalServer((req, res) => {
      res.writeHead(500, {'content-type': 'text/plain'});
      res.end(`no feed at ${req.url}`);
    });
    const source = createJsonDeploySource({provider: 'json', url: `${server.url}${path}?sig=Zz9querySecretValue0123`, headers: {}, services: {}, timeout: '2s'}, {});
    const failure = await failureOf(source.listDeploys());
    await source.close();
    await server.close();
    expect(failure.message).toMatch(new RegExp(`^json deploys ${server.url}: server error \\(HTTP 500\\)`));
    expect(failure.message).not.toMatch(/Xq7feedSecretPath|Zz9querySecretValue/);
  });
});
