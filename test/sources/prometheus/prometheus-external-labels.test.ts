import {describe, expect, it} from 'vitest';
import {SourceFailure} from '../../../src/sources/capabilities.ts';
import {createExternalLabels, decodeExternalLabels, withExternalLabels} from '../../../src/sources/prometheus/prometheus-external-labels.ts';

const WHAT = 'prometheus /api/v1/status/config';

describe('withExternalLabels', () => {
  it('adds the external labels the alert lacks; its own label wins, an empty one counts as missing', () => {
    expect(withExternalLabels({alertname: 'A', cluster: 'own', zone: ''}, {cluster: 'ext', region: 'eu', zone: 'z1', empty: ''})).toEqual({
      alertname: 'A',
      cluster: 'own',
      zone: 'z1',
      region: 'eu',
    });
  });
});

describe('decodeExternalLabels', () => {
  it('reads global.external_labels from the config text; none configured is an empty map', () => {
    const yaml = "global:\n  scrape_interval: 1m\n  external_labels:\n    cluster: eu-1\n    replica: \"1\"\nalerting:\n  alertmanagers:\n  - static_configs:\n    - targets: ['am:9093']\n";
    expect(decodeExternalLabels({yaml}, WHAT)).toEqual({cluster: 'eu-1', replica: '1'});
    expect(decodeExternalLabels({yaml: 'global:\n  scrape_interval: 1m\n'}, WHAT)).toEqual({});
    expect(decodeExternalLabels({yaml: ''}, WHAT)).toEqual({});
  });

  it('fails as a bad response when the answer is not a config', () => {
    const failure = (data: unknown) => {
      try {
        decodeExternalLabels(data, WHAT);
      } catch (error) {
        return [(error as SourceFailure).kind, (error as SourceFailure).message];
      }
      return null;
    };
    expect(failure({})).toEqual(['bad-response', expect.stringContaining(`${WHAT}: unexpected response shape at yaml:`)]);
    expect(failure({yaml: 'global: [unclosed'})?.[1]).toMatch(/^prometheus \/api\/v1\/status\/config: the config is not YAML \(/);
    expect(failure({yaml: 'global:\n  external_labels: [a, b]\n'})?.[1]).toMatch(/global\.external_labels: unexpected response shape at global\.external_labels/);
  });
});

describe('createExternalLabels', () => {
  it('returns configured labels without asking the server', async () => {
    let asked = 0;
    const read = createExternalLabels({cluster: 'eu-1'}, async () => ++asked, WHAT);
    expect(await read()).toEqual({value: {cluster: 'eu-1'}, warnings: []});
    expect(asked).toBe(0);
  });

  it('asks again after no answer at all, but keeps a refusal', async () => {
    const answers: Array<() => unknown> = [
      () => {
        throw new SourceFailure('unavailable', 'GET http://p/api/v1/status/config: connection refused');
      },
      () => {
        throw new SourceFailure('auth', 'GET http://p/api/v1/status/config: HTTP 403 not authorized, check the token or credentials');
      },
    ];
    let asked = 0;
    const read = createExternalLabels('auto', async () => answers[asked++]!(), WHAT);
    const first = await read();
    expect(first.value).toEqual({});
    expect(first.warnings).toEqual([
      'externalLabels auto: cannot read them (GET http://p/api/v1/status/config: connection refused); alerts are shown without external labels, so list them in the config',
    ]);
    const second = await read();
    expect(second.warnings[0]).toContain('HTTP 403');
    expect(await read()).toBe(await read());
    expect(asked).toBe(2);
  });

  it('shares one request between calls made while it is under way', async () => {
    let asked = 0;
    const read = createExternalLabels('auto', async () => ({yaml: `global: {external_labels: {n: "${++asked}"}}`}), WHAT);
    const [a, b] = await Promise.all([read(), read()]);
    expect([a.value, b.value, asked]).toEqual([{n: '1'}, {n: '1'}, 1]);
  });
});
