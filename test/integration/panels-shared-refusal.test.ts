/**
 * Two contexts on one Prometheus (the same `prometheus:` entry, so one pooled adapter), each with
 * a panel named `cpu` but its own query: team-a's is a typo, team-b's is fine. A refusal belongs
 * to the query refused, not to a name the contexts happen to share.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {composeContext, createSharedBackends} from '../../src/cli/compose.ts';
import {parseConfig} from '../../src/config/config-load.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';

function openMetrics(from: number, to: number): string {
  const lines = ['# TYPE sat gauge'];
  for (let t = from; t <= to; t += 15) lines.push(`sat{svc="a"} 0.5 ${t}`);
  return `${lines.join('\n')}\n# EOF\n`;
}

describe('panels of two contexts sharing one Prometheus (real Prometheus)', () => {
  let backends: Backends;
  const end = Math.floor(Date.now() / 60_000) * 60 - 60;
  beforeAll(async () => {
    backends = await startTestBackends({openMetrics: openMetrics(end - 3600, end), alertmanager: false});
  });
  afterAll(async () => {
    await backends?.stop();
  });

  it("a panel refused in one context leaves the other context's same-named, valid panel read", async () => {
    const yaml = `current-context: team-a
contexts:
  - name: team-a
    prometheus: {url: ${backends.prometheusUrl}}
    panels:
      - {name: cpu, query: 'sum(sat', unit: ratio, warn: 0.6, crit: 0.8}
  - name: team-b
    prometheus: {url: ${backends.prometheusUrl}}
    panels:
      - {name: cpu, query: 'max(sat)', unit: ratio, warn: 0.6, crit: 0.8}
`;
    const parsed = parseConfig(yaml, 'config.yaml');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const shared = createSharedBackends();
    try {
      const [a, b] = parsed.config.contexts.map((ctx) => composeContext(ctx, {}, undefined, shared));
      const ra = await a!.services.panelReader!.capabilities.readPanels(a!.services.panels!, end * 1000);
      expect(ra.value.get('cpu')?.error).toMatch(/refused/);
      const rb = await b!.services.panelReader!.capabilities.readPanels(b!.services.panels!, end * 1000);
      // Not ✖ QUERY REFUSED with team-a's error for a query team-b never wrote: its own 0.5.
      expect(rb.value.get('cpu')?.error).toBeUndefined();
      expect(rb.value.get('cpu')?.points.at(-1)?.value).toBe(0.5);
      expect(rb.warnings.join('\n')).not.toContain('refused');
      // And team-a's stays refused, found once, not searched again for team-b's read.
      const again = await a!.services.panelReader!.capabilities.readPanels(a!.services.panels!, end * 1000);
      expect(again.value.get('cpu')?.error).toMatch(/refused/);
    } finally {
      await shared.close();
    }
  });
});
