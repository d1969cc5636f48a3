/**
 * Random tokens of the shapes vendors and generators hand out must be refused where the name of a
 * secret goes (env var names, mapping keys, the last segment of a file path) at least 999 times
 * in 1000; realistic names and paths must all load. A refused name stops the whole config, a
 * token let through is printed in every message that says where the secret was looked for.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {envNameLooksLikeToken, filePathLooksLikeToken, keyLooksLikeToken} from '../../src/config/config-token-shape.ts';
import {FUZZ_SEED} from './fuzz-run.ts';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
const DIGITS = '0123456789';

// Without bias: fast-check favours small values and repeats, a generator's bytes are uniform.
const chars = (alphabet: string, length: number) => fc.noBias(fc.array(fc.constantFrom(...alphabet), {minLength: length, maxLength: length})).map((cs) => cs.join(''));
const bytes32 = fc.noBias(fc.uint8Array({minLength: 32, maxLength: 32})).map((b) => Buffer.from(b));

const KINDS: Record<string, fc.Arbitrary<string>> = {
  'hex of 40': chars(HEX, 40),
  'base64 of 32 bytes': bytes32.map((b) => b.toString('base64')),
  'base64url of 32 bytes': bytes32.map((b) => b.toString('base64url')),
  'glpat- and 20': chars(`${ALNUM}_-`, 20).map((t) => `glpat-${t}`),
  'ghp_ and 36': chars(ALNUM, 36).map((t) => `ghp_${t}`),
  'xoxb- bot token': fc.tuple(chars(DIGITS, 12), chars(DIGITS, 13), chars(ALNUM, 24)).map(([a, b, c]) => `xoxb-${a}-${b}-${c}`),
  // No name is written with a vendor's own prefix: what follows is a token's even when it reads as words.
  'vendor prefix and words': fc
    .tuple(fc.constantFrom('ghp_', 'ghs_', 'github_pat_', 'glpat-', 'glsa_', 'xoxb-'), fc.array(fc.constantFrom('admin', 'deploy', 'key', 'prod', '2024', 'eu', 'reader', 'bot'), {minLength: 4, maxLength: 8}), fc.constantFrom('_', '-'))
    .map(([prefix, words, join]): [string, string] => [prefix, words.join(join)])
    // A tail as long as the shortest vendor's (GitLab's 20): shorter, `ghs_admin` is a name.
    .filter(([, tail]) => tail.length >= 20)
    .map(([prefix, tail]) => `${prefix}${tail}`),
};

/** Samples per kind: 0.1 % of misses is 5 of these. */
const SAMPLES = 5000;
const MAX_MISSES = SAMPLES / 1000;

const WHERE: Record<string, (token: string) => boolean> = {
  'env name': envNameLooksLikeToken,
  key: keyLooksLikeToken,
  'file path': filePathLooksLikeToken,
  // A base64 token's `/` splits it: then it is the whole value that counts.
  'last segment of a path': (token) => filePathLooksLikeToken(token.includes('/') ? token : `/run/secrets/${token}`),
};

describe('random tokens are refused at least 999 times in 1000', () => {
  for (const [kind, arbitrary] of Object.entries(KINDS)) {
    const tokens = fc.sample(arbitrary, {numRuns: SAMPLES, seed: FUZZ_SEED});
    for (const [where, looksLikeToken] of Object.entries(WHERE)) {
      it(`${kind} as ${where}`, () => {
        const missed = tokens.filter((token) => !looksLikeToken(token));
        expect(missed.length, `e.g. ${missed.slice(0, 3).join(' ')}`).toBeLessThanOrEqual(MAX_MISSES);
      });
    }
  }
});

describe('realistic names pass', () => {
  const envNames = [
    'PROM_TOKEN', 'GITHUB_TOKEN', 'PROMETHEUS_BEARER_TOKEN_PRODUCTION_EU_WEST_1', 'K8S_SVC_ACCT_TOKEN_PRD_EU1',
    'GRAFANA_SA_TOKEN_METRICS_K8S_PRD_US_E1', 'QRYFRNTNDMTRCSTKN_PRD', 'TKN_PRD_EU1_K8S_V2_AM1_SVC2_OCL', 'AM_BASIC_AUTH_PW_K8S_PRD_EU1_2',
    'SLACK_XOXB_TOKEN', 'GHSTKNPRDCLSTR', 'PrometheusBearerTokenEu1West', 'PagerDutyAPIv2KeyForSREOncallTeam', 'GrafanaCloudApiToken2024Prod',
    'AWSAccessKeyIdForProd2024Eu', 'prom_token', 'GHS_ADMIN_DEPLOY_KEY_2024_PROD', 'sk-prod-metrics-reader-token-2024', 'sk-prod',
  ];
  const headers = ['Authorization', 'X-Scope-OrgID', 'x-scope-orgid', 'Access-Control-Allow-Credentials', 'X-Grafana-Org-Id', 'X-Api-Key', 'bearerTokenEnv'];
  const paths = [
    '/var/run/secrets/kubernetes.io/serviceaccount/token', '/vault/secrets/sk-prod', '/etc/oncall/prom.token', '/home/ghs_admin/x',
    '~/.config/oncall/grafana.token', '/run/secrets/prom', 'Prod2024ServiceAccountToken.txt', '/run/secrets/k8s/PromToken2024Eu',
    '/etc/oncall/PrometheusBearerTokenEu1West', '/vault/secrets/sk-prod-metrics-reader-token-2024',
  ];
  it.each(envNames)('env name %s', (name) => expect(envNameLooksLikeToken(name)).toBe(false));
  it.each([...envNames, ...headers])('key %s', (key) => expect(keyLooksLikeToken(key)).toBe(false));
  it.each(paths)('file path %s', (path) => expect(filePathLooksLikeToken(path)).toBe(false));
});
