import {describe, expect, it} from 'vitest';
import {parseConfig} from '../../src/config/config-load.ts';

const FILE = '/etc/oncall/config.yaml';
const parse = (sources: string) => parseConfig(`current-context: prod\ncontexts:\n  - name: prod\n    alertSources:\n${sources}`, FILE);
const errors = (sources: string): string[] => {
  const result = parse(sources);
  return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
};

describe('a Grafana alert source in the config', () => {
  it('accepts kind grafana with a service-account token from a file, resolved beside the config', () => {
    const result = parse(`      - kind: grafana\n        url: https://ops.example.com\n        pathPrefix: /grafana\n        tokenFile: grafana.token\n`);
    expect(result.ok ? result.config.contexts[0]?.alertSources : result.errors).toEqual([
      {kind: 'grafana', name: 'grafana', url: 'https://ops.example.com', pathPrefix: '/grafana', tokenFile: '/etc/oncall/grafana.token', insecureSkipVerify: false, timeout: '10s'},
    ]);
  });

  it('needs the token from an env var or a file, never written in the config, and names each mistake', () => {
    expect(errors(`      - kind: grafana\n        url: https://grafana.example.com\n`)).toEqual(['contexts[0].alertSources[0]: set one of tokenEnv or tokenFile']);
    expect(errors(`      - kind: grafana\n        url: https://grafana.example.com\n        token: glsa_literal\n`).join('\n')).toMatch(/alertSources\[0\]\.token: .*tokenEnv\/tokenFile/);
    expect(errors(`      - kind: grafana\n        url: https://grafana.example.com\n        tokenEnv: G\n        pathPrefix: grafana\n`)).toEqual([
      'contexts[0].alertSources[0].pathPrefix: must start with /, e.g. /grafana',
    ]);
    expect(errors(`      - kind: grafana\n        tokenEnv: G\n`)).toEqual([expect.stringMatching(/^contexts\[0\]\.alertSources\[0\]\.url: /)]);
  });
});
