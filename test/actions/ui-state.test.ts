import {describe, expect, it} from 'vitest';
import type {ActionId} from '../../src/actions/action-ids.ts';
import {MAX_DRAFT} from '../../src/actions/ui-core.ts';
import {canGoBack, effectiveFilter, initialUiState, scopeStack, uiReducer, type UiEvent, type UiState} from '../../src/actions/ui-state.ts';
import {matchesFilter, parseAlertFilter} from '../../src/domain/alert-filter.ts';
import {sanitize} from '../../src/domain/sanitize.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {KATSUSHIKA, STRAY_SELECTORS, VARIATION_SEQUENCES} from '../domain/variation-sequences.ts';

const rowCounts = {slos: 5, alerts: 30, deploys: 0};
const act = (id: ActionId, extra: Partial<Extract<UiEvent, {type: 'action'}>> = {}): UiEvent => ({type: 'action', id, rowCounts, pageSize: 10, ...extra});
const run = (state: UiState, ...events: UiEvent[]) => events.reduce(uiReducer, state);
const typed = (text: string): UiEvent => ({type: 'text', text});
// What a filter input opened on a fresh state holds: the first row, never moved.
const NOTHING_HELD = {index: 0, anchor: null};
/** The filter's draft after typing `text`, then `more`. */
const filterDraft = (text: string, ...more: UiEvent[]) => (run(initialUiState(), act('filter'), typed(text), ...more).modal as {draft: string}).draft;
const deploy = {kind: 'deploy' as const, id: 'd42', label: 'checkout', canRollback: true};

describe('focus', () => {
  it('cycles with tab and shift+tab and jumps with 1/2/3', () => {
    const s0 = initialUiState();
    expect(s0.focus).toBe('slos');
    expect(run(s0, act('focusNext')).focus).toBe('alerts');
    expect(run(s0, act('focusNext'), act('focusNext'), act('focusNext')).focus).toBe('slos');
    expect(run(s0, act('focusPrev')).focus).toBe('deploys');
    expect(run(s0, act('focusDeploys')).focus).toBe('deploys');
    expect(run(s0, act('focusAlerts'), act('focusSlos')).focus).toBe('slos');
  });

  it('closes help or details when focus moves', () => {
    const s = run(initialUiState(), act('help'), act('focusAlerts'));
    expect(s.modal).toBeNull();
    expect(s.focus).toBe('alerts');
  });
});

describe('selection', () => {
  it('moves only the focused pane and clamps to its rows', () => {
    const s = run(initialUiState({focus: 'alerts'}), act('down'), act('down'), act('pageDown'), act('up'));
    expect(s.selection).toEqual({slos: 0, alerts: 11, deploys: 0, panels: 0});
    expect(run(s, act('bottom')).selection.alerts).toBe(29);
    expect(run(s, act('bottom'), act('pageDown')).selection.alerts).toBe(29);
    expect(run(s, act('top')).selection.alerts).toBe(0);
    expect(run(s, act('pageUp'), act('pageUp')).selection.alerts).toBe(0);
    expect(run(initialUiState({focus: 'deploys'}), act('down')).selection.deploys).toBe(0);
    expect(run(initialUiState(), act('bottom')).selection.slos).toBe(4);
  });

  it('clamps when the data shrinks, and can follow a row to its new index', () => {
    const s = run(initialUiState({focus: 'alerts'}), act('bottom'));
    expect(uiReducer(s, {type: 'clamp', rowCounts: {slos: 5, alerts: 3, deploys: 0}}).selection).toEqual({slos: 0, alerts: 2, deploys: 0, panels: 0});
    expect(uiReducer(s, {type: 'clamp', rowCounts: {slos: 5, alerts: 0, deploys: 0}}).selection.alerts).toBe(0);
    expect(uiReducer(s, {type: 'clamp', rowCounts, reselect: {alerts: 7, slos: null}}).selection).toEqual({slos: 0, alerts: 7, deploys: 0, panels: 0});
  });
});

describe('overlays', () => {
  it('opens details on enter, scrolls it, and closes it with back', () => {
    const s = run(initialUiState({focus: 'alerts'}), act('details'));
    expect(s.modal).toEqual({kind: 'detail', pane: 'alerts', scroll: 0});
    expect(scopeStack(s)).toEqual(['detail', 'alerts', 'global']);
    const scrolled = run(s, act('down', {modalLines: 40}), act('pageDown', {modalLines: 40}));
    expect(scrolled.modal).toEqual({kind: 'detail', pane: 'alerts', scroll: 11});
    expect(scrolled.selection.alerts).toBe(0);
    expect(run(s, act('back')).modal).toBeNull();
  });

  it('keeps the row the details were opened on', () => {
    const disk = {kind: 'alert' as const, id: 'fp-disk', label: 'DiskFull', rowKey: 'a:fp-disk'};
    const s = run(initialUiState({focus: 'alerts'}), act('details', {target: disk, row: {key: 'a:fp-disk', target: disk}}));
    expect(s.modal).toEqual({kind: 'detail', pane: 'alerts', scroll: 0, row: {key: 'a:fp-disk', target: disk}});
  });

  it('refuses details for an empty pane with a flash', () => {
    const s = run(initialUiState({focus: 'deploys'}), act('details', {now: 1000}));
    expect(s.modal).toBeNull();
    expect(s.flash).toEqual({text: 'Nothing to show: the pane is empty', tone: 'info', at: 1000, id: 1});
  });

  it('toggles help and routes movement to its scroll', () => {
    const s = run(initialUiState(), act('help'), act('down'), act('down'));
    expect(s.modal).toEqual({kind: 'help', scroll: 2});
    expect(scopeStack(s)).toEqual(['help', 'global']);
    expect(run(s, act('help')).modal).toBeNull();
    expect(run(s, act('back')).modal).toBeNull();
  });
});

describe('filter', () => {
  it('opens with the current filter as draft, applies on submit and resets the selection', () => {
    let s = run(initialUiState({focus: 'alerts'}), act('down'), act('filter'));
    expect(s.modal).toEqual({kind: 'filter', pane: 'alerts', draft: '', held: {index: 1, anchor: null}});
    expect(scopeStack(s)).toEqual(['filter']);
    s = run(s, typed('chec'), typed('kx'), {type: 'backspace'}, typed('out'));
    expect(effectiveFilter(s, 'alerts')).toBe('checkout');
    expect(s.filters.alerts).toBe('');
    s = uiReducer(s, {type: 'submit'});
    expect(s.modal).toBeNull();
    expect(s.filters).toEqual({slos: '', alerts: 'checkout', deploys: '', panels: ''});
    expect(s.selection.alerts).toBe(0);
    expect(run(s, act('filter')).modal).toEqual({kind: 'filter', pane: 'alerts', draft: 'checkout', held: {index: 0, anchor: null}});
  });

  it('is left unchanged by cancel, and strips control characters from typed text', () => {
    const s = run(initialUiState({filters: {slos: 'api'}}), act('filter'), typed('\u001b[31mx\u202e'), {type: 'cancel'});
    expect(s.filters.slos).toBe('api');
    expect(s.modal).toBeNull();
    expect(run(initialUiState(), act('filter'), typed('\u001b[31mx\u202e')).modal).toEqual({kind: 'filter', pane: 'slos', draft: '[31mx', held: NOTHING_HELD});
  });

  it('gives back on cancel the selection the live draft moved (its row filtered out), with Esc or Ctrl+C', () => {
    const rows = {alerts: ['a:1', 'a:2', 'a:3'].map((key) => ({key}))};
    const onGamma = run(initialUiState({focus: 'alerts'}), act('bottom', {rows}));
    const held = {selection: onGamma.selection.alerts, anchor: onGamma.anchors.alerts};
    expect(held.selection).toBe(2);
    // `nomatch`: the draft empties the table and the view re-anchors the selection on it.
    const typing = run(onGamma, act('filter'), typed('nomatch'), {type: 'clamp', rowCounts: {alerts: 0}, rows: {alerts: []}});
    expect(typing.anchors.alerts).toBeNull();
    for (const cancel of [act('back'), act('cancelInput')]) {
      const back = run(typing, cancel);
      expect({modal: back.modal, filter: back.filters.alerts, index: back.selection.alerts, anchor: back.anchors.alerts}).toEqual({modal: null, filter: '', index: 2, anchor: held.anchor});
    }
    // Enter applies the filter: the selection starts at the first row of what it shows.
    expect(uiReducer(typing, {type: 'submit'}).anchors.alerts).toBeNull();
  });

  it('strips every invisible format character a paste brings (soft hyphen, TAG block, isolates, word joiner), as sanitize escapes them', () => {
    const pasted = 'check\u00adout\u{E0041}\u{E007F} \u2066api\u2069\u2060\u200d\u2065\u180e\u{1D173}x\u034f\u3164\ufe0f';
    expect(run(initialUiState(), act('filter'), typed(pasted)).modal).toEqual({kind: 'filter', pane: 'slos', draft: 'checkout apix', held: NOTHING_HELD});
    // Printable text, spaces, non-Latin letters and an emoji's variation selector stay.
    expect(run(initialUiState(), act('filter'), typed('café 東京 ✓ \u2764\ufe0f')).modal).toEqual({kind: 'filter', pane: 'slos', draft: 'café 東京 ✓ \u2764\ufe0f', held: NOTHING_HELD});
  });

  it('strips a variation selector after a digit unless it makes a keycap, as sanitize escapes it', () => {
    expect(run(initialUiState(), act('filter'), typed('checkout-2\ufe0f')).modal).toEqual({kind: 'filter', pane: 'slos', draft: 'checkout-2', held: NOTHING_HELD});
    expect(run(initialUiState(), act('filter'), typed('room 1\ufe0f\u20e3')).modal).toEqual({kind: 'filter', pane: 'slos', draft: 'room 1\ufe0f\u20e3', held: NOTHING_HELD});
  });

  it('keeps a variation sequence real text needs, so a filter typed with a Japanese name matches it', () => {
    for (const text of VARIATION_SEQUENCES) expect.soft(filterDraft(text), JSON.stringify(text)).toBe(text);
    const typedName = filterDraft(`office=${KATSUSHIKA}`);
    const parsed = parseAlertFilter(typedName);
    const alert = makeAlert({fingerprint: 'k', name: 'DiskFull', labels: {alertname: 'DiskFull', office: KATSUSHIKA}});
    expect(parsed.ok && matchesFilter(alert, parsed.filter)).toBe(true);
    // An input method may send the selector on its own, after the ideograph.
    expect(filterDraft('葛', typed('\u{E0100}'))).toBe('葛\u{E0100}');
  });

  it('strips the same characters where they act on nothing, and a selector Backspace leaves stray', () => {
    for (const text of STRAY_SELECTORS) {
      const kept = filterDraft(text);
      expect.soft(sanitize(kept), JSON.stringify(text)).toBe(kept);
      expect.soft(kept.length, JSON.stringify(text)).toBeLessThan(text.length);
    }
    expect(filterDraft('x', typed('\u{E0100}'))).toBe('x');
    expect(filterDraft('1\ufe0f\u20e3', {type: 'backspace'})).toBe('1');
  });

  it('takes a pasted filter of more than 200 characters whole', () => {
    const services = ['checkout', 'payments', 'search', 'inventory', 'shipping', 'accounts', 'notifications', 'recommendations', 'catalog', 'pricing', 'fraud-detection', 'ledger', 'identity', 'gateway', 'cart', 'orders', 'warehouse', 'returns', 'billing', 'auth'];
    const pasted = `severity=critical service=~${services.join('|')}`;
    expect(pasted.length).toBeGreaterThan(200);
    const s = run(initialUiState({focus: 'alerts'}), act('filter'), typed(pasted), {type: 'submit', now: 0});
    expect(s.filters.alerts).toBe(pasted);
  });

  it('adds no text past MAX_DRAFT characters: the draft stays as it was and a flash says why, never a silent cut', () => {
    const opened = run(initialUiState({focus: 'alerts'}), act('filter'), typed('severity=critical '));
    const s = uiReducer(opened, {type: 'text', text: 'x'.repeat(MAX_DRAFT), now: 5000});
    expect(s.modal).toEqual(opened.modal);
    expect(s.flash).toMatchObject({text: `input longer than ${MAX_DRAFT} characters, not added`, tone: 'warn', at: 5000});
    // Up to the limit is taken.
    expect(run(opened, typed('x'.repeat(MAX_DRAFT - 'severity=critical '.length))).flash).toBeNull();
  });

  it('is cleared by Esc when no overlay is open', () => {
    const s = initialUiState({focus: 'deploys', filters: {deploys: 'web'}});
    expect(canGoBack(s)).toBe(true);
    const cleared = uiReducer(s, act('back'));
    expect(cleared.filters.deploys).toBe('');
    expect(canGoBack(cleared)).toBe(false);
    expect(uiReducer(cleared, act('back'))).toBe(cleared);
  });
});

describe('command line', () => {
  const command = (text: string) => run(initialUiState(), act('command'), typed(text), {type: 'submit', now: 5});

  it('emits effects for :ctx and :theme and closes', () => {
    const s = command('ctx prod');
    expect(s.modal).toBeNull();
    expect(s.effects).toEqual([{kind: 'switch-context', name: 'prod'}]);
    expect(command('theme high-contrast').effects).toEqual([{kind: 'switch-theme', name: 'high-contrast'}]);
  });

  it('logs a pasted :note of more than 200 characters whole', () => {
    const note = 'root cause: the payments-api rollout 2026-12-07T13:05Z raised the connection pool to 400 per pod; with 60 pods that exceeds the primary DB max_connections (20000); rolled back at 13:20Z, errors recovering; next step: cap the pool at 150 and redeploy';
    expect(note.length).toBeGreaterThan(200);
    expect(command(`note ${note}`).effects).toEqual([expect.objectContaining({kind: 'note', text: note})]);
  });

  it('quits on :q and :quit', () => {
    for (const q of ['q', 'quit']) {
      const s = command(q);
      expect(s.quitRequested).toBe(true);
      expect(s.effects).toEqual([{kind: 'quit'}]);
    }
  });

  it('opens help on :help and flashes an error for unknown commands', () => {
    expect(command('help').modal).toEqual({kind: 'help', scroll: 0});
    const s = command('frobnicate');
    expect(s.modal).toBeNull();
    expect(s.effects).toEqual([]);
    expect(s.flash).toEqual({text: 'Unknown command ":frobnicate"; try :ctx NAME[,NAME…]|GROUP|*, :theme NAME, :ack [DURATION] [COMMENT], :resolve, :note TEXT, :hide/:show acked|silenced|inhibited|all, :help or :q', tone: 'critical', at: 5, id: 1});
  });

  it(':ack and :resolve act on the row selected when the line was opened, not on the one selected at Enter', () => {
    const disk = {kind: 'alert' as const, id: 'fp-disk', label: 'DiskFull', rowKey: 'a:fp-disk'};
    const checkout = {kind: 'alert' as const, id: 'fp-checkout', label: 'CheckoutDown', rowKey: 'a:fp-checkout'};
    const opened = run(initialUiState({focus: 'alerts'}), act('command', {target: disk, row: {key: 'a:fp-disk', target: disk}}), typed('ack 2h db'));
    expect(opened.modal).toMatchObject({kind: 'command', row: {key: 'a:fp-disk', target: disk}});
    // The selection moves on meanwhile (DiskFull resolved); Enter arrives with another row selected.
    const acked = run(opened, act('submit', {target: checkout, row: {key: 'a:fp-checkout', target: checkout}}));
    expect(acked.effects).toEqual([{kind: 'ack', durationMs: 7_200_000, comment: 'db', target: disk}]);
    const resolved = run(initialUiState({focus: 'alerts'}), act('command', {row: {key: 'a:fp-disk', target: disk}}), typed('resolve'), act('submit', {row: {key: 'a:fp-checkout', target: checkout}}));
    expect(resolved.effects).toEqual([{kind: 'resolve', target: disk}]);
    // Opened with nothing selected: no target, whatever is selected at Enter.
    expect(run(initialUiState(), act('command'), typed('ack'), act('submit', {row: {key: 'a:fp-checkout', target: checkout}})).effects).toEqual([{kind: 'ack', durationMs: null, comment: '', target: null}]);
  });

  it('is submitted by the submit action as well as the submit event', () => {
    expect(run(initialUiState(), act('command'), typed('ctx a'), act('submit')).effects).toEqual([{kind: 'switch-context', name: 'a'}]);
  });
});

describe('actions on the selected row', () => {
  it('queue run-action effects with the row captured at key press', () => {
    const alert = {kind: 'alert' as const, id: 'fp1', label: 'HighErrorRate'};
    const s = run(initialUiState({focus: 'alerts'}), act('ack', {target: alert}), act('openRunbook', {target: alert}));
    expect(s.effects).toEqual([{kind: 'run-action', action: 'ack', target: alert}, {kind: 'run-action', action: 'openRunbook', target: alert}]);
    expect(run(initialUiState(), act('ack', {target: null})).flash?.text).toBe('Nothing selected');
  });

  it('ask for typed confirmation before a rollback', () => {
    let s = run(initialUiState({focus: 'deploys'}), act('rollback', {target: deploy}));
    expect(s.modal).toEqual({kind: 'confirm', action: 'rollback', target: deploy, expected: 'checkout', draft: '', prev: null});
    expect(s.effects).toEqual([]);
    expect(scopeStack(s)).toEqual(['confirm', 'detail']);
    s = run(s, typed('check'), {type: 'submit', now: 9});
    expect(s.effects).toEqual([]);
    expect(s.flash?.text).toBe('Type "checkout" exactly to confirm, or Esc to cancel');
    s = run(s, typed('out'), {type: 'submit'});
    expect(s.modal).toBeNull();
    expect(s.effects).toEqual([{kind: 'run-action', action: 'rollback', target: deploy}]);
  });

  it('scroll the confirmation with the movement actions, its draft and what it replaced kept', () => {
    let s = run(initialUiState({focus: 'deploys'}), act('rollback', {target: deploy}), typed('che'));
    s = run(s, act('down', {pageSize: 5, modalLines: 40}), act('pageDown', {pageSize: 5, modalLines: 40}));
    expect(s.modal).toMatchObject({kind: 'confirm', draft: 'che', scroll: 6, prev: null});
    // It stops where the last line reaches the bottom.
    s = run(s, act('bottom', {pageSize: 5, modalLines: 40}), act('down', {pageSize: 5, modalLines: 40}));
    expect(s.modal).toMatchObject({scroll: 35, draft: 'che'});
    expect(s.selection.deploys).toBe(0);
  });

  it('return to the overlay the confirmation replaced when cancelled', () => {
    const s = run(initialUiState({focus: 'deploys'}), act('details', {rowCounts: {slos: 0, alerts: 0, deploys: 2}}), act('rollback', {target: {...deploy, confirmText: 'checkout@v41'}}));
    expect(s.modal).toMatchObject({kind: 'confirm', expected: 'checkout@v41', prev: {kind: 'detail', pane: 'deploys', scroll: 0}});
    const back = run(s, act('back'));
    expect(back.modal).toEqual({kind: 'detail', pane: 'deploys', scroll: 0});
    expect(back.flash?.text).toBe('Cancelled');
  });
});

describe('global actions and effects', () => {
  it('toggles pause with a flash, refreshes and quits by effect', () => {
    const s = run(initialUiState(), act('pause', {now: 1}));
    expect(s.paused).toBe(true);
    expect(s.flash).toEqual({text: 'Polling paused', tone: 'info', at: 1, id: 1});
    expect(run(s, act('pause')).flash?.text).toBe('Polling resumed');
    expect(run(s, act('refresh'), act('quit')).effects).toEqual([{kind: 'refresh'}, {kind: 'quit'}]);
  });

  it('drops exactly the effects the view took', () => {
    const s = run(initialUiState(), act('refresh'), act('quit'), {type: 'effects-taken', count: 1});
    expect(s.effects).toEqual([{kind: 'quit'}]);
  });

  it('clears a flash only when it is the one the timer was set for', () => {
    const s = run(initialUiState(), {type: 'flash', text: 'one', tone: 'ok'}, {type: 'flash', text: 'two', tone: 'warn'});
    expect(s.flash).toEqual({text: 'two', tone: 'warn', at: 0, id: 2});
    expect(uiReducer(s, {type: 'clear-flash', id: 1})).toBe(s);
    expect(uiReducer(s, {type: 'clear-flash', id: 2}).flash).toBeNull();
  });
});

describe('asking for a confirmation from the view', () => {
  it('opens a typed confirmation whose submitted target is marked confirmed', () => {
    const target = {kind: 'alert' as const, id: 'f1', label: 'CheckoutHighErrorRate'};
    let s = uiReducer(initialUiState(), {type: 'ask', action: 'ack', target, expected: 'yes'});
    expect(s.modal).toEqual({kind: 'confirm', action: 'ack', target: {...target, confirmed: true}, expected: 'yes', draft: '', prev: null});
    s = uiReducer(s, {type: 'text', text: 'yes'});
    s = uiReducer(s, {type: 'submit'});
    expect(s.modal).toBeNull();
    expect(s.effects).toEqual([{kind: 'run-action', action: 'ack', target: {...target, confirmed: true}}]);
  });
});

describe('hiding quiet alerts', () => {
  it('toggles acked, silenced and inhibited alerts with their keys, saying what is hidden', () => {
    const s = run(initialUiState({focus: 'alerts'}), act('toggleSilenced', {now: 5}));
    expect(s.hidden).toEqual({acked: false, silenced: true, inhibited: false});
    expect(s.flash?.text).toBe('silenced alerts hidden (hiding silenced)');
    const both = run(s, act('toggleAcked'));
    expect(both.hidden).toEqual({acked: true, silenced: true, inhibited: false});
    const back = run(both, act('toggleSilenced'), act('toggleAcked'), act('toggleInhibited'), act('toggleInhibited'));
    expect(back.hidden).toEqual({acked: false, silenced: false, inhibited: false});
    expect(back.flash?.text).toBe('inhibited alerts shown');
  });

  it('hides and shows by command: :hide silenced acked, :show all, and refuses what it does not know', () => {
    const command = (text: string): UiEvent[] => [act('command'), typed(text), {type: 'submit'}];
    const hidden = run(initialUiState(), ...command('hide silenced acks'));
    expect(hidden.hidden).toEqual({acked: true, silenced: true, inhibited: false});
    expect(run(hidden, ...command('show all')).hidden).toEqual({acked: false, silenced: false, inhibited: false});
    const bad = run(initialUiState(), ...command('hide snoozed'));
    expect(bad.hidden).toEqual({acked: false, silenced: false, inhibited: false});
    expect(bad.flash?.text).toBe(':hide: "snoozed" is not acked, silenced, inhibited or all');
  });
});
