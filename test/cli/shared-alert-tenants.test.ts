/**
 * Contexts on one alert-source URL read the same alerts only when everything that decides the
 * read is the same: the dashboard shows their alerts once only then. Two tenants of one Mimir
 * (`X-Scope-OrgID`), one URL with a token per org, or another path prefix hold other alerts, and
 * each context's must stay on screen. The keys come from the composed runtime, as the dashboard
 * gets them, so the screen and the pool of adapters are checked to agree.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {perPane} from '../../src/actions/panes.ts';
import type {CliArgs} from '../../src/cli/args.ts';
import {configRuntime, type Runtime} from '../../src/cli/runtime.ts';
import {alertSourceKey} from '../../src/view/context-set.ts';
import {mergeContextTables} from '../../src/view/context-tables.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {T0} from '../queries/fakes.ts';
import {buildTables} from '../view/fixtures.ts';
import {tempDir} from './cli-fixtures.ts';

let runtime: Runtime | null = null;
let tmp: ReturnType<typeof tempDir> | null = null;

afterEach(async () => {
  await runtime?.close();
  runtime = null;
  tmp?.cleanup();
  tmp = null;
});

const AM = 'http://127.0.0.1:9';
const ENV = {TEAM_A_TOKEN: 'token-of-team-a', TEAM_B_TOKEN: 'token-of-team-b'};

/** The alert keys of contexts team-a and team-b, whose sources are the YAML lines `a` and `b`. */
async function keysOf(a: string, b: string): Promise<[string, string]> {
  tmp = tempDir();
  const config = tmp.write('config.yaml', `current-context: team-a\ncontexts:\n  - name: team-a\n    ${a}\n  - name: team-b\n    ${b}\n`);
  const made = await configRuntime({command: 'dashboard', config, context: 'team-a,team-b', demo: false, readOnly: false, json: false} as CliArgs, {HOME: tmp.dir, ...ENV}, () => T0);
  if (typeof made === 'string') throw new Error(made);
  runtime = made;
  const [keyA, keyB] = made.members.map((m) => alertSourceKey(m.composed.services));
  return [keyA!, keyB!];
}

/** The alert rows the dashboard shows for the two contexts, each firing its own alert. */
function shownRows(keyA: string, keyB: string): string[] {
  const merged = mergeContextTables(
    [
      {name: 'team-a', production: false, alertKey: keyA, built: buildTables({now: T0, alerts: [makeAlert({fingerprint: 'aaaa', name: 'DiskFilling', severity: 'warning'})]})},
      {name: 'team-b', production: false, alertKey: keyB, built: buildTables({now: T0, alerts: [makeAlert({fingerprint: 'bbbb', name: 'PaymentsDown', severity: 'critical'})]})},
    ],
    perPane(() => []),
  );
  return [...merged.alerts.values()].map((a) => a.name).sort();
}

describe('alert sources of several contexts on one URL', () => {
  it.each([
    ['another tenant header', `alertmanagers: [{name: mimir, url: ${AM}, pathPrefix: /alertmanager, headers: {X-Scope-OrgID: team-a}}]`, `alertmanagers: [{name: mimir, url: ${AM}, pathPrefix: /alertmanager, headers: {X-Scope-OrgID: team-b}}]`],
    ['another token', `alertmanagers: [{name: am, url: ${AM}, bearerTokenEnv: TEAM_A_TOKEN}]`, `alertmanagers: [{name: am, url: ${AM}, bearerTokenEnv: TEAM_B_TOKEN}]`],
    ['another path prefix', `alertmanagers: [{name: am, url: ${AM}, pathPrefix: /team-a}]`, `alertmanagers: [{name: am, url: ${AM}, pathPrefix: /team-b}]`],
    ['a Prometheus of another tenant', `prometheus: {url: ${AM}, headers: {X-Scope-OrgID: team-a}}`, `prometheus: {url: ${AM}, headers: {X-Scope-OrgID: team-b}}`],
    ['a Prometheus relabelling its alerts otherwise', `prometheus: {url: ${AM}, externalLabels: {region: eu}}`, `prometheus: {url: ${AM}, externalLabels: {region: us}}`],
  ])('%s: each context shows its own alerts', async (_what, a, b) => {
    const [keyA, keyB] = await keysOf(a, b);
    expect(keyA).not.toBe('');
    expect(keyA).not.toBe(keyB);
    // team-b's critical alert is on screen, beside team-a's.
    expect(shownRows(keyA, keyB)).toEqual(['DiskFilling', 'PaymentsDown']);
  });

  it('the same entry in both contexts is one set of alerts, shown once', async () => {
    const entry = `alertmanagers: [{name: mimir, url: ${AM}, headers: {X-Scope-OrgID: team-a}, bearerTokenEnv: TEAM_A_TOKEN}]`;
    const [keyA, keyB] = await keysOf(entry, entry);
    expect(keyA).not.toBe('');
    expect(keyA).toBe(keyB);
    // The first context's set stands for both.
    expect(shownRows(keyA, keyB)).toEqual(['DiskFilling']);
  });

  it('the key holds no header value or token in clear', async () => {
    const [keyA] = await keysOf(`alertmanagers: [{name: am, url: ${AM}, headers: {X-Scope-OrgID: tenant-7f3a}, bearerTokenEnv: TEAM_A_TOKEN}]`, `alertmanagers: [{name: am, url: ${AM}}]`);
    expect(keyA).not.toContain('tenant-7f3a');
    expect(keyA).not.toContain(ENV.TEAM_A_TOKEN);
  });
});
