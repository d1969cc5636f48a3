/**
 * The dashboard's own actions as records: general keys, navigation, the selected-row actions
 * every pane has (details, filter, copy a link, copy the CLI command) and the text-input keys.
 * The reducer (ui-state.ts) performs the ones that only change what is shown; copying runs here.
 */
import {refusedRunbookAnnotation, runbookUrlOf} from '../domain/runbook.ts';
import {sanitize, webLink} from '../domain/sanitize.ts';
import type {Terminal} from './action-io.ts';
import {action, refuse, type ActionRecord, type ShownText} from './action-record.ts';
import type {Scope} from './action-ids.ts';
import {alertsOf, planAckOf, runbookOwner} from './alert-actions.ts';
import {ackCommands, NO_AMTOOL_TARGET, NO_ROLLBACK_COMMAND, rollbackCommands} from './command-lines.ts';
import {DEFAULT_SHOWN, focusActionOf, PANE_LIST} from './panes.ts';
import {cycle, focus, focusKey, goBack, move, submit, withEffect, withFlash} from './ui-core.ts';
import {groupGrewUnderCursor, movedUnderCursor} from './ui-cursor.ts';
import type {MoveId} from './ui-moves.ts';
import type {ActionEvent, UiState} from './ui-types.ts';

const MOVE_SCOPES: readonly Scope[] = ['help', 'detail', 'timeline'];
const INPUT_SCOPES: readonly Scope[] = ['command', 'confirm'];

// Movement also scrolls the help and details overlays: `move` routes it to whatever is on top.
const moveBy = (id: MoveId) => (state: UiState, ev: ActionEvent) => move(state, id, ev);

/** General keys, in keymap order. */
export const generalActions: readonly ActionRecord[] = [
  action({
    id: 'help', keys: ['?'], scope: 'global', description: 'Show or hide this help', hint: 'help', group: 'General',
    update: (state) => ({...state, modal: state.modal?.kind === 'help' ? null : {kind: 'help', scroll: 0}}),
  }),
  action({id: 'quit', keys: ['q', 'ctrl+c'], scope: 'global', description: 'Quit', hint: 'quit', group: 'General', update: (state) => withEffect({...state, quitRequested: true}, {kind: 'quit'})}),
  action({
    id: 'back', keys: ['escape'], scope: 'global', alsoIn: ['filter', 'command', 'confirm'], group: 'General', hint: 'back',
    description: 'Close the overlay, cancel the input, return from the past to live, or clear the pane filter',
    disabledReason: (ctx) => (ctx.canGoBack === false ? 'nothing to close or clear' : null),
    update: (state, ev) => goBack(state, ev.now),
  }),
  // The past is read once for its instant and never polled: a refresh there reads nothing.
  action({id: 'refresh', keys: ['r'], scope: 'global', description: 'Refresh every pane now', hint: 'refresh', group: 'General', disabledReason: (ctx) => ctx.past ?? null, update: (state) => withEffect(state, {kind: 'refresh'})}),
  // Nor is there polling to pause in the past (it is paused until Esc): `p` there would only
  // flash "Polling paused" and change what live does on return, so it is off with that reason.
  action({
    id: 'pause', keys: ['p'], scope: 'global', description: 'Pause or resume polling', hint: 'pause', group: 'General',
    disabledReason: (ctx) => ctx.past ?? null,
    update: (state, ev) => withFlash({...state, paused: !state.paused}, state.paused ? 'Polling resumed' : 'Polling paused', 'info', ev.now),
  }),
  action({
    id: 'command', keys: [':'], scope: 'global', description: 'Command line (:ctx NAME|a,b|GROUP|*, :theme NAME, :ack, :resolve, :note TEXT, :hide/:show, :help, :q)', hint: 'cmd', group: 'General',
    // Over the timeline the line returns to it, so a `:note` is seen landing there. The row
    // selected now is kept: `:ack` and `:resolve` act on it, not on whatever is selected at Enter.
    // A row that had just moved under the cursor is noted: `:ack` on it is refused once, as `a` is;
    // so is a group header whose group a member had just joined.
    update: (state, ev) => {
      const grew = (key: string) => ev.row?.target.groupFingerprints !== undefined && groupGrewUnderCursor(state, key, ev.now);
      const why: 'moved' | 'grew' | null = !ev.row ? null : movedUnderCursor(state, ev.row.key, ev.now) ? 'moved' : grew(ev.row.key) ? 'grew' : null;
      const moved = why === null ? {} : {moved: why};
      return {...state, modal: {kind: 'command', draft: '', ...(state.modal?.kind === 'timeline' ? {prev: state.modal} : {}), ...(ev.row ? {row: ev.row} : {}), ...moved}};
    },
  }),
];

/** Focus and movement, in keymap order. Movement also scrolls the help and details overlays. */
export const navigationActions: readonly ActionRecord[] = [
  action({
    id: 'focusNext', keys: ['tab'], scope: 'global', description: 'Focus the next pane', hint: 'pane', group: 'Navigation',
    update: (state, ev) => focus(state, cycle(state.focus, 1, ev.shown ?? DEFAULT_SHOWN)),
  }),
  action({
    id: 'focusPrev', keys: ['shift+tab'], scope: 'global', description: 'Focus the previous pane', hint: null, group: 'Navigation',
    update: (state, ev) => focus(state, cycle(state.focus, -1, ev.shown ?? DEFAULT_SHOWN)),
  }),
  ...PANE_LIST.map((p) => action({id: focusActionOf(p.id), keys: [p.key], scope: 'global', description: `Focus the ${p.name} pane`, hint: null, group: 'Navigation', update: (state, ev) => focusKey(state, p.id, ev)})),
  action({id: 'down', keys: ['j', 'down'], scope: 'pane', alsoIn: MOVE_SCOPES, description: 'Move down one row', hint: 'move', group: 'Navigation', update: moveBy('down')}),
  action({id: 'up', keys: ['k', 'up'], scope: 'pane', alsoIn: MOVE_SCOPES, description: 'Move up one row', hint: 'move', group: 'Navigation', update: moveBy('up')}),
  action({id: 'top', keys: ['g', 'home'], scope: 'pane', alsoIn: MOVE_SCOPES, description: 'Jump to the first row', hint: null, group: 'Navigation', update: moveBy('top')}),
  action({id: 'bottom', keys: ['G', 'end'], scope: 'pane', alsoIn: MOVE_SCOPES, description: 'Jump to the last row', hint: null, group: 'Navigation', update: moveBy('bottom')}),
  action({id: 'pageDown', keys: ['pagedown', 'ctrl+d'], scope: 'pane', alsoIn: MOVE_SCOPES, description: 'Move down one page', hint: null, group: 'Navigation', update: moveBy('pageDown')}),
  action({id: 'pageUp', keys: ['pageup', 'ctrl+u'], scope: 'pane', alsoIn: MOVE_SCOPES, description: 'Move up one page', hint: null, group: 'Navigation', update: moveBy('pageUp')}),
];

/**
 * A link to copy, what it is called in the message (`runbook`, `source`, `incident`, `deploy` …),
 * and `refused`: the runbook annotation refused as a link, named when something else is copied.
 */
interface LinkIntent {
  url: string | null;
  what: string;
  refused?: {name: string; value: string};
}

/** The commands `c` copies and shows. */
type CommandIntent = ShownText & {commands: string[]};

/**
 * Copies `text` with OSC 52 and returns the note its message ends with: in tmux, whose default
 * `set-clipboard external` drops an application's OSC 52, the setting that lets it through.
 * Every copy goes through here, so none says "copied" in tmux without it.
 */
function copyToClipboard(terminal: Terminal, text: string): string {
  terminal.copy(text);
  return terminal.env['TMUX'] ? ' (in tmux this needs: set -g set-clipboard on)' : '';
}

/** The actions every pane has on its selected row, in keymap order. */
export const rowActions: readonly ActionRecord[] = [
  action({
    id: 'details', keys: ['enter'], scope: 'pane', description: 'Open the details of the selected row', hint: 'details', group: 'Selected row',
    disabledReason: (ctx) => (ctx.selection ? null : 'nothing selected'),
    update: (state, ev) => {
      if (!ev.rowCounts[state.focus]) return withFlash(state, 'Nothing to show: the pane is empty', 'info', ev.now);
      // The details follow their row by key: when it resolves they say so, never show its neighbour.
      return {...state, modal: {kind: 'detail', pane: state.focus, scroll: 0, ...(ev.row ? {row: ev.row} : {})}};
    },
  }),
  action({
    id: 'filter', keys: ['/'], scope: 'pane', description: 'Filter the focused pane', hint: 'filter', group: 'Selected row',
    update: (state) => ({...state, modal: {kind: 'filter', pane: state.focus, draft: state.filters[state.focus], held: {index: state.selection[state.focus], anchor: state.anchors[state.focus]}}}),
  }),
  action<LinkIntent>({
    id: 'copyLink', keys: ['y'], scope: 'pane', alsoIn: ['detail', 'timeline'], hint: 'copy', group: 'Selected row',
    description: 'Copy the link of the selected row or event (OSC 52)',
    disabledReason: (ctx) => (!ctx.selection ? 'nothing selected' : ctx.selection.hasLink ? null : `this ${ctx.selection.kind === 'event' ? 'event' : 'row'} has no link`),
    plan: ({target, data}) => {
      // A timeline event's runbook is resolved as `o` resolves it, with its context's template.
      if (target.kind === 'event') {
        const url = target.eventAlert ? runbookUrlOf(target.eventAlert, data.runbookTemplate) : (target.eventUrl ?? null);
        return {kind: 'run', intent: {url, what: target.eventAlert ? 'runbook' : 'event'}};
      }
      if (target.kind !== 'alert') return {kind: 'run', intent: {url: data.deploys.find((d) => d.id === target.id)?.url ?? null, what: target.kind}};
      const owner = runbookOwner(target, data);
      const whose = owner?.whose ?? '';
      const url = owner ? runbookUrlOf(owner.alert, data.runbookTemplate) : null;
      if (url) return {kind: 'run', intent: {url, what: `runbook${whose}`}};
      // No runbook link: the row's generator URL is copied, named as the details name it (a
      // Prometheus graph is its source, a PagerDuty row's is its incident page), never "runbook".
      const row = data.alerts.get(`a:${target.id}`);
      const refused = owner ? refusedRunbookAnnotation(owner.alert) : null;
      const what = !row?.generatorUrl ? `runbook${whose}` : row.source !== undefined && row.incident ? 'incident' : 'source';
      return {kind: 'run', intent: {url: row?.generatorUrl ?? null, what, ...(refused ? {refused: {name: `${refused.name}${whose}`, value: refused.value}} : {})}};
    },
    run: ({url, what, refused}, deps) => {
      const notRunbook = refused ? `${refused.name} not copied: ${sanitize(refused.value)} is not a plain http(s) URL` : null;
      if (!url) return {text: notRunbook ?? `no ${what} link to copy`, tone: 'warn'};
      // A deploy's or event's URL comes from a backend as it is (a JSON feed may send
      // `javascript:`): only a plain web link is copied, in the form `o` would open.
      const link = webLink(url);
      if (link === null) return {text: `${what} link not copied: ${sanitize(url)} is not a plain http(s) URL${notRunbook ? `; ${notRunbook}` : ''}`, tone: 'warn'};
      const tmux = copyToClipboard(deps.terminal, link);
      // The refusal before the link: a long graph URL must not push it out of a narrow footer.
      if (refused) return {text: `copied ${what} link (${refused.name} not copied: not a plain http(s) URL): ${link}${tmux}`, tone: 'warn'};
      return {text: `copied ${what} link: ${link}${tmux}`, tone: 'ok'};
    },
  }),
  action<CommandIntent>({
    // In the details too: keys pressed there act on the details' row (README, Keys).
    id: 'copyCommand', keys: ['c'], scope: 'pane', alsoIn: ['detail'], hint: null, group: 'Selected row',
    description: "Show and copy (OSC 52) the row's CLI command",
    disabledReason: (ctx) => {
      if (!ctx.selection) return 'nothing selected';
      if (ctx.selection.kind === 'alert') {
        if (!ctx.hasAlertmanager) return 'no Alertmanager that accepts silences is configured';
        // The refusal `c` would give, said before it is pressed: dimmed, and `?` names it.
        return ctx.hasAmtoolTarget === false ? NO_AMTOOL_TARGET : null;
      }
      if (!ctx.hasRollback) return 'no rollback backend is configured';
      if (ctx.hasRollbackCommand === false) return NO_ROLLBACK_COMMAND;
      return ctx.selection.rollbackPlan ? null : 'nothing to roll back for this row';
    },
    plan: ({target, data}) => {
      const alerts = target.kind === 'alert' ? alertsOf(target, data) : [];
      const copied =
        target.kind !== 'alert' ? rollbackCommands(target, data.deploys, data.services)
        : alerts.length === 0 ? {error: 'the alert is gone (resolved?)'}
        : ackCommands(planAckOf(alerts, data), data.services);
      if ('error' in copied) return refuse(`c: ${copied.error}`);
      return {kind: 'run', intent: {title: copied.title, commands: copied.commands, lines: [...copied.commands.flatMap((c) => [c, '']), ...copied.notes.map((n) => `note: ${n}`)]}};
    },
    run: ({title, commands, lines}, deps) => {
      // One line (OSC 52 copies are sanitized: a newline would not survive): `;` runs each.
      const tmux = copyToClipboard(deps.terminal, commands.join('; '));
      const more = commands.length > 1 ? ` (+${commands.length - 1} more)` : '';
      return {text: `copied: ${commands[0]}${more}${tmux}`, tone: 'ok', show: {title, lines}};
    },
  }),
];

const cancelInputDescription = (back: string | null): string =>
  `Cancel the input${back === null ? '' : `, as ${back} does`} (Ctrl+C quits only outside a text input)`;

/** One Enter for every text input: the reducer knows which input is open. */
export const textInputActions: readonly ActionRecord[] = [
  action({id: 'submit', keys: ['enter'], scope: 'filter', alsoIn: INPUT_SCOPES, hint: 'ok', group: 'Text input', description: 'Apply the filter, run the command, or confirm', update: (state, ev) => submit(state, ev.now, ev.confirmHold, ev.cancelKey)}),
  // Ctrl+C is the key people reach for to get out; `quit` is global, which a text input hides,
  // so without this a filter, `:` or `R` opened by mistake dropped it without a word.
  action({
    id: 'cancelInput', keys: ['ctrl+c'], scope: 'filter', alsoIn: INPUT_SCOPES, hint: null, group: 'Text input',
    description: cancelInputDescription('Esc'),
    // Back's key in a text input, which a pane's key cannot shadow there.
    describeFor: (keyOf) => cancelInputDescription(keyOf('back', ['filter'])),
    update: (state, ev) => goBack(state, ev.now),
  }),
];
