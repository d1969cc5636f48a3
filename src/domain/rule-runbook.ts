/**
 * A runbook for an alert of the past from today's alerting rule. Prometheus' `ALERTS` series keep
 * an alert's labels but not its annotations, so an alert shown in the past has no `runbook_url`
 * of its own. The rule of that name that runs today usually has one; it is lent to the alert
 * only as today's (the rule may have changed since), never as the alert's own annotation.
 */
import type {Alert} from './alert.ts';
import {RUNBOOK_ANNOTATIONS, runbookOf, type RunbookFrom} from './runbook.ts';
import {isWebUrl} from './sanitize.ts';

/** An alerting rule as the backend runs it now: its name, static labels and annotation templates. */
export interface AlertingRule {
  name: string;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  /** What the alert details show of it (expression, `for:`, group, health); absent when the reader does not say. */
  shown?: RuleShown;
}

/** What a rule says of itself beyond name and labels, for the alert details; null = not said. */
export interface RuleShown {
  /** The PromQL expression. */
  query: string | null;
  /** `for:` in seconds. */
  forSeconds: number | null;
  /** `keep_firing_for:` in seconds (0 when the rule has none, in Prometheus' answer). */
  keepFiringForSeconds: number | null;
  /** The rule group's name and file. */
  group: string | null;
  file: string | null;
  /** `ok`, `err` or `unknown`, as the ruler says it. */
  health: string | null;
  /** The last evaluation's error; null when there is none or the answer does not say. */
  lastError: string | null;
  /** When it was last evaluated (epoch ms); null when never, or not said. */
  lastEvaluation: number | null;
}

// `{{ $labels.service }}` and `{{ .Labels.service }}`: the forms a runbook link is written with.
const LABEL_REF = /\{\{-?\s*(?:\$labels|\.Labels)\.([A-Za-z_][A-Za-z0-9_]*)\s*-?\}\}/g;

/**
 * The rule's runbook link filled in for `labels` as Prometheus would, or null: no runbook
 * annotation, a label it names is missing, or a template beyond plain label references (a
 * function, `$value`, a condition) that only Prometheus can evaluate; never a half-filled link.
 */
export function ruleRunbookFor(rule: AlertingRule, labels: Readonly<Record<string, string>>): string | null {
  for (const name of RUNBOOK_ANNOTATIONS) {
    const template = rule.annotations[name];
    if (template === undefined) continue;
    let missing = false;
    const url = template.replace(LABEL_REF, (_, label: string) => {
      const value = labels[label];
      if (value === undefined) missing = true;
      return value ?? '';
    });
    if (missing || url.includes('{{')) return null;
    return isWebUrl(url) ? new URL(url).href : null;
  }
  return null;
}

type Named = Pick<Alert, 'name' | 'labels' | 'annotations'>;

/** Whether `alert` may be the rule's: its name, and the rule's static labels on it (a templated one may be any value). */
export function ruleMatches(rule: AlertingRule, alert: Named): boolean {
  return rule.name === alert.name && Object.entries(rule.labels).every(([k, v]) => v.includes('{{') || alert.labels[k] === v);
}

/**
 * The alerts with `ruleRunbook` set where today's rules give one: the rules of the alert's name
 * whose static labels it carries (a warning and a critical rule of one name are told apart by
 * `severity`). An alert with a runbook annotation of its own keeps it alone; rules that would
 * give different links give none, since which one fired it is unknown.
 */
export function withRuleRunbooks(alerts: readonly Alert[], rules: readonly AlertingRule[]): Alert[] {
  return alerts.map((alert) => {
    const lent = lentRunbook(alert, rules);
    return lent === null ? alert : {...alert, ruleRunbook: lent};
  });
}

// The one link today's rules give the alert, or null (its own annotation, none, or several).
function lentRunbook(alert: Named, rules: readonly AlertingRule[]): string | null {
  if (RUNBOOK_ANNOTATIONS.some((n) => alert.annotations[n] !== undefined)) return null;
  const links = new Set(rules.filter((r) => ruleMatches(r, alert)).map((r) => ruleRunbookFor(r, {...alert.labels, alertname: alert.name})));
  const [only] = links;
  return links.size === 1 && only !== null && only !== undefined ? only : null;
}

/**
 * The runbook of an alert known by its labels alone, as history keeps it (`ALERTS`: no
 * annotations): today's rule's (as {@link withRuleRunbooks} lends it), else the template's.
 */
export function historyRunbookOf(labels: Readonly<Record<string, string>>, rules: readonly AlertingRule[], template?: string): {url: string; from: RunbookFrom} | null {
  const alert: Named = {name: labels['alertname'] ?? '', labels: {...labels}, annotations: {}};
  const lent = lentRunbook(alert, rules);
  return runbookOf(lent === null ? alert : {...alert, ruleRunbook: lent}, template);
}
