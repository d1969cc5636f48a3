/**
 * A panel whose query Prometheus refuses, beside panels it reads, against a real Prometheus: the
 * reason shown is what Prometheus says of the query the user wrote, not of oncall's
 * `label_replace` wrapper, and finding it costs one request per refused panel, once.
 */
import {Agent, type Dispatcher} from 'undici';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {PanelDefinition} from '../../src/domain/panel.ts';
import {createPrometheusSource} from '../../src/sources/prometheus/prometheus-source.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';

function openMetrics(from: number, to: number): string {
  const lines = ['# TYPE sat gauge'];
  for (let t = from; t <= to; t += 15) lines.push(`sat{svc="a"} 0.5 ${t}`);
  return `${lines.join('\n')}\n# EOF\n`;
}

const PANELS: PanelDefinition[] = [
  {name: 'ok', query: 'sat', unit: 'ratio', warn: 0.6, crit: 0.8},
  {name: 'typo', query: 'sum(sat', unit: 'ratio', warn: 0.6, crit: 0.8},
  {name: 'scalar', query: 'scalar(sum(sat))', unit: 'ratio', warn: 0.6, crit: 0.8},
  {name: 'range', query: 'sat[5m]', unit: 'ratio', warn: 0.6, crit: 0.8},
];

describe('a refused panel says what Prometheus says of the query the user wrote (real Prometheus)', () => {
  let backends: Backends;
  const end = Math.floor(Date.now() / 60_000) * 60 - 60;
  beforeAll(async () => {
    backends = await startTestBackends({openMetrics: openMetrics(end - 3600, end), alertmanager: false});
  });
  afterAll(async () => {
    await backends?.stop();
  });

  it('gives each refused panel its own reason, asks for it once, and reads the others', {timeout: 60_000}, async () => {
    const forms: string[] = [];
    const counting = new Agent().compose((dispatch: Dispatcher['dispatch']) => (opts, handler) => {
      forms.push(`${String(opts.path)} ${typeof opts.body === 'string' ? decodeURIComponent(opts.body.replace(/\+/g, ' ')) : ''}`);
      return dispatch(opts, handler);
    });
    const source = createPrometheusSource({name: 'prometheus', baseUrl: backends.prometheusUrl ?? '', timeoutMs: 10_000, dispatcher: counting});
    try {
      const first = await source.readPanels(PANELS, end * 1000);
      // What Prometheus answers for the typo on its own: what the engineer gets pasting it in.
      const own = (await (await fetch(`${backends.prometheusUrl}/api/v1/query?query=${encodeURIComponent('sum(sat')}`)).json()) as {error: string};
      const typo = own.error.replace(/^invalid parameter "query": /, '');
      expect(typo).toMatch(/^1:8: parse error/);
      expect(first.value.get('typo')?.error).toMatch(/^Prometheus refused its query \(HTTP 400\): /);
      expect(first.value.get('typo')?.error).toContain(typo);
      expect(first.value.get('scalar')?.error).toBe('a panel query must return an instant vector (this one returns a scalar); wrap it in vector(…)');
      expect(first.value.get('range')?.error).toMatch(/returns a range vector/);
      for (const p of ['typo', 'scalar', 'range']) expect(first.value.get(p)?.error).not.toContain('label_replace');
      expect(first.value.get('ok')?.error).toBeUndefined();
      expect(first.value.get('ok')?.points.at(-1)?.value).toBe(0.5);
      // Each refused panel's own query was sent once, unwrapped, as an instant query.
      const ownReads = forms.filter((f) => f.startsWith('/api/v1/query ') || f.startsWith('/api/v1/query?'));
      expect(ownReads).toHaveLength(3);
      for (const f of ownReads) expect(f).not.toContain('label_replace');
      // The next read asks for none again and keeps the same reasons.
      const before = forms.length;
      const second = await source.readPanels(PANELS, end * 1000);
      expect(forms.slice(before)).toHaveLength(1);
      for (const p of ['typo', 'scalar', 'range']) expect(second.value.get(p)?.error).toBe(first.value.get(p)?.error);
    } finally {
      await source.close();
      await counting.close();
    }
  });
});
