import {describe, expect, it} from 'vitest';
import {keyLooksLikeToken} from '../../src/config/config-token-shape.ts';
import {formatConfigErrors} from '../../src/config/config-errors.ts';
import {parseConfig} from '../../src/config/config-load.ts';
import {envNameLooksLikeToken, filePathLooksLikeToken} from '../../src/config/config-token-shape.ts';
import {fakeJwt, fakeToken, randomRun, vendorName} from '../helpers/fake-tokens.ts';

const FILE = '/etc/oncall/config.yaml';
const GITHUB = fakeToken('ghp_', 36);
const TOKEN_NOT_NAME = 'this looks like a token, not the name of an environment variable; put the token in an environment variable (or a file) and write its name here, e.g. PROM_TOKEN';
const TOKEN_NOT_PATH = 'this looks like a token, not the path of a file; put the token in a file and write its path here';

describe('envNameLooksLikeToken', () => {
  it('refuses the shapes of credentials', () => {
    const tokens = [
      GITHUB,
      `github_pat_${randomRun(22, 2)}_${randomRun(59, 3)}`,
      fakeToken('gho_', 36, 4),
      fakeToken('ghs_', 36, 5),
      fakeToken('glpat-', 20, 6),
      `glsa_${randomRun(32, 7)}_${randomRun(8, 8)}`,
      `xoxb-${randomRun(12, 9)}-${randomRun(13, 10)}-${randomRun(24, 11)}`,
      fakeToken('sk-', 32, 12),
      fakeJwt().split('.')[0]!,
      `AKIA${randomRun(16, 13).toUpperCase()}`,
      // A random token without a vendor prefix: long, lower and upper case and digits.
      'q8ZtN3vWb7LkR2xYc9MhJ4sPd6Fg',
      // A hex secret: a long run with no word break.
      '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      // Base32 secrets: long stretches without a vowel.
      'mfrggzdfmztwq2lknnwg23tpobyxe43u',
      'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    ];
    expect(tokens.filter((t) => !envNameLooksLikeToken(t))).toEqual([]);
  });

  it('refuses a vendor prefix as the vendor writes it followed by a token-long tail, even of words: no name starts that way', () => {
    const tokens = [
      vendorName('ghs_', ['admin', 'deploy', 'key', '2024']),
      vendorName('ghs_', ['admin', 'deploy', 'key', '2024', 'prod']),
      vendorName('ghp_', ['personal', 'access', 'token', 'prod']),
      vendorName('github_pat_', ['for', 'the', 'production', 'deploys']),
      vendorName('glpat-', ['prod', 'deploy', 'reader', 'token'], '-'),
      vendorName('xoxb-', ['prod', 'alerts', 'bot', 'token', 'eu'], '-'),
    ];
    expect(tokens.filter((t) => !envNameLooksLikeToken(t))).toEqual([]);
    expect(tokens.filter((t) => !keyLooksLikeToken(t))).toEqual([]);
    expect(tokens.filter((t) => !filePathLooksLikeToken(`/run/secrets/${t}`))).toEqual([]);
  });

  it('accepts real names, upper-case or not', () => {
    const names = ['PROM_TOKEN', 'GRAFANA_SA_TOKEN', 'prom_token', 'PromToken', 'GITHUB_TOKEN_FOR_THE_PRODUCTION_DEPLOYS_2024', 'X', '_TOKEN', 'AKIA_KEY', 'SKY_TOKEN', 'eu1_prom_token'];
    expect(names.filter((n) => envNameLooksLikeToken(n))).toEqual([]);
  });

  it('accepts names in upper case that start with the letters of a vendor prefix: env names are upper case, vendor prefixes lower case', () => {
    const names = ['GITHUB_TOKEN', 'GH_TOKEN', 'GLPAT_FILE', 'GHS_ADMIN_DEPLOY_KEY_2024_PROD', 'GHP_PERSONAL_ACCESS_TOKEN_PROD', 'GITHUB_PAT_FOR_THE_PRODUCTION_DEPLOYS', 'GLSA_GRAFANA_PROD_DASHBOARDS_READER', 'XOXB_ALERTS_BOT_TOKEN_PROD_EU'];
    expect(names.filter((n) => envNameLooksLikeToken(n) || keyLooksLikeToken(n) || filePathLooksLikeToken(`/run/secrets/${n}`))).toEqual([]);
  });

  it('accepts long mixed-case names with digits, and vendor prefixes followed by short tails or (after sk-) words: a refusal stops the whole config', () => {
    const names = [
      'PrometheusBearerTokenEu1West',
      'GrafanaCloudApiToken2024Prod',
      'AWSAccessKeyIdForProd2024Eu',
      'XMLHTTPRequestTimeoutSecondsProd',
      'PROMETHEUSBEARERTOKENPRODEUWEST1',
      'ghs_admin',
      'sk-prod-metrics-reader-token-2024',
      'sk_prod',
      'glsa_grafana_prod',
    ];
    expect(names.filter((n) => envNameLooksLikeToken(n))).toEqual([]);
  });
});

describe('filePathLooksLikeToken', () => {
  it('refuses a token written where the file path goes, alone or as a segment', () => {
    // A hex file name of 32 digits or more reads as a pasted hex secret, as an env name does.
    expect([GITHUB, `secrets/${GITHUB}`, fakeJwt(), '/run/secrets/9f86d081884c7d659a2feaa0c55ad015'].filter((p) => !filePathLooksLikeToken(p))).toEqual([]);
  });

  it('accepts ordinary paths, long lower-case segments included', () => {
    const paths = [
      '~/.config/oncall/grafana.token',
      '/run/secrets/prom',
      'token.txt',
      '/var/run/secrets/kubernetes.io/serviceaccount/token',
      'Prod2024ServiceAccountToken.txt',
      // Directories named by whoever set the machine up, and file names that only start like a token.
      '/vault/secrets/sk-prod',
      '/home/ghs_admin/.config/oncall/pd-token',
      `/srv/${'q8ZtN3vWb7LkR2xYc9MhJ4sPd6Fg'}/token`,
    ];
    expect(paths.filter((p) => filePathLooksLikeToken(p))).toEqual([]);
  });
});

/** A config with one context holding `body` (YAML lines, indented for a context's keys). */
const configWith = (body: string) => `current-context: a\ncontexts:\n  - name: a\n${body}`;

describe('a token pasted as the name of its env var or file is refused at config check, unquoted', () => {
  const cases: Array<[string, string, string]> = [
    ['prometheus bearerTokenEnv', `    prometheus: {url: 'http://p:9090', bearerTokenEnv: ${GITHUB}}\n`, 'contexts[0].prometheus.bearerTokenEnv'],
    ['basicAuth passwordEnv', `    alertmanagers: [{url: 'http://am:9093', basicAuth: {username: u, passwordEnv: ${GITHUB}}}]\n`, 'contexts[0].alertmanagers[0].basicAuth.passwordEnv'],
    ['deploys tokenEnv', `    deploys: {provider: github, repo: acme/shop, tokenEnv: ${GITHUB}}\n`, 'contexts[0].deploys.tokenEnv'],
    ['webhook secretEnv', `    rollback: {provider: webhook, url: 'https://hooks.example/r', secretEnv: ${GITHUB}}\n`, 'contexts[0].rollback.secretEnv'],
    ['alert source tokenEnv', `    alertSources: [{kind: pagerduty, name: pd, tokenEnv: ${GITHUB}, from: a@example.com, serviceIds: [P1]}]\n`, 'contexts[0].alertSources[0].tokenEnv'],
  ];
  for (const [what, body, path] of cases) {
    it(what, () => {
      const result = parseConfig(configWith(body), FILE);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(formatConfigErrors(result.errors)).not.toContain(GITHUB);
      expect(result.errors.map((e) => [e.file, e.line, e.path, e.message])).toEqual([[FILE, 4, path, TOKEN_NOT_NAME]]);
    });
  }

  const fileCases: Array<[string, string, string]> = [
    ['prometheus bearerTokenFile', `    prometheus: {url: 'http://p:9090', bearerTokenFile: ${GITHUB}}\n`, 'contexts[0].prometheus.bearerTokenFile'],
    ['basicAuth passwordFile', `    prometheus: {url: 'http://p:9090', basicAuth: {username: u, passwordFile: ${GITHUB}}}\n`, 'contexts[0].prometheus.basicAuth.passwordFile'],
    ['rollback tokenFile', `    rollback: {provider: github-actions, repo: acme/shop, workflow: rollback.yml, tokenFile: ${GITHUB}}\n`, 'contexts[0].rollback.tokenFile'],
    ['webhook secretFile', `    rollback: {provider: webhook, url: 'https://hooks.example/r', secretFile: ${GITHUB}}\n`, 'contexts[0].rollback.secretFile'],
  ];
  for (const [what, body, path] of fileCases) {
    it(what, () => {
      const result = parseConfig(configWith(body), FILE);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(formatConfigErrors(result.errors)).not.toContain(GITHUB);
      expect(result.errors.map((e) => [e.file, e.line, e.path, e.message])).toEqual([[FILE, 4, path, TOKEN_NOT_PATH]]);
    });
  }

  it('a lower-case name is still a name', () => {
    expect(parseConfig(configWith(`    prometheus: {url: 'http://p:9090', bearerTokenEnv: prom_token}\n`), FILE).ok).toBe(true);
  });

  it('a vendor prefix followed by words is refused as a token, the same words in upper case load as a name', () => {
    const refused = parseConfig(configWith(`    deploys: {provider: github, repo: acme/shop, tokenEnv: ${vendorName('ghs_', ['admin', 'deploy', 'key', '2024', 'prod'])}}\n`), FILE);
    expect(refused.ok ? [] : refused.errors.map((e) => [e.path, e.message])).toEqual([['contexts[0].deploys.tokenEnv', TOKEN_NOT_NAME]]);
    expect(refused.ok ? '' : formatConfigErrors(refused.errors)).not.toContain('admin_deploy');
    const loaded = parseConfig(configWith(`    deploys: {provider: github, repo: acme/shop, tokenEnv: GHS_ADMIN_DEPLOY_KEY_2024_PROD}\n`), FILE);
    expect(loaded.ok ? [] : loaded.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([]);
  });

  it('names and paths a config may already hold load: a long mixed-case env name, directories that start like a token', () => {
    const body = [
      `    prometheus: {url: 'http://p:9090', bearerTokenEnv: PrometheusBearerTokenEu1West}\n`,
      `    alertmanagers: [{url: 'http://am:9093', bearerTokenFile: /vault/secrets/sk-prod}]\n`,
      `    rollback: {provider: github-actions, repo: acme/shop, workflow: rollback.yml, tokenFile: /home/ghs_admin/.config/oncall/gh-token}\n`,
    ].join('');
    const result = parseConfig(configWith(body), FILE);
    expect(result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([]);
  });
});

describe('keyLooksLikeToken', () => {
  it('knows a token used as a key from a header or config name', () => {
    for (const key of [GITHUB, `xoxb-${randomRun(12, 9)}-${randomRun(13, 10)}-${randomRun(24, 11)}`, 'aB3dE6gH9jK2mN5pQ8sT1vW4', '9f86d081884c7d659a2feaa0c55ad015']) expect([key, keyLooksLikeToken(key)]).toEqual([key, true]);
    const names = ['X-Scope-OrgID', 'Authorization', 'Access-Control-Allow-Credentials', 'authorization', 'bearerTokenEnv', 'checkout-production-eu-west-1', 'PrometheusBearerTokenEu1West', 'revisionHistoryLimit', 'X-Grafana-Org-Id', 'sk-tenant'];
    for (const key of names) expect([key, keyLooksLikeToken(key)]).toEqual([key, false]);
  });
});
