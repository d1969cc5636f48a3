/**
 * The timeline's keys as action records: `t` opens the timeline of the selected row's service,
 * `T` of everything; inside it `/` filters, Enter travels to the selected event's instant
 * (the dashboard as it was then, until Esc) and `o` opens an alert event's runbook. All but `o`
 * view-only: the timeline's data is read by the view (`view/hooks/use-timeline.ts`), the past
 * dashboard fed by `view/hooks/use-time-travel.ts`; `o` runs the alert rows' `openRunbook`.
 */
import {action, refuse, type ActionRecord} from './action-record.ts';
import type {SelectionInfo} from './keymap.ts';
import {openRunbook, type RunbookIntent} from './runbook-open.ts';
import {withFlash} from './ui-core.ts';
import type {UiState} from './ui-types.ts';

/** The state with the timeline of `service` (null: everything) open, newest event selected. */
export function openTimeline(state: UiState, service: string | null): UiState {
  return {...state, modal: {kind: 'timeline', service, filter: '', selected: 0, anchor: null}};
}

/** Why `o` cannot open a runbook for the selected timeline event, or null when it can. */
export function eventRunbookReason(selection: SelectionInfo | null): string | null {
  if (selection?.kind !== 'event') return 'no event selected';
  if (!selection.eventAlert) return 'only alert events have a runbook';
  // The rules read may have failed (a note above the events says so): "known", not "none".
  return selection.hasRunbook ? null : "no runbook known for this alert (none from today's rule or runbookTemplate)";
}

/** Opening the timeline, from any pane. */
export const timelineActions: readonly ActionRecord[] = [
  action({
    // In the details too, for the details' row (its service), as their other row keys act.
    id: 'timeline', keys: ['t'], scope: 'pane', alsoIn: ['detail'], hint: 'timeline', group: 'Timeline',
    description: "Timeline of the selected row's service",
    disabledReason: (ctx) => (ctx.selection?.service ? null : 'the selected row names no service (T shows everything)'),
    update: (state, ev) => (ev.target?.service ? openTimeline(state, ev.target.service) : withFlash(state, 't: the selected row names no service (T shows everything)', 'info', ev.now)),
  }),
  action({
    id: 'timelineAll', keys: ['T'], scope: 'global', hint: null, group: 'Timeline',
    description: 'Open the timeline of every service',
    update: (state) => openTimeline(state, null),
  }),
];

// The key back has in the focused pane, where the past is read; none named when it has none.
const timeTravelDescription = (back: string | null): string =>
  `Show the dashboard as it was at the selected event: SLOs, alerts and deploys of that instant, polling paused, ack and rollback off${back === null ? '' : `; ${back} returns to live`}`;

/** Inside the open timeline. */
export const timelineViewActions: readonly ActionRecord[] = [
  action({
    id: 'timelineFilter', keys: ['/'], scope: 'timeline', hint: 'filter', group: 'Timeline',
    description: 'Filter the timeline: words that must all occur in an event (kind, service, text, author, source)',
    update: (state) => (state.modal?.kind === 'timeline' ? {...state, modal: {kind: 'timeline-filter', draft: state.modal.filter, timeline: state.modal}} : state),
  }),
  action({
    id: 'timeTravel', keys: ['enter'], scope: 'timeline', hint: 'go back to then', group: 'Timeline',
    description: timeTravelDescription('Esc'),
    describeFor: (keyOf) => timeTravelDescription(keyOf('back')),
    update: (state, ev) => (ev.eventAt === undefined ? withFlash(state, 'No event selected', 'info', ev.now) : {...state, modal: null, pastAt: ev.eventAt}),
  }),
  action<RunbookIntent>({
    id: 'timelineRunbook', keys: ['o'], scope: 'timeline', hint: 'runbook', group: 'Timeline',
    description: "Open the selected alert event's runbook as o does on an alert row: today's rule's link (history keeps no annotations, so it is said to be today's), else runbookTemplate's",
    disabledReason: (ctx) => eventRunbookReason(ctx.selection),
    nowFor: (ctx) => (ctx.selection?.eventAlert?.ruleRunbook !== undefined ? "the runbook of today's rule of the event's alert (the rule may have changed since)" : null),
    plan: ({target}) => {
      const reason = eventRunbookReason(target);
      return reason === null && target.eventAlert ? {kind: 'run', intent: {alert: target.eventAlert, whose: ''}} : refuse(`runbook: ${reason ?? 'no event selected'}`);
    },
    run: openRunbook,
  }),
];
