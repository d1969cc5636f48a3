/**
 * The names of the alert-source kinds, without their adapters: what a summary needs to tell an
 * alert source's health from another's (`oncall status`), in a module cheap enough for the CLI's
 * first chunk (alert-source-kinds.ts loads every adapter, and with them the HTTP client).
 */
import type {AlertSourceConfig} from './alert-source-kinds.ts';

// A record, so that a kind added to AlertSourceConfig and not here (or the reverse) fails to compile.
const KINDS: Record<AlertSourceConfig['kind'], true> = {alertmanager: true, grafana: true, pagerduty: true};

/** Every alert-source kind's name. */
export const ALERT_KIND_NAMES: ReadonlySet<string> = new Set(Object.keys(KINDS));
