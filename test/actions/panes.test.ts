import {describe, expect, it} from 'vitest';
import {ACTION_IDS, SCOPES} from '../../src/actions/action-ids.ts';
import {defaultKeymap} from '../../src/actions/keymap.ts';
import {DEFAULT_SHOWN, FOCUS_ACTIONS, PANE_LIST, PANES, focusActionOf, isFocusAction, paneOfFocusAction} from '../../src/actions/panes.ts';
import {initialUiState, uiReducer, type UiEvent} from '../../src/actions/ui-state.ts';

const act = (id: (typeof ACTION_IDS)[number], shown?: readonly (typeof PANES)[number][]): UiEvent => ({type: 'action', id, rowCounts: {}, pageSize: 5, now: 1, ...(shown ? {shown} : {})});

describe('panes as data', () => {
  it('gives every pane a scope, a focus action bound to its number, and nothing else a focus action', () => {
    for (const [i, p] of PANE_LIST.entries()) {
      expect(p.key).toBe(String(i + 1));
      expect(SCOPES).toContain(p.id);
      const binding = defaultKeymap.find((b) => b.id === focusActionOf(p.id));
      expect(binding).toMatchObject({keys: [p.key], scope: 'global', description: `Focus the ${p.name} pane`});
      expect(paneOfFocusAction(focusActionOf(p.id))).toBe(p.id);
    }
    expect(ACTION_IDS.filter(isFocusAction)).toEqual(FOCUS_ACTIONS);
    // Right after Tab and Shift-Tab, as the keymap, help and docs list them.
    expect(ACTION_IDS.indexOf(FOCUS_ACTIONS[0]!)).toBe(ACTION_IDS.indexOf('focusPrev') + 1);
  });

  it('keeps one selection, anchor and filter per pane in the UI state', () => {
    const s = initialUiState();
    expect(Object.keys(s.selection)).toEqual([...PANES]);
    expect(Object.keys(s.anchors)).toEqual([...PANES]);
    expect(Object.keys(s.filters)).toEqual([...PANES]);
  });

  it('Tab cycles through the panes the view says are shown, the others by default', () => {
    const s0 = initialUiState();
    expect(DEFAULT_SHOWN.length).toBeGreaterThan(0);
    expect(uiReducer(s0, act('focusNext', ['slos', 'deploys'])).focus).toBe('deploys');
    expect(uiReducer(s0, act('focusPrev', ['slos', 'deploys'])).focus).toBe('deploys');
    expect(uiReducer(uiReducer(s0, act('focusNext', ['slos', 'deploys'])), act('focusNext', ['slos', 'deploys'])).focus).toBe('slos');
  });

  it('a change of the panes shown moves a focus left on a pane no longer drawn to the first shown', () => {
    const onPanels = uiReducer(initialUiState(), act('focusPanels', [...PANES]));
    expect(onPanels.focus).toBe('panels');
    const moved = uiReducer(onPanels, {type: 'shown-panes', panes: ['alerts', 'deploys']});
    expect(moved.focus).toBe('alerts');
    // A pane still shown keeps the focus, and the state is the same object (no re-render).
    const onDeploys = uiReducer(initialUiState(), act('focusDeploys', [...PANES]));
    expect(uiReducer(onDeploys, {type: 'shown-panes', panes: ['slos', 'alerts', 'deploys']})).toBe(onDeploys);
  });

  it("the vanished pane's details and filter close with it; an overlay of another stays", () => {
    const onPanels = uiReducer(initialUiState(), act('focusPanels', [...PANES]));
    const shown = {type: 'shown-panes', panes: ['slos', 'alerts', 'deploys']} as const;
    const filtering = uiReducer(onPanels, act('filter'));
    expect(filtering.modal).toMatchObject({kind: 'filter', pane: 'panels'});
    expect(uiReducer(filtering, shown)).toMatchObject({focus: 'slos', modal: null});
    const details = {...onPanels, modal: {kind: 'detail' as const, pane: 'panels' as const, scroll: 0}};
    expect(uiReducer(details, shown)).toMatchObject({focus: 'slos', modal: null});
    const command = {...onPanels, modal: {kind: 'command' as const, draft: 'ctx a'}};
    expect(uiReducer(command, shown)).toMatchObject({focus: 'slos', modal: {kind: 'command', draft: 'ctx a'}});
  });

  it('a focus key for a pane not shown says so and leaves the focus', () => {
    const s = uiReducer(initialUiState(), act('focusAlerts', ['slos', 'deploys']));
    expect(s.focus).toBe('slos');
    expect(s.flash).toMatchObject({text: 'No alerts pane in this context', tone: 'info'});
  });
});
