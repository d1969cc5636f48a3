import {describe, expect, it} from 'vitest';
import {parseSloFiles} from '../../../src/config/slo-files/slo-files-parse.ts';
import {errorLines, exampleText, linesOf} from './slo-files-fixture.ts';

const SLOTH = `version: prometheus/v1
service: api
slos:
  - name: availability
    objective: 99.9
    sli: {events: {error_query: 'e[{{.window}}]', total_query: 't[{{.window}}]'}}
`;

const PYRRA = `apiVersion: pyrra.dev/v1alpha1
kind: ServiceLevelObjective
metadata: {name: api-errors}
spec:
  target: "99"
  window: 28d
  indicator:
    ratio:
      errors:
        metric: x{code="500"}
      total:
        metric: x
`;

describe('parseSloFiles', () => {
  it('reads every document of a multi-document file, whatever its format', () => {
    const result = parseSloFiles([{file: 'all.yaml', text: `---\n${SLOTH}---\n# nothing here\n---\n${PYRRA}`}]);
    expect(result.errors).toEqual([]);
    expect(result.definitions.map((d) => [d.name, d.source])).toEqual([
      ['api-availability', 'sloth'],
      ['api-errors', 'pyrra'],
    ]);
  });

  it('reports a YAML syntax error with its line and column and still reads the other documents', () => {
    const result = parseSloFiles([{file: 'bad.yaml', text: `${PYRRA}---\nversion: prometheus/v1\nslos: [\n`}]);
    expect(linesOf(result)).toEqual(['bad.yaml:16:1: : YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]']);
    expect(result.definitions.map((d) => d.name)).toEqual(['api-errors']);
  });

  it('names unknown kinds, apiVersions and versions', () => {
    const text = `apiVersion: pyrra.dev/v1alpha1
kind: SLO
---
apiVersion: apps/v1
kind: Deployment
---
version: prometheus/v2
---
apiVersion: openslo/v1alpha
kind: Service
---
apiVersion: openslo/v1
kind: Alert
---
apiVersion: openslo/v1
kind: AlertPolicy
---
- not a mapping
---
kind: SLO
`;
    expect(errorLines('k.yaml', text)).toEqual([
      'k.yaml:2:7: kind: unknown kind "SLO" for pyrra.dev/v1alpha1; expected ServiceLevelObjective',
      'k.yaml:4:13: apiVersion: unknown apiVersion "apps/v1"; oncall reads Sloth (version: prometheus/v1, or sloth.slok.dev/v1 PrometheusServiceLevel), Pyrra (pyrra.dev/v1alpha1 ServiceLevelObjective) and OpenSLO (openslo/v1, and openslo/v1alpha SLO)',
      'k.yaml:7:10: version: unsupported Sloth spec version "prometheus/v2"; oncall reads prometheus/v1',
      'k.yaml:10:7: kind: OpenSLO v1alpha kind "Service" is not read; oncall reads kind: SLO from openslo/v1alpha (as Sloth does), and every kind from openslo/v1',
      'k.yaml:13:7: kind: unknown OpenSLO kind "Alert"; expected SLO, SLI or DataSource',
      // A list-form file: each entry must be a document.
      'k.yaml:18:3: [0]: an SLO document must be a mapping (or, in a list-form file, each entry)',
      'k.yaml:20:1: : not an SLO document: no apiVersion or version; oncall reads Sloth (version: prometheus/v1, or sloth.slok.dev/v1 PrometheusServiceLevel), Pyrra (pyrra.dev/v1alpha1 ServiceLevelObjective) and OpenSLO (openslo/v1, and openslo/v1alpha SLO)',
    ]);
  });

  it('reports an empty file', () => {
    expect(errorLines('empty.yaml', '# only a comment\n---\n')).toEqual(['empty.yaml:-:-: : file has no SLO documents']);
  });

  it('rejects a name used twice, across files and by the config, and keeps the first', () => {
    const result = parseSloFiles(
      [
        {file: 'a.yaml', text: SLOTH},
        {file: 'b.yaml', text: `${SLOTH}---\n${PYRRA.replace('api-errors', 'api-availability')}`},
        {file: 'c.yaml', text: PYRRA.replace('api-errors', 'checkout-availability')},
      ],
      ['checkout-availability'],
    );
    expect(linesOf(result)).toEqual([
      'b.yaml:4:11: slos[0].name: duplicate SLO name "api-availability" (already used by a.yaml:4)',
      'b.yaml:10:18: metadata.name: duplicate SLO name "api-availability" (already used by a.yaml:4)',
      'c.yaml:3:18: metadata.name: duplicate SLO name "checkout-availability" (already used by an SLO in the config (slos))',
    ]);
    expect(result.definitions.map((d) => `${d.source}:${d.name}`)).toEqual(['sloth:api-availability']);
  });

  it('loads all four example files together without a clash', () => {
    const files = ['sloth.yaml', 'sloth-k8s.yaml', 'pyrra.yaml', 'openslo.yaml'].map((file) => ({file, text: exampleText(file)}));
    const result = parseSloFiles(files, ['checkout-availability', 'checkout-latency']);
    expect(result.errors).toEqual([]);
    expect(result.definitions.map((d) => `${d.source}:${d.name}`)).toEqual([
      'sloth:checkout-requests-availability',
      'sloth:checkout-requests-latency',
      'sloth:search-query-errors',
      'sloth:payments-gateway-requests-availability',
      'sloth:payments-gateway-webhook-delivery',
      'pyrra:api-errors',
      'pyrra:api-latency',
      'openslo:catalog-availability',
      'openslo:catalog-image-cache',
    ]);
  });
});
