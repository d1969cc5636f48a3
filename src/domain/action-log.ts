/**
 * The action log's entry: every ack, unack and rollback attempt and outcome, appended as one JSON
 * line (see platform/action-log.ts). Never holds a token.
 */

/** One line of the action log. */
export interface ActionLogEntry {
  /** ISO 8601 time of the event. */
  at: string;
  action: 'ack' | 'unack' | 'ack-extend' | 'rollback' | (string & {});
  phase: 'attempt' | 'success' | 'failure';
  context: string;
  /** What was acted on, e.g. `{fingerprint, alertname}` or `{service, from, to}`. */
  target: Record<string, string>;
  /** The backend that was called. */
  source?: string;
  attempt?: number;
  silenceId?: string;
  error?: string;
  details?: Record<string, unknown>;
}

/** Appends an entry to the action log; implementations never throw into the caller. */
export type ActionRecorder = (entry: ActionLogEntry) => Promise<void>;
