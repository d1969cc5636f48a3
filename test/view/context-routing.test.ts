/**
 * Routing by row on a screen of several contexts: the target of a row is taken from its own
 * context, names it, and carries its read-only flag, so `a` and `R` refuse on a row of a
 * read-only context (saying which) while rows of another context allow them; an alert of a set
 * several contexts share acts through the first member that may write.
 */
import {describe, expect, it} from 'vitest';
import {defaultKeymap, type ActionContext, type SelectionInfo} from '../../src/actions/keymap.ts';
import {perPane} from '../../src/actions/panes.ts';
import {NOTHING_HIDDEN} from '../../src/domain/alert-states.ts';
import {contextSetView, feedOf, type ContextFeedSnapshot} from '../../src/view/context-set.ts';
import {scopedKey} from '../../src/view/context-tables.ts';
import {rowContextServices, rowSelection} from '../../src/view/context-routing.ts';
import type {DashboardData} from '../../src/view/hooks/use-dashboard-data.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, makeDeploy, T0} from '../queries/fakes.ts';
import {buildTables} from './fixtures.ts';

const noMatchers = perPane(() => []);
const noErrors = perPane(() => null);

function feed(name: string, readOnly: boolean, fingerprint: string, severity: string): ContextFeedSnapshot {
  const data = {now: T0, paneHealth: perPane(() => []), health: [], unread: []} as unknown as DashboardData;
  const built = buildTables({now: T0, alerts: [makeAlert({fingerprint, name: `Alert-${name}`, severity})], deploys: [makeDeploy({id: `${name}-2`, version: 'v2', startedAt: T0}), makeDeploy({id: `${name}-1`, version: 'v1', startedAt: T0 - 86_400_000})]});
  const rollbacker = {name: `ci-${name}`, kind: 'rollback' as const, capabilities: {rollback: async () => ({id: '1', plan: null as never, status: 'queued' as const, url: null})}};
  return {
    context: {services: emptyServices({context: name, readOnly, rollbacker: rollbacker as never})},
    data,
    built,
    filters: perPane(() => ''),
    hidden: NOTHING_HIDDEN,
    pastAt: null,
    ackStates: new Map(),
    rollbacks: {runs: [], failures: [], start: async () => ({ok: true, text: ''}), openHere: () => ({open: [], finished: new Set<string>(), superseded: [], answered: new Set<string>()})},
  };
}

const record = (id: string) => defaultKeymap.find((r) => r.id === id)!;
const ctxFor = (selection: SelectionInfo | null): ActionContext => ({readOnly: false, hasAlertmanager: true, hasRollback: true, selection});

describe('rowSelection on several contexts', () => {
  const view = contextSetView([feed('prod-eu', true, 'e1', 'critical'), feed('prod-us', false, 'u1', 'warning')], noMatchers, noErrors);

  it('takes the target from the row\'s own context and names it', () => {
    // prod-eu's critical group first, then its alert; then prod-us'.
    const eu = rowSelection(view, 'alerts', 1, {now: T0});
    const us = rowSelection(view, 'alerts', 3, {now: T0});
    expect(eu).toMatchObject({kind: 'alert', id: 'e1', label: 'Alert-prod-eu', context: 'prod-eu', readOnly: true});
    expect(us).toMatchObject({kind: 'alert', id: 'u1', label: 'Alert-prod-us', context: 'prod-us', readOnly: false});
    expect(feedOf(view, us!.context).context.services.rollbacker?.name).toBe('ci-prod-us');
  });

  it('disables a and R on a row of a read-only context, with the reason, and allows them on the other\'s', () => {
    const ack = record('ack');
    expect(ack.disabledReason?.(ctxFor(rowSelection(view, 'alerts', 1, {now: T0})))).toBe('read-only context (prod-eu)');
    expect(ack.disabledReason?.(ctxFor(rowSelection(view, 'alerts', 3, {now: T0})))).toBeNull();
    const rollback = record('rollback');
    const deploys = view.built.origins!.deploys;
    const euRow = deploys.findIndex((o) => o.context === 'prod-eu');
    const usRow = deploys.findIndex((o) => o.context === 'prod-us');
    expect(rollback.disabledReason?.(ctxFor(rowSelection(view, 'deploys', euRow, {now: T0})))).toBe('read-only context (prod-eu)');
    const usTarget = rowSelection(view, 'deploys', usRow, {now: T0});
    expect(rollback.disabledReason?.(ctxFor(usTarget))).toBeNull();
    expect(usTarget?.rollbackPlan).toMatchObject({fromVersion: 'v2', toVersion: 'v1'});
    expect(usTarget?.rollbackPlan?.idempotencyKey).toContain('oncall:prod-us:');
  });

  it("reads an alert's rule from the row's own context, a group header's too", () => {
    expect([0, 1, 2, 3].map((i) => rowContextServices(view, 'alerts', i).context)).toEqual(['prod-eu', 'prod-eu', 'prod-us', 'prod-us']);
  });

  it('leaves one context\'s target as it always was: no context, no row read-only flag', () => {
    const one = contextSetView([feed('prod-eu', false, 'e1', 'critical')], noMatchers, noErrors);
    const target = rowSelection(one, 'alerts', 1, {now: T0});
    expect(target).not.toHaveProperty('context');
    expect(target).not.toHaveProperty('readOnly');
  });
});

describe('rowSelection on an alert set several contexts share', () => {
  // Both read the same Alertmanager (one pooled adapter): the set is listed once, under the first.
  const am = {name: 'am', kind: 'alertmanager', capabilities: {listAlerts: async () => ({value: [], warnings: []})}, readKey: 'http://am', cliUrl: 'http://am'};
  const sharing = (name: string, readOnly: boolean): ContextFeedSnapshot => {
    const f = feed(name, readOnly, 's1', 'critical');
    // The same alert read from the same Alertmanager: the same rows in each member's own tables.
    const built = buildTables({now: T0, alerts: [makeAlert({fingerprint: 's1', name: 'CheckoutDown', severity: 'critical'})]});
    return {...f, built, context: {services: {...f.context.services, alertSources: [am] as never}}};
  };
  const alertRow = (view: ReturnType<typeof contextSetView>) => view.built.tables.alerts.rows.findIndex((r) => r.id !== undefined);

  it('acts through the first member that may write when the context it is listed under is read-only', () => {
    const view = contextSetView([sharing('ro', true), sharing('rw', false)], noMatchers, noErrors);
    // Listed once, under ro: its details stay ro's.
    expect(view.built.origins!.alerts.map((o) => o.context)).toEqual(['ro', 'ro']);
    const target = rowSelection(view, 'alerts', alertRow(view), {now: T0});
    expect(target).toMatchObject({kind: 'alert', id: 's1', context: 'rw', readOnly: false});
    expect(record('ack').disabledReason?.(ctxFor(target))).toBeNull();
    // A group header acts through it too.
    expect(rowSelection(view, 'alerts', 0, {now: T0})).toMatchObject({context: 'rw', readOnly: false});
    expect(rowContextServices(view, 'alerts', alertRow(view)).context).toBe('ro');
  });

  it('keeps the row its own context when that may write, and refuses only when every member is read-only', () => {
    const first = contextSetView([sharing('rw', false), sharing('ro', true)], noMatchers, noErrors);
    expect(rowSelection(first, 'alerts', alertRow(first), {now: T0})).toMatchObject({context: 'rw', readOnly: false});
    const none = contextSetView([sharing('ro-1', true), sharing('ro-2', true), feed('other', false, 'o1', 'warning')], noMatchers, noErrors);
    const target = rowSelection(none, 'alerts', none.built.tables.alerts.rows.findIndex((r) => r.key === scopedKey('a:s1', 'ro-1')), {now: T0});
    expect(record('ack').disabledReason?.(ctxFor(target))).toBe('read-only context (ro-1)');
  });

  it('does not act through a writable context reading other Alertmanagers', () => {
    const view = contextSetView([sharing('ro', true), {...feed('rw', false, 's1', 'critical'), built: sharing('rw', false).built}], noMatchers, noErrors);
    const index = view.built.origins!.alerts.findIndex((o, i) => o.context === 'ro' && view.built.tables.alerts.rows[i]!.id !== undefined);
    expect(rowSelection(view, 'alerts', index, {now: T0})).toMatchObject({context: 'ro', readOnly: true});
  });
});

describe('the header of a set', () => {
  it('names the contexts, PROD before a production one; many are counted, their health parts naming each', () => {
    const few = contextSetView([feed('prod-eu', true, 'a', 'warning'), {...feed('prod-us', false, 'b', 'warning'), context: {services: emptyServices({context: 'prod-us'}), production: true}}], noMatchers, noErrors);
    // The count too, for a line too narrow for the names (see the header).
    expect(few.header).toEqual({context: 'prod-eu,PROD prod-us', short: '2 contexts (1 PROD)', readOnly: false});
    expect(few.data.health.map((h) => h.name)).toEqual(['prod-eu RO', 'PROD prod-us']);
    const many = contextSetView(Array.from({length: 12}, (_, i) => feed(`region-${i}`, true, `f${i}`, 'warning')), noMatchers, noErrors);
    // Their names cut alike (`region…`): the header's parts, when shortened, name each as its rows' cut cells do.
    const sourceShort = new Map(Array.from({length: 12}, (_, i) => [`region-${i} RO`, `${i} RO`]));
    expect(many.header).toEqual({context: '12 contexts', short: '12 contexts', readOnly: true, sourceShort, narrow: '0,1,2,3,4,5,6,7,8,9,10,11'});
    expect(many.data.health).toHaveLength(12);
  });
});

describe('R on a deploy history that is not fresh', () => {
  const failed = {name: 'github', kind: 'deploys', last: 'failed' as const, error: 'unavailable: github acme/shop: server error (HTTP 503)', updatedAt: T0 - 4 * 60_000, warnings: [], retrying: true, staleAt: T0 - 3 * 60_000};
  const fresh = {...failed, last: 'ok' as const, error: null, updatedAt: T0 - 2_000, staleAt: T0 + 8_000};

  /** One context whose deploy source has `health`; v2 is the suspect of the firing checkout alert. */
  function view(health: typeof failed | typeof fresh) {
    const base = feed('prod', false, 'c1', 'critical');
    const alert = makeAlert({fingerprint: 'c1', name: 'CheckoutErrors', severity: 'critical', labels: {alertname: 'CheckoutErrors', service: 'checkout'}});
    const built = buildTables({now: T0, alerts: [alert], deploys: [makeDeploy({id: 'prod-2', version: 'v2', startedAt: T0}), makeDeploy({id: 'prod-1', version: 'v1', startedAt: T0 - 86_400_000})], suspects: ['prod-2']});
    const services = {...base.context.services, deploySource: {name: 'github'} as never};
    const data = {now: T0, paneHealth: perPane((p) => (p === 'deploys' ? [health] : [])), health: [health]} as unknown as DashboardData;
    return contextSetView([{...base, context: {services}, data, built}], noMatchers, noErrors);
  }
  const rollback = record('rollback');
  const reason = 'deploy history is stale (4m old; its last read failed: unavailable) — use oncall rollback checkout --to VERSION';

  it('refuses from a deploy row and from an alert row (its suspect deploy), saying why and what to run instead', () => {
    const stale = view(failed);
    const onDeploy = rowSelection(stale, 'deploys', 0, {now: T0});
    expect(onDeploy).toMatchObject({kind: 'deploy', historyRefusal: reason});
    expect(rollback.disabledReason?.(ctxFor(onDeploy))).toBe(reason);
    const onAlert = rowSelection(stale, 'alerts', 1, {now: T0});
    expect(onAlert).toMatchObject({kind: 'alert', id: 'c1', historyRefusal: reason});
    expect(rollback.disabledReason?.(ctxFor(onAlert))).toBe(reason);
  });

  it('plans as before when the history is fresh', () => {
    const ok = view(fresh);
    const onDeploy = rowSelection(ok, 'deploys', 0, {now: T0});
    expect(onDeploy).not.toHaveProperty('historyRefusal');
    expect(rollback.disabledReason?.(ctxFor(onDeploy))).toBeNull();
    expect(onDeploy?.rollbackPlan).toMatchObject({fromVersion: 'v2', toVersion: 'v1'});
    const onAlert = rowSelection(ok, 'alerts', 1, {now: T0});
    expect(rollback.disabledReason?.(ctxFor(onAlert))).toBeNull();
    expect(onAlert?.rollbackPlan).toMatchObject({fromVersion: 'v2', toVersion: 'v1'});
  });

  // Fresh, but the provider skipped an entry: the newest deploy may be the one left out, so the
  // plan is made (a typed confirmation may go ahead) and its preview says so, as `oncall rollback` does.
  it('plans from a history read in part with a warning for the preview, naming what was left out', () => {
    const skipped = 'github acme/shop: skipped 1 deployment with unexpected data';
    const inPart = view({...fresh, warnings: [skipped], partial: [skipped], hiding: [skipped]} as unknown as typeof fresh);
    const warning = `the deploy history was read in part, so the newest deploy of checkout may be missing and "from → to" may be wrong (${skipped}); check before confirming`;
    for (const [pane, row] of [['deploys', 0], ['alerts', 1]] as const) {
      const info = rowSelection(inPart, pane, row, {now: T0});
      expect(info, pane).toMatchObject({rollbackPlan: {fromVersion: 'v2', toVersion: 'v1'}, rollbackWarnings: [warning]});
      expect(rollback.disabledReason?.(ctxFor(info)), pane).toBeNull();
    }
    expect(rowSelection(view(fresh), 'deploys', 0, {now: T0})).not.toHaveProperty('rollbackWarnings');
  });

  // Read in part (the header's `◐`), but by a warning its provider says cannot hide a deploy (a
  // sha field ignored on a kept entry): "from → to" is right, and the preview says nothing of it.
  it('a history whose warnings cannot hide a deploy plans with no warning', () => {
    const sha = 'json deploys.json: ignored 1 sha field that is not a commit sha of 7–40 hex digits ([2].sha: "main"); {{sha}} is not filled from them';
    const info = rowSelection(view({...fresh, warnings: [sha], partial: [sha]} as unknown as typeof fresh), 'deploys', 0, {now: T0});
    expect(info).toMatchObject({rollbackPlan: {fromVersion: 'v2', toVersion: 'v1'}});
    expect(info).not.toHaveProperty('rollbackWarnings');
  });
});

describe('a rollback the row\'s rollback provider refuses (another service than its Argo CD application\'s)', () => {
  const why = 'the argocd rollback rolls back application checkout-prod, which deploys checkout, not cart: roll cart back in Git or through its own application (argocd app rollback APP ID)';
  function view() {
    const base = feed('prod', false, 'c1', 'critical');
    const alert = makeAlert({fingerprint: 'c1', name: 'CartErrors', severity: 'critical', labels: {alertname: 'CartErrors', service: 'cart'}});
    const deploys = [makeDeploy({id: 'cart-2', service: 'cart', version: 'v2', startedAt: T0}), makeDeploy({id: 'cart-1', service: 'cart', version: 'v1', startedAt: T0 - 86_400_000})];
    const built = buildTables({now: T0, alerts: [alert], deploys, suspects: ['cart-2']});
    const rollbacker = {name: 'argocd', kind: 'rollback' as const, capabilities: {refusal: (plan: {service: string}) => (plan.service === 'checkout' ? null : why)}};
    const services = {...base.context.services, rollbacker: rollbacker as never};
    return contextSetView([{...base, context: {services}, built}], noMatchers, noErrors);
  }
  const rollback = record('rollback');

  it('R on the deploy and on the alert whose suspect it is says why, and no command is copied for it', () => {
    const v = view();
    const onDeploy = rowSelection(v, 'deploys', 0, {now: T0});
    expect(onDeploy).toMatchObject({kind: 'deploy', rollbackRefusal: why});
    expect(rollback.disabledReason?.(ctxFor(onDeploy))).toBe(why);
    const onAlert = rowSelection(v, 'alerts', 1, {now: T0});
    expect(onAlert).toMatchObject({kind: 'alert', id: 'c1', rollbackRefusal: why});
    expect(rollback.disabledReason?.(ctxFor(onAlert))).toBe(why);
  });
});
