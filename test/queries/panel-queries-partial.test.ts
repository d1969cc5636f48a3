/**
 * A panels read answered in part (Thanos' `partial response: …` with a store down, a
 * VictoriaMetrics cluster's `"isPartial": true`): the worst series may be the one missing. The
 * read carries the partial-response warnings as the SLO read does, so the header says `◐` (read
 * in part) and the rows' ok is not a plain ok.
 */
import {createServer, type Server} from 'node:http';
import {QueryClient} from '@tanstack/query-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {PanelDefinition} from '../../src/domain/panel.ts';
import {panelQueryOptions, type PanelSnapshot} from '../../src/queries/panel-queries.ts';
import {createPrometheusSource} from '../../src/sources/prometheus/prometheus-source.ts';
import {emptyServices} from './fakes.ts';

const STORE_DOWN = 'partial response: store 10.0.0.7:10901 unavailable';
let server: Server;
let url = '';
let partial = true;
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += String(c)));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      const step = Number(form.get('step'));
      const values: Array<[number, string]> = [];
      for (let t = Number(form.get('start')); t <= Number(form.get('end')); t += step) values.push([t, '0.5']);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({status: 'success', ...(partial ? {warnings: [STORE_DOWN]} : {}), data: {resultType: 'matrix', result: [{metric: {oncall_panel: 'cpu'}, values}]}}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function read(): Promise<PanelSnapshot> {
  const source = createPrometheusSource({name: 'prometheus', baseUrl: url, timeoutMs: 5000});
  try {
    const panel: PanelDefinition = {name: 'cpu', query: 'max(cpu)', unit: 'ratio', warn: 0.8, crit: 0.9};
    const services = emptyServices({panels: [panel], panelReader: {name: 'prometheus', kind: 'prometheus', capabilities: source}});
    const options = panelQueryOptions(services, {intervalMs: 15_000, now: () => Date.UTC(2026, 11, 7, 12, 0, 0)});
    return await new QueryClient().fetchQuery(options as never);
  } finally {
    await source.close();
  }
}

describe('panels answered in part', () => {
  it('the panel outcome says partial (as the SLO read does), not a plain ok', async () => {
    partial = true;
    const snapshot = await read();
    expect(snapshot.outcome.partial).toEqual([STORE_DOWN]);
    expect(snapshot.outcome.warnings).toContain(STORE_DOWN);
    expect(snapshot.readings[0]!.value).toBe(0.5);
  });

  it('an answer in full says nothing of partial', async () => {
    partial = false;
    expect((await read()).outcome.partial).toBeUndefined();
  });
});
