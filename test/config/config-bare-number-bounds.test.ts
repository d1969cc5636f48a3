/**
 * The hint for a duration written as a bare number suggests a value the field takes: an SLO
 * window is read in days, and a timeout over its cap is told the cap, not `3600s`.
 */
import {describe, expect, it} from 'vitest';
import {formatConfigErrors} from '../../src/config/config-errors.ts';
import {parseConfig} from '../../src/config/config-load.ts';

const HEAD = 'current-context: a\ncontexts:\n  - name: a\n';
function errorsOf(yaml: string): string {
  const r = parseConfig(`${HEAD}${yaml}`, 'config.yaml');
  return r.ok ? '(accepted)' : formatConfigErrors(r.errors);
}
const slo = (window: string) =>
  `    prometheus: {url: "http://p:9090"}\n    slos:\n      - {name: s, service: x, objective: 99.9, window: ${window}, errorQuery: 'sum(rate(e[{{.window}}]))', totalQuery: 'sum(rate(t[{{.window}}]))'}\n`;

describe('the bare-number duration hint suggests a value that is itself valid', () => {
  it('an SLO window: 30 is told to write 30d, not 30s (refused next as shorter than 3d)', () => {
    const text = errorsOf(slo('30'));
    expect(text).not.toContain('write 30s');
    expect(text).toContain('write 30d for 30 days');
  });

  it('an SLO window: 1 is told the least window, not 1d', () => {
    const text = errorsOf(slo('1'));
    expect(text).not.toContain('write 1');
    expect(text).toContain('at least 3d');
  });

  it('a timeout: 3600 is told the cap, not to write 3600s (refused next: at most 10m)', () => {
    const text = errorsOf(`    prometheus: {url: "http://p:9090", timeout: 3600}\n`);
    expect(text).not.toContain('write 3600s');
    expect(text).toContain('at most 10m');
    expect(errorsOf(`    prometheus: {url: "http://p:9090", timeout: 30}\n`)).toContain('write 30s');
  });
});
