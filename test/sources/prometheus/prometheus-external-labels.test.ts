import {describe, expect, it} from 'vitest';
import {compileRelabelRules} from '../../../src/domain/alert-relabel.ts';
import {alertFingerprint} from '../../../src/sources/alert-fingerprint.ts';
import {SourceFailure} from '../../../src/sources/capabilities.ts';
import {createAlertLabeling, decodeAlertRelabelConfigs, decodeExternalLabels, withExternalLabels} from '../../../src/sources/prometheus/prometheus-external-labels.ts';
import {decodeAlerts} from '../../../src/sources/prometheus/prometheus-wire.ts';

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

describe('createAlertLabeling', () => {
  it('returns configured labels without asking the server', async () => {
    let asked = 0;
    const read = createAlertLabeling({cluster: 'eu-1'}, undefined, async () => ++asked, WHAT);
    expect(await read()).toEqual({value: {external: {cluster: 'eu-1'}, relabel: []}, warnings: []});
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
    const read = createAlertLabeling('auto', undefined, async () => answers[asked++]!(), WHAT);
    const first = await read();
    // Empty for want of a reading, said with the error (the handover tells that apart from none set).
    expect(first.value).toEqual({external: {}, relabel: [], unread: expect.objectContaining({kind: 'unavailable'})});
    expect(first.warnings).toEqual([
      'externalLabels auto: cannot read them (GET http://p/api/v1/status/config: connection refused); alerts are shown without external labels or alert relabeling, so list them in the config',
    ]);
    const second = await read();
    expect(second.warnings[0]).toContain('HTTP 403');
    expect(await read()).toBe(await read());
    expect(asked).toBe(2);
  });

  it('shares one request between calls made while it is under way', async () => {
    let asked = 0;
    const read = createAlertLabeling('auto', undefined, async () => ({yaml: `global: {external_labels: {n: "${++asked}"}}`}), WHAT);
    const [a, b] = await Promise.all([read(), read()]);
    expect([a.value.external, b.value.external, asked]).toEqual([{n: '1'}, {n: '1'}, 1]);
  });

  it('with auto, reads alert_relabel_configs from the same answer, warning about each rule it skips', async () => {
    const read = createAlertLabeling('auto', undefined, async () => ({yaml: SERVER_YAML}), WHAT);
    const {value, warnings} = await read();
    expect(value.external).toEqual({cluster: 'eu-1', replica: 'A'});
    expect(value.relabel.map((r) => [r.action, r.regex.source])).toEqual([['labeldrop', '^(?s:replica)$']]);
    expect(warnings).toEqual([
      `${WHAT} alerting.alert_relabel_configs[1].action: unknown action "rename" (known: replace, keep, drop, keepequal, dropequal, hashmod, labelmap, labeldrop, labelkeep, lowercase, uppercase); rule skipped, so pending alerts may not carry the labels Alertmanager gets`,
    ]);
  });

  it('uses configured relabel rules instead of the server\'s, and with configured labels asks nothing', async () => {
    const fromServer = createAlertLabeling('auto', [{action: 'labeldrop', regex: 'cluster'}], async () => ({yaml: SERVER_YAML}), WHAT);
    expect((await fromServer()).value.relabel.map((r) => r.regex.source)).toEqual(['^(?s:cluster)$']);
    expect((await fromServer()).warnings).toEqual([]);
    const fixed = createAlertLabeling({cluster: 'eu-1'}, [{action: 'labeldrop', regex: '(bad'}], async () => {
      throw new Error('not asked');
    }, WHAT);
    expect((await fixed()).warnings).toEqual([expect.stringMatching(/^alertRelabelConfigs\[0\]\.regex: not a valid regex here \(.*\); rule skipped, so pending/)]);
  });
});

// A Prometheus of an HA pair: `replica` tells the two apart and is dropped on the way to Alertmanager.
const SERVER_YAML = `global:
  external_labels:
    cluster: eu-1
    replica: A
alerting:
  alert_relabel_configs:
  - separator: ;
    regex: replica
    replacement: $1
    action: labeldrop
  - action: rename
  alertmanagers:
  - static_configs:
    - targets: ['am:9093']
`;

describe('decodeAlertRelabelConfigs', () => {
  it('reads alerting.alert_relabel_configs as written; none is undefined', () => {
    expect(decodeAlertRelabelConfigs({yaml: SERVER_YAML}, WHAT)).toEqual([{separator: ';', regex: 'replica', replacement: '$1', action: 'labeldrop'}, {action: 'rename'}]);
    expect(decodeAlertRelabelConfigs({yaml: 'global: {}\n'}, WHAT)).toBeUndefined();
  });
});

describe('a pending alert after external labels and alert relabeling', () => {
  it('has the fingerprint Alertmanager gives the labels Prometheus sends it', async () => {
    const data = {
      alerts: [
        {labels: {alertname: 'CheckoutErrorBudgetBurn', service: 'checkout', severity: 'critical'}, annotations: {}, state: 'pending', activeAt: '2026-01-01T00:00:00Z', value: '1'},
      ],
    };
    const {value} = await createAlertLabeling('auto', undefined, async () => ({yaml: SERVER_YAML}), WHAT)();
    const [alert] = decodeAlerts(data, 'prometheus /api/v1/alerts', 'prometheus', value.external, value.relabel);
    // What Alertmanager receives: external labels added, then `replica` dropped.
    const sent = {alertname: 'CheckoutErrorBudgetBurn', service: 'checkout', severity: 'critical', cluster: 'eu-1'};
    expect(alert?.labels).toEqual(sent);
    expect(alert?.fingerprint).toBe(alertFingerprint(sent));
    // Without the relabeling, `replica` would stay and the identity would differ.
    const [bare] = decodeAlerts(data, 'prometheus /api/v1/alerts', 'prometheus', value.external);
    expect(bare?.fingerprint).not.toBe(alert?.fingerprint);
    // Alertmanager's recorded fingerprint for these labels (see the alert-fingerprint tests).
    const {rules} = compileRelabelRules([{action: 'labeldrop', regex: 'replica|cluster'}]);
    expect(decodeAlerts(data, 'p', 'prometheus', value.external, rules)[0]?.fingerprint).toBe('54e84b52d8041f63');
  });

  it('keeps an alert the rules drop, with its labels before relabeling', () => {
    const data = {alerts: [{labels: {alertname: 'Noise', severity: 'info'}, annotations: {}, state: 'pending', activeAt: '2026-01-01T00:00:00Z', value: '1'}]};
    const {rules} = compileRelabelRules([{action: 'drop', source_labels: ['severity'], regex: 'info'}]);
    expect(decodeAlerts(data, 'p', 'prometheus', {cluster: 'eu-1'}, rules)[0]?.labels).toEqual({alertname: 'Noise', severity: 'info', cluster: 'eu-1'});
  });
});

describe('createAlertLabeling on a stock Prometheus config', () => {
  // What Prometheus serves for a config with Alertmanagers and no alert_relabel_configs.
  const STOCK = 'global:\n  external_labels:\n    cluster: eu-1\nalerting:\n  alertmanagers:\n  - static_configs:\n    - targets: [127.0.0.1:9093]\n';

  it('reads the external labels when alerting has no alert_relabel_configs', async () => {
    const read = createAlertLabeling('auto', undefined, async () => ({yaml: STOCK}), WHAT);
    expect(await read()).toEqual({value: {external: {cluster: 'eu-1'}, relabel: []}, warnings: []});
  });

  it('keeps the external labels when the alerting section cannot be read, and says so', async () => {
    const read = createAlertLabeling('auto', undefined, async () => ({yaml: 'global: {external_labels: {cluster: eu-1}}\nalerting: [1]\n'}), WHAT);
    const {value, warnings} = await read();
    expect(value).toEqual({external: {cluster: 'eu-1'}, relabel: []});
    expect(warnings).toEqual([expect.stringMatching(/^externalLabels auto: cannot read the alert relabeling \(.*alerting.*\); pending alerts may not/)]);
  });
});
