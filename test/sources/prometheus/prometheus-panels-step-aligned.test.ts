/**
 * Thanos' query-frontend (its default `--query-range.align-range-with-step=true`), and Mimir or
 * Cortex with `align_queries_with_step`, move a range query's start and end onto multiples of its
 * step, so the points come back at whole minutes while a 15-second poll asks for hh:mm:15.
 */
import {createServer, type Server} from 'node:http';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {evaluatePanel, type PanelDefinition} from '../../../src/domain/panel.ts';
import {createPrometheusSource} from '../../../src/sources/prometheus/prometheus-source.ts';

let server: Server;
let url = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += String(c)));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      const step = Number(form.get('step'));
      // Aligned as Thanos' step-align middleware does: both ends floored to the step.
      const start = Math.floor(Number(form.get('start')) / step) * step;
      const end = Math.floor(Number(form.get('end')) / step) * step;
      const values: Array<[number, string]> = [];
      for (let t = start; t <= end; t += step) values.push([t, '0.95']);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({status: 'success', data: {resultType: 'matrix', result: [{metric: {oncall_panel: 'cpu'}, values}]}}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('panels behind a step-aligning query frontend', () => {
  it('a CPU at 95% (crit 90%) read at any second of the minute is shown crit, not ? NO DATA', async () => {
    const source = createPrometheusSource({name: 'prometheus', baseUrl: url, timeoutMs: 5000});
    try {
      const panel: PanelDefinition = {name: 'cpu', query: 'max(cpu)', unit: 'ratio', warn: 0.8, crit: 0.9};
      // The default refresh (15 s) polls at hh:mm:00/15/30/45; the first poll at any second.
      for (const second of [0, 15, 30, 45, 59]) {
        const answer = await source.readPanels([panel], Date.UTC(2026, 11, 7, 12, 0, second));
        const series = answer.value.get('cpu')!;
        const reading = evaluatePanel(panel, series);
        expect(reading.value, `hh:mm:${second}`).toBe(0.95);
        expect(reading.level, `hh:mm:${second}`).toBe('crit');
        // The whole 30-minute sparkline, not only its last point.
        expect(series.points.every((p) => p.value === 0.95), `hh:mm:${second}`).toBe(true);
      }
    } finally {
      await source.close();
    }
  });
});
