import {describe, expect, it} from 'vitest';
import {helpSections, footerHints} from '../../src/actions/key-hints.ts';
import {defaultKeymap, type ActionContext} from '../../src/actions/keymap.ts';
import {createRegistry} from '../../src/actions/registry.ts';

const alert = {kind: 'alert' as const, id: 'fp1', label: 'HighErrorRate', acked: false, hasRunbook: true, hasLink: true};
const ctx = (over: Partial<ActionContext> = {}): ActionContext => ({readOnly: false, hasAlertmanager: true, hasRollback: true, selection: alert, canGoBack: false, ...over});
const reg = (readOnly = false, overrides = {}) => createRegistry(defaultKeymap, overrides, {readOnly}).registry;
const flat = (hints: ReturnType<typeof footerHints>) => hints.map((h) => `${h.keys} ${h.hint}${h.disabled ? ' (off)' : ''}`);

describe('footerHints', () => {
  it('shows the focused pane first, then any-pane, then global hints, merging j/k', () => {
    expect(flat(footerHints(reg(), ['alerts', 'pane', 'global'], ctx()))).toEqual([
      'a ack', 'u unack (off)', 'o runbook', 'R rollback (off)', 'j/k move', 'enter details', '/ filter', 'y copy',
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

  it('follows overrides', () => {
    expect(flat(footerHints(reg(false, {refresh: 'ctrl+r'}), ['global'], ctx())).includes('ctrl+r refresh')).toBe(true);
  });
});

describe('helpSections', () => {
  it('lists every binding exactly once, grouped, with keys and where they work', () => {
    const sections = helpSections(reg(), ctx());
    expect(sections.map((s) => s.title)).toEqual(['General', 'Navigation', 'Selected row', 'Alerts', 'Deploys', 'Text input']);
    const ids = sections.flatMap((s) => s.rows.map((r) => r.id));
    expect(ids.sort()).toEqual(defaultKeymap.map((b) => b.id).sort());
    const down = sections[1]!.rows.find((r) => r.id === 'down');
    expect(down).toEqual({id: 'down', keys: 'j, ↓', description: 'Move down one row', where: 'any pane, help, details', dangerous: false, disabled: null});
  });

  it('keeps read-only removals, marked disabled with the reason', () => {
    const rows = helpSections(reg(true), ctx()).flatMap((s) => s.rows);
    expect(rows.find((r) => r.id === 'rollback')).toEqual({
      id: 'rollback', keys: 'R', description: 'Roll back the selected deploy, or the suspect deploy of the selected alert or SLO', where: 'deploys pane, alerts pane, SLO pane', dangerous: true, disabled: 'read-only context',
    });
    expect(rows.find((r) => r.id === 'ack')?.disabled).toBe('read-only context');
    expect(rows.find((r) => r.id === 'openRunbook')?.disabled).toBeNull();
  });

  it('shows unbound actions', () => {
    const rows = helpSections(reg(false, {refresh: []}), ctx()).flatMap((s) => s.rows);
    expect(rows.find((r) => r.id === 'refresh')?.keys).toBe('unbound');
  });
});
