import {describe, expect, it} from 'vitest';
import {parseSloFiles} from '../../../src/config/slo-files/slo-files-parse.ts';
import {errorLines, parsedOk} from './slo-files-fixture.ts';

const EVENTS = `    sli:
      events:
        error_query: sum(rate(e[{{.window}}]))
        total_query: sum(rate(t[{{.window}}]))
`;

/** A prometheus/v1 spec with one SLO, `group` and `own` being its plugin blocks as YAML (or empty). */
function spec(group: string, own = '', sli = EVENTS): string {
  return `version: prometheus/v1\nservice: api\n${group}slos:\n  - name: availability\n    objective: 99.9\n${own}${sli}`;
}

const corrected = (text: string) => parsedOk('s.yaml', text).map((d) => (d.sli?.kind === 'ratio' ? d.sli.denominatorCorrected === true : null));

describe('Sloth SLO plugins', () => {
  it('computes the denominator correction when the file or the SLO chains denominator_corrected_rules', () => {
    const plugin = '    - id: sloth.dev/contrib/denominator_corrected_rules/v1\n';
    expect(corrected(spec(`slo_plugins:\n  chain:\n${plugin}`))).toEqual([true]);
    expect(corrected(spec('', `    plugins:\n      chain:\n    ${plugin}`))).toEqual([true]);
    // With its config (disableOptimized only changes how Sloth records the period, which oncall reads exactly).
    expect(corrected(spec(`slo_plugins:\n  chain:\n${plugin}      config: {disableOptimized: true}\n`))).toEqual([true]);
    const k8s = `apiVersion: sloth.slok.dev/v1
kind: PrometheusServiceLevel
metadata: {name: svc}
spec:
  service: svc01
  sloPlugins:
    chain:
      - id: sloth.dev/contrib/denominator_corrected_rules/v1
  slos:
    - name: slo1
      objective: 99.9
      sli:
        events:
          errorQuery: sum(rate(e[{{.window}}]))
          totalQuery: sum(rate(t[{{.window}}]))
`;
    expect(parsedOk('k.yaml', k8s)[0]?.sli).toEqual({kind: 'ratio', errorQuery: 'sum(rate(e[{{.window}}]))', totalQuery: 'sum(rate(t[{{.window}}]))', denominatorCorrected: true});
  });

  it("follows Sloth's order: a negative priority runs before the default SLI rules, which then win", () => {
    const before = 'slo_plugins:\n  chain:\n    - {id: sloth.dev/contrib/denominator_corrected_rules/v1, priority: -10}\n';
    expect(corrected(spec(before))).toEqual([false]);
    // overridePrevious drops the defaults; the last SLI rules plugin in the chain wins.
    const both = 'slo_plugins:\n  overridePrevious: true\n  chain:\n    - {id: sloth.dev/contrib/denominator_corrected_rules/v1, priority: 5}\n    - {id: sloth.dev/core/sli_rules/v1}\n';
    expect(corrected(spec(both))).toEqual([true]);
    // An SLO's own overridePrevious drops the file's chain too.
    const own = '    plugins:\n      overridePrevious: true\n      chain: [{id: sloth.dev/core/sli_rules/v1}]\n';
    expect(corrected(spec('slo_plugins:\n  chain: [{id: sloth.dev/contrib/denominator_corrected_rules/v1}]\n', own))).toEqual([false]);
  });

  it("loads plugins that leave the SLI as is (the VictoriaMetrics validator, labels, alerts, intervals)", () => {
    const chain = `slo_plugins:
  overridePrevious: true
  chain:
    - id: sloth.dev/contrib/validate_victoria_metrics/v1
    - id: sloth.dev/core/sli_rules/v1
    - id: sloth.dev/core/metadata_rules/v1
    - id: sloth.dev/core/alert_rules/v1
`;
    const own = '    plugins:\n      chain:\n        - {id: sloth.dev/contrib/info_labels/v1, config: {labels: {a: b}}}\n        - {id: sloth.dev/contrib/rule_intervals/v1, config: {interval: {default: 5m}}}\n';
    expect(corrected(spec(chain, own))).toEqual([false]);
  });

  it('refuses an SLO with a plugin oncall does not know, naming the file, the path and the plugin', () => {
    const own = '    plugins:\n      chain:\n        - id: example.com/team/weighted_sli/v1\n';
    expect(errorLines('s.yaml', spec('', own))).toEqual([
      's.yaml:8:15: slos[0].plugins.chain[0].id: Sloth SLO plugin "example.com/team/weighted_sli/v1" is not known to oncall, which will not guess whether it changes the SLO\'s numbers (it computes sloth.dev/core/sli_rules/v1 and sloth.dev/contrib/denominator_corrected_rules/v1, and knows Sloth\'s plugins that leave the SLI as is); define this SLO under slos: in the config instead',
    ]);
    // In the file's block it is reported once and refuses every SLO of the file.
    const group = 'slo_plugins:\n  chain: [{id: example.com/x/v1}]\n';
    const twoSlos = spec(group).replace('slos:\n', `slos:\n  - name: other\n    objective: 99\n${EVENTS}`);
    const result = parseSloFiles([{file: 's.yaml', text: twoSlos}]);
    expect(result.definitions).toEqual([]);
    expect(result.errors.map((e) => e.path)).toEqual(['slo_plugins.chain[0].id']);
  });

  it('refuses a chain that records no SLI, and the correction on a raw SLI, as Sloth does', () => {
    expect(errorLines('s.yaml', spec('slo_plugins:\n  overridePrevious: true\n  chain: [{id: sloth.dev/core/validate/v1}]\n'))).toEqual([
      "s.yaml:4:21: slo_plugins.overridePrevious: overridePrevious drops Sloth's default plugins and the chain keeps no SLI rules plugin (sloth.dev/core/sli_rules/v1 or sloth.dev/contrib/denominator_corrected_rules/v1): Sloth records no SLI for this SLO",
    ]);
    const raw = '    sli:\n      raw:\n        error_ratio_query: sum(rate(e[{{.window}}])) / sum(rate(t[{{.window}}]))\n';
    expect(errorLines('s.yaml', spec('slo_plugins:\n  chain: [{id: sloth.dev/contrib/denominator_corrected_rules/v1}]\n', '', raw))).toEqual([
      's.yaml:4:16: slo_plugins.chain[0].id: sloth.dev/contrib/denominator_corrected_rules/v1 needs an events SLI (error_query + total_query), as in Sloth; slos[0].sli is raw',
    ]);
  });

  it('reports a wrongly shaped plugin block', () => {
    expect(errorLines('s.yaml', spec('slo_plugins: [a]\n'))).toEqual(['s.yaml:3:14: slo_plugins: expected a mapping with chain (and overridePrevious), got a list']);
    expect(errorLines('s.yaml', spec('slo_plugins:\n  overridePrevious: yes please\n  chain: []\n'))).toEqual(['s.yaml:4:21: slo_plugins.overridePrevious: overridePrevious must be true or false, got string "yes please"']);
    expect(errorLines('s.yaml', spec('slo_plugins:\n  chain:\n    - {id: sloth.dev/core/sli_rules/v1, priority: high}\n'))).toEqual([
      's.yaml:5:51: slo_plugins.chain[0].priority: priority must be a whole number, got string "high"',
    ]);
  });
});
