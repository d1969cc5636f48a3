/**
 * The types of the UI state (ui-state.ts): the overlay, the flash, the effects, the state and
 * the events. Apart from the reducer so the action records can name them without a cycle.
 */
import type {HiddenKinds} from '../domain/alert-states.ts';
import type {ActionId, Pane} from './action-ids.ts';
import type {ShownText} from './action-record.ts';
import type {SelectionInfo} from './keymap.ts';
import type {CursorRow} from './ui-cursor.ts';
import type {KeyedRow, SelectionAnchor, Selections} from './ui-selection.ts';

/**
 * The timeline overlay (`t`, `T`): one service's events (null: all), its applied filter and the
 * selected event. The selection follows the event, as the panes' follows a row: `anchor` is its
 * key (see `timelineEventKey`) and its neighbours', `selected` only where it was last seen
 * (newest first). A note or a newly read alert lands on top and moves the rows down; held as an
 * index, the selection would land on another event and Enter, `o` and `y` would act on it.
 */
export interface TimelineModal {
  kind: 'timeline';
  service: string | null;
  filter: string;
  selected: number;
  /** Null until an event is chosen: the selection then stays on the newest event, whichever it is. */
  anchor: SelectionAnchor | null;
}

/**
 * A row chosen by a key press: its key as the screen's table draws it, and what it is. An
 * overlay that acts on a row later (the details, the command line) keeps this, never an index:
 * when the row resolves meanwhile, another row slides into its place.
 */
export interface PickedRow {
  key: string;
  target: SelectionInfo;
}

/** One pane's selection as the state holds it: where its row was last seen, and the row's anchor. */
export interface HeldSelection {
  index: number;
  anchor: SelectionAnchor | null;
}

/** The overlay on top of the panes, if any. `confirm` remembers the overlay it replaced. */
export type Modal =
  | {kind: 'help'; scroll: number}
  /**
   * `text`: shown instead of the row's details (a runbook read here, a copied command). `row`:
   * the row whose details these are, followed by its key (absent: the pane's selected row).
   */
  | {kind: 'detail'; pane: Pane; scroll: number; text?: ShownText; row?: PickedRow}
  /**
   * `held`: the pane's selection when the input opened. The draft filters live and moves the
   * selection (its row filtered out: to a neighbour, or to the top); Esc gives this back.
   */
  | {kind: 'filter'; pane: Pane; draft: string; held: HeldSelection}
  /**
   * `prev`: the timeline it was opened over, which it returns to (a `:note` lands in it). `row`:
   * the row selected when it was opened, which `:ack` and `:resolve` act on (absent: none).
   * `moved`: that row had come under the cursor by itself a moment before (`'moved'`), or a member
   * had just joined its group (`'grew'`: ui-cursor.ts), so `:ack` or `:resolve` on it is refused
   * once, as `a` would be, saying which.
   */
  | {kind: 'command'; draft: string; prev?: TimelineModal; row?: PickedRow; moved?: 'moved' | 'grew'}
  | TimelineModal
  /** Typing the timeline's filter: it applies as typed; Enter keeps it, Esc returns to `timeline` as it was. */
  | {kind: 'timeline-filter'; draft: string; timeline: TimelineModal}
  /**
   * `intent`: what the action planned (an ack's plan); the confirmed run runs exactly this.
   * `scroll`: how far the list it shows (the other alerts an ack would silence) is scrolled by
   * the named movement keys (absent: its top).
   */
  | {kind: 'confirm'; action: ActionId; target: SelectionInfo; expected: string; draft: string; prev: Modal | null; intent?: unknown; scroll?: number};

/**
 * Why Enter on a confirmation must send nothing now, as the confirmation was last drawn (a
 * rollback's before its action log check was read: `unreadLogHold`). `idempotencyKey` names the
 * rollback it holds; `text` is said in the footer as the confirmation closes.
 */
export interface ConfirmHold {
  idempotencyKey: string;
  text: string;
}

/** Tone of a flash message; the view maps it to a theme token. */
export type FlashTone = 'info' | 'ok' | 'warn' | 'critical';

/** A short message in the footer. `id` tells a stale expiry timer from a current one. */
export interface Flash {
  text: string;
  tone: FlashTone;
  /** Epoch ms from the event that raised it (0 when the event carried no `now`). */
  at: number;
  id: number;
}

/**
 * A side effect for the runner (action-runner.ts). `run-action` carries the row captured at key
 * press, and the intent a confirmation held (absent: the runner plans it now); `ack` and
 * `resolve` the row selected when the command line was opened (null: none was).
 */
export type UiEffect =
  | {kind: 'quit'}
  | {kind: 'refresh'}
  | {kind: 'switch-context'; name: string}
  | {kind: 'switch-theme'; name: string}
  | {kind: 'ack'; durationMs: number | null; comment: string; target: SelectionInfo | null}
  | {kind: 'resolve'; target: SelectionInfo | null}
  /** `:note TEXT`: appended to the action log; `service` is the open timeline's, if one service's. */
  | {kind: 'note'; text: string; service: string | null}
  | {kind: 'run-action'; action: ActionId; target: SelectionInfo; intent?: unknown};

/** Rows currently shown per pane (after filtering); a pane left out has none. */
export type RowCounts = Partial<Record<Pane, number>>;

/** The rows shown per pane, for their keys: the selection follows a row's key (see ui-selection.ts). */
export type PaneRows = Partial<Record<Pane, ReadonlyArray<KeyedRow>>>;

/** The whole UI state. */
export interface UiState extends Selections {
  focus: Pane;
  modal: Modal | null;
  filters: Record<Pane, string>;
  /** Quiet alerts hidden from the alert pane (the `h`, `s`, `i` toggles). */
  hidden: HiddenKinds;
  paused: boolean;
  /** The instant the dashboard shows (time travel), epoch ms; null = live. */
  pastAt: number | null;
  flash: Flash | null;
  /** Set by `quit` and `:q`; a `quit` effect is queued as well. */
  quitRequested: boolean;
  /** Pending effects, oldest first (see the file comment). */
  effects: UiEffect[];
  /** Counter behind `Flash.id`. */
  flashSeq: number;
  /** Per pane, the row last drawn under its cursor and whether it moved there by itself (see ui-cursor.ts). */
  cursor: Record<Pane, CursorRow | null>;
}

/** A key press resolved to an action, with what the screen knew then. */
export interface ActionEvent {
  type: 'action';
  id: ActionId;
  rowCounts: RowCounts;
  pageSize: number;
  target?: SelectionInfo | null;
  /**
   * The row under the overlays: the open details' own row, else the focused pane's selected row
   * (over the timeline too, where `target` is the selected event). The details and the command
   * line keep it.
   */
  row?: PickedRow | null;
  modalLines?: number;
  /** The timeline's events as drawn, by key: a move there starts from the selected event, wherever it moved. */
  modalRows?: ReadonlyArray<KeyedRow>;
  now?: number;
  rows?: PaneRows;
  /** The panes on screen, in Tab order (default: all but the optional ones). */
  shown?: readonly Pane[];
  /** The instant of the timeline event selected when the key was pressed (Enter travels there). */
  eventAt?: number;
  /** Why Enter on the confirmation drawn when the key was pressed sends nothing (see {@link ConfirmHold}). */
  confirmHold?: ConfirmHold;
  /**
   * The key that cancels the open confirmation, as bound (`confirmKeys`): what its "type it
   * exactly" message names. Absent: Esc.
   */
  cancelKey?: string;
}

/** Everything the reducer reacts to. */
export type UiEvent =
  | ActionEvent
  /** Typed or pasted text; `now` dates the flash when it is too long to add. */
  | {type: 'text'; text: string; now?: number}
  | {type: 'backspace'}
  | {type: 'submit'; now?: number; confirmHold?: ConfirmHold; cancelKey?: string}
  | {type: 'cancel'; now?: number}
  | {type: 'flash'; text: string; tone: FlashTone; now?: number}
  | {type: 'clear-flash'; id?: number}
  /** The tables changed: keep each selection on its row (found by key) or within the rows. */
  | {type: 'clamp'; rowCounts: RowCounts; reselect?: Partial<Record<Pane, number | null>>; rows?: PaneRows; now?: number}
  /**
   * A key refused because its row moved under the cursor a moment ago (see ui-cursor.ts): `text`
   * is flashed and the move is taken note of (on `row`, the row key the key was read on), so the
   * same key pressed again acts.
   */
  | {type: 'moved-refusal'; pane: Pane; text: string; now?: number; row?: string}
  | {type: 'effects-taken'; count: number}
  /** The panes on screen now, in Tab order: the focus moves onto one of them (see `focusShown`). */
  | {type: 'shown-panes'; panes: readonly Pane[]}
  /** Asks for a typed confirmation a plan needs (an ack that would silence more); the modal keeps `intent`. */
  | {type: 'ask'; action: ActionId; target: SelectionInfo; expected: string; intent?: unknown}
  /** Shows text in the detail view (a runbook read here, a copied command), over the focused pane. */
  | {type: 'show-text'; text: ShownText};
