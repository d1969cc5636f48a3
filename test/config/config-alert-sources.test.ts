import {describe, expect, it} from 'vitest';
import {parseConfig} from '../../src/config/config-load.ts';

/** `path: message` for each error of a config whose context `prod` has these `alertSources:` lines. */
function errors(sources: string, more = ''): string[] {
  const text = `current-context: prod\ncontexts:\n  - name: prod\n${more}    alertSources:\n${sources}`;
  const result = parseConfig(text, '/etc/oncall/config.yaml');
  return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
}

const PD = `      - kind: pagerduty\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        serviceIds: [PSVC001]\n`;

describe('alertSources in the config', () => {
  it('accepts a PagerDuty source and fills in its defaults', () => {
    const result = parseConfig(`current-context: prod\ncontexts:\n  - name: prod\n    alertSources:\n${PD}        tokenFile: pd.token\n`.replace('        tokenEnv: PD_TOKEN\n', ''), '/etc/oncall/config.yaml');
    expect(result.ok ? result.config.contexts[0]?.alertSources : result.errors).toEqual([
      {kind: 'pagerduty', name: 'pagerduty', apiUrl: 'https://api.pagerduty.com', tokenFile: '/etc/oncall/pd.token', from: 'alice@example.com', serviceIds: ['PSVC001'], teamIds: [], services: {}, insecureSkipVerify: false, timeout: '10s'},
    ]);
  });

  it('names what is wrong: no token, no services or teams, not an e-mail, an unknown kind or key', () => {
    expect(errors(`      - kind: pagerduty\n        from: alice\n`).sort()).toEqual([
      'contexts[0].alertSources[0].from: must be the e-mail address of the PagerDuty user acks are made as',
      'contexts[0].alertSources[0].serviceIds: set serviceIds or teamIds: which PagerDuty incidents belong to this context',
      'contexts[0].alertSources[0]: set one of tokenEnv or tokenFile',
    ]);
    expect(errors(`      - kind: opsgenie\n`)).toEqual([expect.stringMatching(/^contexts\[0\]\.alertSources\[0\]\.kind: .*pagerduty/)]);
    expect(errors(`${PD}        serviceId: [x]\n`)).toEqual([expect.stringMatching(/^contexts\[0\]\.alertSources\[0\]\.serviceId: /)]);
  });

  it('refuses a name an Alertmanager already has', () => {
    expect(errors(`${PD}        name: am-1\n`, `    alertmanagers:\n      - name: am-1\n        url: http://127.0.0.1:9093\n`)).toEqual([
      'contexts[0].alertSources[0].name: alert source name "am-1" is already an Alertmanager\'s',
    ]);
  });
});
