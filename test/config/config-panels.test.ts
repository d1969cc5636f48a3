import {describe, expect, it} from 'vitest';
import {formatConfigErrors, type ConfigError} from '../../src/config/config-errors.ts';
import {parseConfig} from '../../src/config/config-load.ts';

const HEAD = 'current-context: prod\ncontexts:\n  - name: prod\n';
const PROM = '    prometheus:\n      url: http://127.0.0.1:9090\n';

function errorsOf(text: string): ConfigError[] {
  const result = parseConfig(text, 'config.yaml');
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.errors;
}

const err = (line: number | null, column: number | null, path: string, message: string): ConfigError => ({file: 'config.yaml', line, column, path, message});

describe('panels: in a context', () => {
  it('reads a panel with its unit defaulted to count and optional thresholds and service', () => {
    const text = `${HEAD}${PROM}    panels:\n      - {name: cpu, service: checkout, query: 'max(cpu)', unit: ratio, warn: 0.8, crit: 0.9}\n      - {name: queue, query: queue_depth}\n`;
    const result = parseConfig(text, 'config.yaml');
    expect(result.ok && result.config.contexts[0]!.panels).toEqual([
      {name: 'cpu', service: 'checkout', query: 'max(cpu)', unit: 'ratio', warn: 0.8, crit: 0.9},
      {name: 'queue', query: 'queue_depth', unit: 'count'},
    ]);
  });

  it('names the file, the path and what is wrong for a bad unit, threshold or query', () => {
    const text = `${HEAD}${PROM}    panels:\n      - {name: cpu, query: 'rate(x[{{.window}}])', unit: percentt, warn: high}\n      - {name: q, query: '  '}\n`;
    const errors = errorsOf(text);
    expect(errors).toEqual([
      err(7, 28, 'contexts[0].panels[0].query', 'a panel query is plain PromQL: write the range, e.g. [5m], instead of {{.window}}'),
      err(7, 58, 'contexts[0].panels[0].unit', 'must be one of count, percent, ratio, bytes, seconds, per-second'),
      err(7, 74, 'contexts[0].panels[0].warn', "must be a number in the panel's unit, e.g. 0.8 for a ratio panel"),
      err(8, 26, 'contexts[0].panels[1].query', 'must be a PromQL expression, e.g. max(rate(container_cpu_usage_seconds_total{service="checkout"}[5m]))'),
    ]);
    expect(formatConfigErrors(errors)).toContain('config.yaml:7');
  });

  it('refuses duplicate names, equal thresholds and panels without a Prometheus', () => {
    const text = `${HEAD}    alertmanagers: [{url: 'http://am:9093'}]\n    panels:\n      - {name: cpu, query: a, warn: 1, crit: 1}\n      - {name: cpu, query: b}\n`;
    expect(errorsOf(text)).toEqual([
      err(5, 5, 'contexts[0].panels', 'panels need a prometheus source in the same context'),
      err(6, 46, 'contexts[0].panels[0].crit', 'crit equals warn; set crit above warn (higher is worse) or below it (lower is worse, e.g. free disk)'),
      err(7, 16, 'contexts[0].panels[1].name', 'duplicate panel name "cpu" (already used by contexts[0].panels[0])'),
    ]);
  });
});
