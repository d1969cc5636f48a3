import {describe, expect, it} from 'vitest';
import {confirmKeys, footerHints, helpTitleKeys, overlayKeyHints, overlayTitleKeys} from '../../src/actions/key-hints.ts';
import {defaultKeymap, type ActionContext} from '../../src/actions/keymap.ts';
import {createRegistry} from '../../src/actions/registry.ts';

const alert = {kind: 'alert' as const, id: 'fp1', label: 'HighErrorRate', acked: false, hasRunbook: true, hasLink: true};
const ctx = (over: Partial<ActionContext> = {}): ActionContext => ({readOnly: false, hasAlertmanager: true, hasRollback: true, selection: alert, canGoBack: false, ...over});
const reg = (readOnly = false, overrides = {}) => createRegistry(defaultKeymap, overrides, {readOnly}).registry;
const flat = (hints: ReturnType<typeof footerHints>) => hints.map((h) => `${h.keys} ${h.hint}${h.disabled ? ' (off)' : ''}`);

describe('footerHints', () => {
  it('shows the focused pane first, then any-pane, then global hints, merging j/k', () => {
    expect(flat(footerHints(reg(), ['alerts', 'pane', 'global'], ctx()))).toEqual([
      'a ack', 'u unack (off)', 'o runbook', 'R rollback (off)', 'j/k move', 'enter details', '/ filter', 'y copy', 't timeline (off)',
      '? help', 'q quit', 'esc back (off)', 'r refresh', 'p pause', ': cmd', 'tab pane',
    ]);
  });

  it('shows only the overlay keys inside a text input', () => {
    expect(flat(footerHints(reg(), ['filter'], ctx({canGoBack: true})))).toEqual(['esc back', 'enter ok']);
  });

  it('leaves out read-only removals and keys shadowed by a higher scope', () => {
    expect(flat(footerHints(reg(true), ['alerts', 'pane', 'global'], ctx())).slice(0, 2)).toEqual(['o runbook', 'j/k move']);
    const shadowed = footerHints(reg(false, {ack: 'q'}), ['alerts', 'pane', 'global'], ctx());
    // `q` now reaches ack, so quit is advertised by its other key.
    expect(shadowed.find((h) => h.hint === 'quit')?.keys).toBe('ctrl+c');
    expect(shadowed[0]).toEqual({keys: 'q', hint: 'ack', disabled: false, ids: ['ack']});
  });

  it('says what o opens: the alert\'s runbook, the group\'s shared one, or the first firing alert\'s', () => {
    const hint = (runbook: NonNullable<ActionContext['selection']>['runbook']) =>
      footerHints(reg(), ['alerts', 'pane', 'global'], ctx({selection: {...alert, runbook}})).find((h) => h.ids.includes('openRunbook'))?.hint;
    expect(hint({fingerprint: 'fp1', how: 'alert', name: 'HighErrorRate'})).toBe('runbook');
    expect(hint({fingerprint: 'fp1', how: 'shared', name: 'HighErrorRate'})).toBe('group runbook');
    expect(hint({fingerprint: 'fp1', how: 'first-firing', name: 'HighErrorRate'})).toBe('1st firing runbook');
  });

  it('follows overrides', () => {
    expect(flat(footerHints(reg(false, {refresh: 'ctrl+r'}), ['global'], ctx())).includes('ctrl+r refresh')).toBe(true);
  });
});

describe('overlayKeyHints', () => {
  const event = {kind: 'event' as const, id: 'e1', label: 'CheckoutHighErrorRate', hasLink: true, hasRunbook: true, eventAlert: {name: 'CheckoutHighErrorRate', labels: {}}};
  it("lists the timeline's own keys as the footer names them, movement left out, then the way out", () => {
    const timeline = ctx({selection: event as unknown as ActionContext['selection'], canGoBack: true});
    expect(flat(overlayKeyHints(reg(), 'timeline', timeline))).toEqual(['y copy', '/ filter', 'enter go back to then', 'o runbook', 'esc back']);
    // A key rebound in the config is the one listed.
    expect(flat(overlayKeyHints(reg(false, {timelineRunbook: 'O'}), 'timeline', timeline))).toContain('O runbook');
  });
});

describe('overlayTitleKeys', () => {
  it('names the keys that leave and scroll an overlay as they reach it', () => {
    expect(overlayTitleKeys(reg(), ['detail', 'alerts', 'global'])).toBe('Esc back, j/k scroll');
    // In a typed confirmation the letters are text: its named keys scroll it.
    expect(overlayTitleKeys(reg(), ['confirm', 'detail'])).toBe('Esc back, ↓/↑ scroll');
  });

  it('follows the `keys:` overrides', () => {
    expect(overlayTitleKeys(reg(false, {down: ['n', 'down'], up: ['e', 'up'], back: ['ctrl+g']}), ['detail', 'alerts', 'global'])).toBe('ctrl+g back, n/e scroll');
    expect(overlayTitleKeys(reg(false, {down: ['n'], up: ['e']}), ['confirm', 'detail'])).toBe('Esc back');
  });
});

describe('helpTitleKeys and confirmKeys', () => {
  it('name the keys that close and scroll the help, and confirm and cancel a confirmation, as bound', () => {
    expect(helpTitleKeys(reg(), ['help', 'global'])).toBe('? or Esc to close, j/k to scroll');
    expect(helpTitleKeys(reg(false, {help: 'f1', back: 'ctrl+g', down: 'n', up: 'e'}), ['help', 'global'])).toBe('f1 or ctrl+g to close, n/e to scroll');
    expect(confirmKeys(reg(), ['confirm', 'detail'])).toEqual({submit: 'Enter', back: 'Esc'});
    expect(confirmKeys(reg(false, {back: 'ctrl+g'}), ['confirm', 'detail'])).toEqual({submit: 'Enter', back: 'ctrl+g'});
  });
});
