/**
 * Alerts and silences as the dashboard understands them. All strings here came from a backend
 * and are untrusted until sanitized for display (see `sanitize.ts`).
 */
import type {IncidentLinks, IncidentRef} from './incident.ts';

/** Alert lifecycle state as shown to the user. */
export type AlertState = 'firing' | 'pending' | 'suppressed';

/** An acknowledgement: a silence whose comment starts with the ack prefix. */
export interface Ack {
  by: string;
  /** Epoch ms when the silence ends. */
  until: number;
  silenceId: string;
  comment: string;
}

/**
 * An ack that some Alertmanagers reporting the alert hold and others do not: the alert is not
 * acked (those others still notify), and `a` sends the same silence to the ones missing it.
 */
export interface PartialAck extends Ack {
  /** Alertmanagers that report the alert without an ack silence on it. */
  missing: string[];
  /**
   * Alertmanagers that report it silenced by an ack, and the peers of their HA cluster (which
   * share the silence by gossip).
   */
  holding: string[];
  /** The ack silence's matchers, to send it unchanged where it is missing. */
  matchers: Matcher[];
  /**
   * Of `missing`, the peers of a declared HA cluster another peer of which holds the ack: their
   * cluster did not gossip the silence to them (partitioned, or not one cluster after all), so
   * `a` sends it to them directly. Set only when there is one.
   */
  notGossiped?: string[];
}

/** One alert, deduplicated across Alertmanager peers by fingerprint. */
export interface Alert {
  fingerprint: string;
  name: string;
  /** Normalised severity, e.g. `critical`, `warning`, `info`, or the raw label when unknown. */
  severity: string;
  state: AlertState;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /**
   * Epoch ms; `null` when the backend sent no readable time (absent, `NaN`, Go's zero time): shown
   * as unknown, never as 1970.
   */
  startsAt: number | null;
  generatorUrl: string | null;
  silencedBy: string[];
  inhibitedBy: string[];
  /** Names of the alert sources (Alertmanager instances, Prometheus) that reported it. */
  seenBy: string[];
  /** The ack, only when every Alertmanager reporting the alert has it silenced by an ack. */
  ack: Ack | null;
  /** Set instead of `ack` when only some of them do. */
  partialAck?: PartialAck | null;
  /**
   * Alertmanagers that report the alert silenced but whose silences could not be read: whether
   * it is acked (by whom, until when) is unknown there, so `ack` and `partialAck` are null.
   * Absent or empty: the ack state is known.
   */
  ackUnknown?: string[];
  /**
   * Set only when more than one user has an ack silence on the alert (on any Alertmanager
   * reporting it): every one of them, sorted. `ack` shows the one ending last.
   */
  ackers?: string[];
  /**
   * Every ack silence on the alert, on any Alertmanager reporting it and whoever made it: the
   * one `ack` or `partialAck` names and the others (unclustered Alertmanagers each hold the same
   * ack under an id of their own). Set only when there is one. What `silencedBy` lists beyond
   * these is a plain silence.
   */
  ackSilenceIds?: string[];
  /**
   * The kind of source of a row that is not an Alertmanager or Prometheus alert, e.g.
   * `pagerduty` for an incident; unset for those.
   */
  source?: string;
  /**
   * The paging incident: the row's own on an incident row (`source` set), else the incident this
   * alert paged (`⚑ PD #1234 acked by alice`), linked after deduplication.
   */
  incident?: IncidentRef | null;
  /** On an incident row: what links Alertmanager alerts to it (see `domain/incident.ts`). */
  incidentLinks?: IncidentLinks;
  /**
   * The dashboard or panel the alert belongs to, built by its source (a Grafana-managed alert's
   * panel link, see `domain/grafana-links.ts`); unset when there is none.
   */
  dashboardUrl?: string;
  /**
   * An alert of the past (time travel, `status --at`), whose annotations history does not keep:
   * the runbook link of today's rule of its name (`domain/rule-runbook.ts`). Today's, not the
   * alert's own: the rule may have changed since, and every place that shows it says so.
   */
  ruleRunbook?: string;
}

/**
 * The `until` of an ack with no end of its own: a paging incident stays acknowledged until it
 * is resolved or the service's own timeout unacknowledges it. The largest valid Date.
 */
export const NO_END = 8.64e15;

/** One exact or regex label matcher, as Alertmanager stores it. */
export interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

/** A silence to create (or replace, when `id` is set). */
export interface SilenceDraft {
  id?: string;
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
}

/** A silence as read back from Alertmanager. */
export interface Silence extends SilenceDraft {
  id: string;
  state: 'active' | 'pending' | 'expired';
  /**
   * Epoch ms of the last change; expiring a silence sets it and `endsAt` to the same instant,
   * which tells a silence expired early from one that ran out. Absent when not sent.
   */
  updatedAt?: number;
}
