import {createServer, type IncomingHttpHeaders, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {BURN_WINDOWS} from '../../src/domain/slo.ts';
import {configText, run, tempDir} from './cli-fixtures.ts';
import {fakeToken} from '../helpers/fake-tokens.ts';

let tmp: ReturnType<typeof tempDir>;
let server: Server | null = null;

beforeEach(() => {
  tmp = tempDir();
});

afterEach(async () => {
  tmp.cleanup();
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
    server = null;
  }
});

/** Starts a loopback HTTP server; `handle` answers (or never answers) each request. */
async function startServer(handle: (req: {url: string; headers: IncomingHttpHeaders}, res: import('node:http').ServerResponse) => void): Promise<string> {
  server = createServer((req, res) => handle({url: req.url ?? '', headers: req.headers}, res));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

const env = () => ({HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg')});

describe('oncall status --demo', () => {
  it('--json prints the documented document and exits 1 because checkout pages', async () => {
    const {code, out, err} = await run(['status', '--demo', '--json'], env());
    expect(code).toBe(1);
    expect(err).toBe('');
    const doc = JSON.parse(out);
    expect(Object.keys(doc)).toEqual(['context', 'generatedAt', 'sources', 'slos', 'alerts', 'deploys', 'sloFileErrors']);
    expect(doc.context).toBe('demo');
    expect(new Date(doc.generatedAt).toISOString()).toBe(doc.generatedAt);
    for (const s of doc.sources) expect(Object.keys(s)).toEqual(expect.arrayContaining(['name', 'kind', 'state', 'ok', 'error', 'ageSeconds', 'retrying', 'partial', 'alerts']));
    expect(doc.sources.map((s: {name: string; ok: boolean}) => [s.name, s.ok])).toEqual([
      ['prometheus', true],
      ['alertmanager', true],
      ['pagerduty', true],
      ['ci', true],
    ]);
    const slo = doc.slos.find((s: {name: string}) => s.name === 'checkout-availability');
    expect(Object.keys(slo).sort()).toEqual(
      ['name', 'service', 'objective', 'window', 'sli', 'errorBudgetRemaining', 'burnRates', 'status', 'trippedBy', 'exhaustsInSeconds', 'error', 'source', 'partial', 'unread', 'mayPage'].sort(),
    );
    expect(Object.keys(slo.burnRates)).toEqual([...BURN_WINDOWS]);
    expect(Object.keys(slo.burnRates)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
    expect([slo.status, slo.trippedBy, slo.service, slo.objective, slo.window, slo.source, slo.error]).toEqual(['page', '1h&5m', 'checkout', 99.98, '30d', 'demo', null]);
    const alert = doc.alerts.find((a: {name: string}) => a.name === 'CheckoutHighErrorRate');
    expect(Object.keys(alert).sort()).toEqual(['fingerprint', 'name', 'severity', 'state', 'labels', 'annotations', 'startsAt', 'runbookUrl', 'ack', 'partialAck'].sort());
    expect([alert.severity, alert.state, alert.ack, alert.labels.service]).toEqual(['critical', 'firing', null, 'checkout']);
    const deploy = doc.deploys[0];
    expect(Object.keys(deploy).sort()).toEqual(['id', 'service', 'version', 'environment', 'status', 'startedAt', 'author', 'url', 'suspect'].sort());
    expect([deploy.service, deploy.version, deploy.environment, deploy.suspect]).toEqual(['checkout', 'v2.14.0', 'production', true]);
  });

  it('without --json prints a human summary naming the page', async () => {
    const {code, out} = await run(['status', '--demo'], env());
    expect(code).toBe(1);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^context demo at \d{4}-\d\d-\d\dT/);
    expect(lines[1]).toBe('sources: prometheus ok 0s, alertmanager ok 0s, pagerduty ok 0s, ci ok 0s');
    expect(lines[2]).toBe('SLOs: 1 page, 1 ticket, 7 ok, 1 no data');
    expect(lines[3]).toMatch(/^ {2}PAGE {4}checkout-availability 1h&5m {2}1h 20\.3× {2}5m 100× {2}budget 57\.2%/);
    // The demo's incident is a firing critical row of its own, beside the alert that paged it.
    expect(out).toContain('Alerts: 4 firing (2 critical unacked), 3 pending or suppressed');
    expect(out).toContain('  SUSPECT checkout v2.14.0 success production 12m ago by storefront-dev');
  });
});

describe('oncall config', () => {
  it('validate: a valid file → 0 with the contexts', async () => {
    const file = tmp.write('config.yaml', configText('http://127.0.0.1:1'));
    const {code, out, err} = await run(['config', 'validate', '--config', file], env());
    expect([code, err]).toEqual([0, '']);
    expect(out).toBe(`${file}: valid (2 contexts: local, staging; current: local)\n`);
  });

  it('validate: a broken file → 2, naming the file and line, without a stack trace', async () => {
    const file = tmp.write('config.yaml', configText('http://127.0.0.1:1').replace('objective: 99.9', 'objective: 150'));
    const {code, out, err} = await run(['config', 'validate', '--config', file], env());
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(`${file}:9:20: contexts[0].slos[0].objective: objective must be a percentage between 0 and 100, exclusive, e.g. 99.9 (got 150)\n`);
    expect(err).not.toContain('    at ');
  });

  it('validate: key overrides the keymap refuses → 2, each named with file, line and path (the dashboard only skips them)', async () => {
    const keys = 'keys:\n  refresh: [r, ctrl+r]\n  frobnicate: x\n  quit: hyper+q\n';
    const file = tmp.write('config.yaml', `${keys}${configText('http://127.0.0.1:1')}`);
    const {code, out, err} = await run(['config', 'validate', '--config', file], env());
    expect([code, out]).toEqual([2, '']);
    expect(err.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:15: keys\\.frobnicate: unknown action "frobnicate" \\(actions: `)),
      `${file}:4:9: keys.quit: "hyper+q" is not a key name (see docs/keybindings.md)`,
      '(the dashboard skips these overrides and keeps the default keys)',
      '',
    ]);
    // Good overrides alone stay valid.
    const good = tmp.write('good.yaml', `keys:\n  refresh: [r, ctrl+r]\n${configText('http://127.0.0.1:1')}`);
    expect((await run(['config', 'validate', '--config', good], env())).code).toBe(0);
  });

  it('validate: a YAML syntax error → 2 with its position', async () => {
    const file = tmp.write('config.yaml', 'current-context: local\ncontexts:\n  - name: local\n    prometheus: {url: http://127.0.0.1:1\n');
    const {code, err} = await run(['config', 'validate', '--config', file], env());
    expect(code).toBe(2);
    expect(err).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5:1: YAML syntax error: `));
    expect(err).not.toContain('    at ');
  });

  it('validate: an alias inside its own anchor → 2 naming the file and alias, not "unexpected error"', async () => {
    const file = tmp.write('config.yaml', 'current-context: a\nx-a: &a [*a]\ncontexts:\n  - name: a\n    prometheus: {url: "http://127.0.0.1:9"}\n');
    const {code, err} = await run(['config', 'validate', '--config', file], env());
    expect(code).toBe(2);
    expect(err).toContain(`${file}:2:10: x-a[0]: YAML error: alias *a refers to the node that holds it`);
    expect(err).not.toMatch(/unexpected error|Maximum call stack/);
  });

  it('validate: a missing file named by --config → 2 naming it', async () => {
    const file = join(tmp.dir, 'nope.yaml');
    const {code, err} = await run(['config', 'validate', '--config', file], env());
    expect(code).toBe(2);
    expect(err).toBe(`${file}: config file not found; create it (see examples/config.yaml) or pass --config\n`);
  });

  it('path honours --config first, then ONCALL_CONFIG, then XDG_CONFIG_HOME', async () => {
    const fromEnv = join(tmp.dir, 'env.yaml');
    const xdg = join(tmp.dir, 'xdg');
    const flag = await run(['config', 'path', '--config', 'custom/oncall.yaml'], {...env(), ONCALL_CONFIG: fromEnv});
    expect([flag.code, flag.out, flag.err]).toEqual([0, 'custom/oncall.yaml\n', '(custom/oncall.yaml does not exist: create it, see examples/config.yaml)\n']);
    const byEnv = await run(['config', 'path'], {...env(), ONCALL_CONFIG: fromEnv});
    expect(byEnv.out).toBe(`${fromEnv}\n`);
    expect(byEnv.err).toBe(`(looked in: --config (not given), ${fromEnv} ($ONCALL_CONFIG))\n(${fromEnv} does not exist: create it, see examples/config.yaml)\n`);
    // A file that exists is just printed.
    const there = tmp.write('there.yaml', configText('http://127.0.0.1:1'));
    expect(await run(['config', 'path', '--config', there], env())).toEqual({code: 0, out: `${there}\n`, err: ''});
    const byXdg = await run(['config', 'path'], {HOME: tmp.dir, XDG_CONFIG_HOME: xdg});
    expect(byXdg.out).toBe(`${join(xdg, 'oncall', 'config.yaml')}\n`);
    expect(byXdg.err).toContain('$ONCALL_CONFIG (not set)');
    const byHome = await run(['config', 'path'], {HOME: tmp.dir});
    expect(byHome.out).toBe(`${join(tmp.dir, '.config', 'oncall', 'config.yaml')}\n`);
  });
});

describe('oncall without a usable config', () => {
  it('no config anywhere → 2, saying where it looked and pointing at the demo and the example', async () => {
    const {code, out, err} = await run([], {HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg')});
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('No config found. Looked in:');
    expect(err).toContain(`  ${join(tmp.dir, 'xdg', 'oncall', 'config.yaml')} (from $XDG_CONFIG_HOME)`);
    expect(err).toContain('oncall demo');
    expect(err).toContain('examples/config.yaml');
    expect(err).not.toContain('    at ');
  });

  it('--context nope → 2 naming the available contexts', async () => {
    const file = tmp.write('config.yaml', configText('http://127.0.0.1:1'));
    const {code, out, err} = await run(['status', '--config', file, '--context', 'nope'], env());
    expect([code, out]).toEqual([2, '']);
    expect(err).toBe(`${file}: no context named "nope" (contexts: local, staging)\n`);
  });

  it('a usage error → 2 with the suggestion and a pointer to --help', async () => {
    const typo = await run(['stauts'], env());
    expect(typo.code).toBe(2);
    expect(typo.err).toBe('Unknown argument: stauts\nDid you mean status?\nRun "oncall --help" for usage.\n');
    const flag = await run(['status', '--contxt', 'x'], env());
    expect(flag.code).toBe(2);
    expect(flag.err).toContain('Did you mean --context?');
  });

  it('--version prints the version and exits 0', async () => {
    const {code, out} = await run(['--version'], env());
    expect(code).toBe(0);
    expect(out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('oncall status against real HTTP', () => {
  it('Prometheus on a closed loopback port → no crash, the source reported unavailable', async () => {
    const file = tmp.write('config.yaml', configText('http://127.0.0.1:1'));
    const {code, out, err} = await run(['status', '--config', file, '--json'], env());
    // Not a crash, and 3: nothing known pages, but the only source was refused, so that is not "all clear".
    expect(code).toBe(3);
    expect(err).toBe('');
    const doc = JSON.parse(out);
    expect(doc.context).toBe('local');
    expect(doc.sources).toHaveLength(1);
    const prom = doc.sources[0];
    expect([prom.name, prom.kind, prom.state, prom.ok, prom.ageSeconds, prom.retrying]).toEqual(['prometheus', 'prometheus', 'error', false, null, false]);
    expect(prom.error).toMatch(/^unavailable: POST http:\/\/127\.0\.0\.1:1\/api\/v1\/query: connection refused/);
    // The SLO is still listed, as unknown with the reason: a script must see that nothing could be
    // measured, and not take it for an SLO without traffic (no-data).
    expect(doc.slos.map((s: {name: string; status: string; sli: unknown}) => [s.name, s.status, s.sli])).toEqual([['api-availability', 'unknown', null]]);
    expect(doc.slos[0].error).toMatch(/^prometheus: unavailable: POST http:\/\/127\.0\.0\.1:1\/api\/v1\/query: connection refused/);
  });

  it('uses the configured timeout', async () => {
    const url = await startServer(() => {
      // Never answers.
    });
    const file = tmp.write('config.yaml', configText(url, '      timeout: 300ms\n'));
    const started = Date.now();
    const {code, out} = await run(['status', '--config', file, '--json'], env());
    expect(code).toBe(3);
    expect(Date.now() - started).toBeLessThan(5000);
    const prom = JSON.parse(out).sources[0];
    expect(prom.ok).toBe(false);
    expect(prom.error).toContain('timeout: ');
    expect(prom.error).toContain('no answer within 300 ms');
  });

  it('sends the bearer token from the environment and never prints it, even when the backend echoes it', async () => {
    const token = 'tok-5ecret-value-9f8e7d';
    const seen: Array<string | undefined> = [];
    const url = await startServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(401, {'content-type': 'application/json'});
      res.end(JSON.stringify({status: 'error', errorType: 'unauthorized', error: `token ${token} is not valid`}));
    });
    const file = tmp.write('config.yaml', configText(url, '      bearerTokenEnv: PROM_TOKEN\n'));
    for (const argv of [['status', '--config', file, '--json'], ['status', '--config', file]]) {
      const {code, out, err} = await run(argv, {...env(), PROM_TOKEN: token});
      expect(code).toBe(3);
      expect(out + err).not.toContain(token);
      expect(out).toContain('auth');
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([`Bearer ${token}`]));
  });

  it('a token pasted as bearerTokenEnv is a config error that never prints it, in status or config validate', async () => {
    const token = fakeToken('ghp_', 36);
    const file = tmp.write('config.yaml', configText('http://127.0.0.1:1', `      bearerTokenEnv: ${token}\n`));
    for (const argv of [['status', '--config', file], ['config', 'validate', '--config', file]]) {
      const {code, out, err} = await run(argv, env());
      expect(code).toBe(2);
      expect(out + err).not.toContain(token);
      expect(err).toBe(`${file}:6:23: contexts[0].prometheus.bearerTokenEnv: this looks like a token, not the name of an environment variable; put the token in an environment variable (or a file) and write its name here, e.g. PROM_TOKEN\n`);
    }
  });

  it('a missing bearer token is a note on stderr naming the variable', async () => {
    const file = tmp.write('config.yaml', configText('http://127.0.0.1:1', '      bearerTokenEnv: PROM_TOKEN\n'));
    const {code, err} = await run(['status', '--config', file, '--json'], env());
    expect(code).toBe(3);
    expect(err).toBe('note: prometheus: bearer token not found (env var PROM_TOKEN)\n');
  });
});
