/**
 * The timeline's keys as action records: `t` opens the timeline of the selected row's service,
 * `T` of everything; inside it `/` filters and Enter travels to the selected event's instant
 * (the dashboard as it was then, until Esc). All view-only: the timeline's data is read by the
 * view (`view/hooks/use-timeline.ts`), the past dashboard fed by `view/hooks/use-time-travel.ts`.
 */
import {action, type ActionRecord} from './action-record.ts';
import {withFlash} from './ui-core.ts';
import type {UiState} from './ui-types.ts';

/** The state with the timeline of `service` (null: everything) open, newest event selected. */
export function openTimeline(state: UiState, service: string | null): UiState {
  return {...state, modal: {kind: 'timeline', service, filter: '', selected: 0}};
}

/** Opening the timeline, from any pane. */
export const timelineActions: readonly ActionRecord[] = [
  action({
    id: 'timeline', keys: ['t'], scope: 'pane', hint: 'timeline', group: 'Timeline',
    description: "Open the timeline of the selected row's service: alerts, SLO status changes, deploys, acks, rollbacks and notes, newest first",
    disabledReason: (ctx) => (ctx.selection?.service ? null : 'the selected row names no service (T shows everything)'),
    update: (state, ev) => (ev.target?.service ? openTimeline(state, ev.target.service) : withFlash(state, 't: the selected row names no service (T shows everything)', 'info', ev.now)),
  }),
  action({
    id: 'timelineAll', keys: ['T'], scope: 'global', hint: null, group: 'Timeline',
    description: 'Open the timeline of every service',
    update: (state) => openTimeline(state, null),
  }),
];

/** Inside the open timeline. */
export const timelineViewActions: readonly ActionRecord[] = [
  action({
    id: 'timelineFilter', keys: ['/'], scope: 'timeline', hint: 'filter', group: 'Timeline',
    description: 'Filter the timeline: words that must all occur in an event (kind, service, text, author, source)',
    update: (state) => (state.modal?.kind === 'timeline' ? {...state, modal: {kind: 'timeline-filter', draft: state.modal.filter, timeline: state.modal}} : state),
  }),
  action({
    id: 'timeTravel', keys: ['enter'], scope: 'timeline', hint: 'go back to then', group: 'Timeline',
    description: 'Show the dashboard as it was at the selected event: SLOs, alerts and deploys of that instant, polling paused, ack and rollback off; Esc returns to live',
    update: (state, ev) => (ev.eventAt === undefined ? withFlash(state, 'No event selected', 'info', ev.now) : {...state, modal: null, pastAt: ev.eventAt}),
  }),
];
