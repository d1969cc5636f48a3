import {describe, expect, it} from 'vitest';
import {helpSections} from '../../src/actions/help-sections.ts';
import {defaultKeymap, type ActionContext, type SelectionInfo} from '../../src/actions/keymap.ts';
import {createRegistry} from '../../src/actions/registry.ts';

const alert: SelectionInfo = {kind: 'alert', id: 'fp1', label: 'HighErrorRate', acked: false, hasRunbook: true, hasLink: true};
const ctx = (over: Partial<ActionContext> = {}): ActionContext => ({readOnly: false, hasAlertmanager: true, hasRollback: true, selection: alert, canGoBack: false, ...over});
const reg = (readOnly = false, overrides = {}) => createRegistry(defaultKeymap, overrides, {readOnly}).registry;
const ids = (sections: ReturnType<typeof helpSections>, title: string) => sections.find((s) => s.title === title)?.rows.map((r) => r.id);

describe('helpSections', () => {
  it("puts the focused pane's actions first, then navigation, global keys, other panes and text input", () => {
    const sections = helpSections(reg(), ctx(), 'alerts');
    expect(sections.map((s) => s.title)).toEqual(['Alerts pane (focused)', 'Navigation', 'General', 'Other panes', 'Without a key', 'Text input']);
    expect(ids(sections, 'Alerts pane (focused)')).toEqual(['ack', 'ackGroup', 'unack', 'openRunbook', 'rollback', 'details', 'filter', 'copyLink', 'copyCommand', 'timeline', 'toggleAcked', 'toggleSilenced', 'toggleInhibited']);
    expect(ids(sections, 'General')).toEqual(['help', 'quit', 'back', 'refresh', 'pause', 'command', 'timelineAll']);
    // Every binding exactly once.
    expect(sections.flatMap((s) => s.rows.map((r) => r.id)).sort()).toEqual(defaultKeymap.map((b) => b.id).sort());
  });

  it("lists the alert actions under other panes, saying where, when another pane has focus", () => {
    const sections = helpSections(reg(), ctx({selection: null}), 'deploys');
    expect(sections[0]!.title).toBe('Deploys pane (focused)');
    expect(ids(sections, 'Deploys pane (focused)')).toEqual(['rollback', 'details', 'filter', 'copyLink', 'copyCommand', 'timeline']);
    const other = sections.find((s) => s.title === 'Other panes')!;
    expect(other.showWhere).toBe(true);
    expect(other.rows.map((r) => `${r.keys} (${r.where})`)).toEqual(['a (alerts pane)', 'A (alerts pane)', 'u (alerts pane)', 'o (alerts pane)', '/ (timeline)', 'enter (timeline)', 'o (timeline)', 'h (alerts pane)', 's (alerts pane)', 'i (alerts pane)']);
    expect(sections[0]!.showWhere).toBe(false);
  });

  it('keeps read-only removals, marked disabled with the reason', () => {
    const rows = helpSections(reg(true), ctx(), 'alerts').flatMap((s) => s.rows);
    expect(rows.find((r) => r.id === 'rollback')).toEqual({
      id: 'rollback', keys: 'R', description: 'Roll back the selected or suspect deploy', where: 'deploys pane, alerts pane, SLO pane', dangerous: true, disabled: 'read-only context', now: null, shadowed: [],
    });
    expect(rows.find((r) => r.id === 'ack')?.disabled).toBe('read-only context');
    expect(rows.find((r) => r.id === 'openRunbook')?.disabled).toBeNull();
  });

  it('says a reason several rows share once, for the section, naming their keys', () => {
    const [focused, , general] = helpSections(reg(true), ctx(), 'alerts');
    expect(focused!.shared).toEqual([{reason: 'read-only context', keys: ['a', 'A', 'u', 'R']}]);
    // A reason of one row only stays on its row.
    expect(general!.shared).toEqual([]);
    const empty = helpSections(reg(), ctx({selection: null}), 'alerts')[0]!;
    expect(empty.shared).toEqual([
      {reason: 'select an alert first', keys: ['a', 'A', 'u', 'o']},
      {reason: 'nothing selected', keys: ['enter', 'y', 'c']},
    ]);
    // An unbound action has no key to name: it keeps its own reason.
    const unbound = helpSections(reg(true, {ack: []}), ctx(), 'alerts').find((s) => s.title === 'Without a key')!;
    expect(unbound.shared).toEqual([]);
    expect(unbound.rows.find((r) => r.id === 'ack')?.disabled).toBe('read-only context');
  });

  it("says the context's reason once, for the section, even for one key: no Alertmanager URL for amtool", () => {
    const [focused] = helpSections(reg(), ctx({hasAmtoolTarget: false}), 'alerts');
    expect(focused!.shared).toEqual([{reason: 'no Alertmanager with a URL to give amtool', keys: ['c']}]);
    // The row stays disabled (drawn dimmed), its reason said by the title.
    expect(focused!.rows.find((r) => r.id === 'copyCommand')?.disabled).toBe('no Alertmanager with a URL to give amtool');
  });

  it('says which runbook o opens now', () => {
    const group: SelectionInfo = {...alert, id: 'g:1', label: 'HighErrorRate · checkout', groupFingerprints: ['a', 'b'], runbook: {fingerprint: 'b', how: 'first-firing', name: 'HighErrorRate'}};
    const row = (selection: SelectionInfo) => helpSections(reg(), ctx({selection}), 'alerts')[0]!.rows.find((r) => r.id === 'openRunbook')!;
    expect(row(group).now).toBe("HighErrorRate's runbook (first firing; the group's differ)");
    expect(row({...group, runbook: {fingerprint: 'a', how: 'shared', name: 'HighErrorRate'}}).now).toBe("the group's runbook");
    // An alert row's runbook is its own: nothing to add.
    expect(row({...alert, runbook: {fingerprint: 'fp1', how: 'alert', name: 'HighErrorRate'}}).now).toBeNull();
    // Nothing to say when o cannot run.
    expect(row({...group, hasRunbook: false, runbook: undefined} as SelectionInfo)).toMatchObject({now: null, disabled: 'no alert of this group has a runbook'});
  });

  it('shows unbound actions after every key, saying where they work, so they never push keys off the first screen', () => {
    const sections = helpSections(reg(false, {refresh: [], ack: []}), ctx(), 'alerts');
    expect(sections.flatMap((s) => s.rows).find((r) => r.id === 'refresh')?.keys).toBe('unbound');
    expect(ids(sections, 'Alerts pane (focused)')).not.toContain('ack');
    expect(ids(sections, 'General')).not.toContain('refresh');
    const unbound = sections.find((s) => s.title === 'Without a key')!;
    expect(unbound.showWhere).toBe(true);
    expect(unbound.rows.map((r) => `${r.id} (${r.where})`)).toEqual(['refresh (everywhere)', 'ack (alerts pane)', 'resolve (alerts pane)']);
  });
});
