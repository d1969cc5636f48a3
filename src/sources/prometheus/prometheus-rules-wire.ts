/**
 * The alerting rules of `GET /api/v1/rules?type=alert`, as the history reads need them. Prometheus
 * sends every field of a rule; Prometheus-compatible rulers (Thanos, Mimir, vmalert, older
 * releases) may leave some out, so every field of a rule is optional and one that is missing
 * is read as unknown, never as a failed read. What is no rules answer at all (`groups` not a
 * list, a group or rule not an object) is a `bad-response` naming the path of the first fault.
 */
import {z} from 'zod';
import type {RuleShown} from '../../domain/rule-runbook.ts';
import {decodeWire} from '../http/decode.ts';

// zod 4 reads a bare `z.unknown()` as required: each field says `.optional()` itself.
const field = z.unknown().optional();
const ruleSchema = z.object({type: field, name: field, query: field, labels: field, annotations: field, health: field, lastError: field, lastEvaluation: field, state: field, alerts: field, duration: field, keepFiringFor: field});
const rulesSchema = z.object({groups: z.array(z.object({name: field, file: field, rules: z.array(ruleSchema).nullish()})).nullish()});

/**
 * Checks that a rules answer's `data` is one: `groups` a list (or null, none), each group's
 * `rules` a list of objects. Throws a `bad-response` naming the path of the first fault, so a
 * malformed answer is never read as "no rules".
 * @param what the endpoint, for the message, e.g. `prometheus /api/v1/rules`
 */
export function checkRulesShape(data: unknown, what: string): void {
  decodeWire(rulesSchema, data, what);
}

/** One alerting rule as read: what it says of itself, a missing field left unknown. */
export interface WireAlertingRule {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Whether its last evaluation went without error; null when the answer does not say. */
  evaluated: boolean | null;
  /** What the rule is, as the details show it: each field null when the answer leaves it out. */
  shown: RuleShown;
}

// A label or annotation that is not a string is dropped, rather than the rule or the read lost.
const stringsOf = (v: unknown): Record<string, string> =>
  v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};

type Rule = z.output<typeof ruleSchema>;

// Without `type`, a rule is alerting when it carries a field only alerting rules have in
// Prometheus' API (a recording rule has name, query, labels and health alone).
function isAlerting(r: Rule): boolean {
  if (r.type !== undefined) return r.type === 'alerting';
  return r.state !== undefined || r.alerts !== undefined || r.annotations !== undefined || r.duration !== undefined;
}

// `health` says it; without it, a last evaluation that is a real time and no error text say the
// rule ran cleanly (Prometheus writes year 1 for a rule never evaluated), an error text that it
// did not; otherwise nothing is known.
function evaluatedOf(r: Rule): boolean | null {
  if (r.health !== undefined) return r.health === 'ok';
  if (typeof r.lastError === 'string' && r.lastError !== '') return false;
  const last = typeof r.lastEvaluation === 'string' ? Date.parse(r.lastEvaluation) : Number.NaN;
  return Number.isFinite(last) && last > 0 ? true : null;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const seconds = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);

// Prometheus writes year 1 for a rule never evaluated: no time, rather than an age of 2,000 years.
function evaluatedAt(v: unknown): number | null {
  const at = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  return Number.isFinite(at) && at > 0 ? at : null;
}

function shownOf(r: Rule, group: {name?: unknown; file?: unknown}): RuleShown {
  const error = text(r.lastError);
  return {
    query: text(r.query),
    forSeconds: seconds(r.duration),
    keepFiringForSeconds: seconds(r.keepFiringFor),
    group: text(group.name),
    file: text(group.file),
    health: text(r.health),
    lastError: error === '' ? null : error,
    lastEvaluation: evaluatedAt(r.lastEvaluation),
  };
}

/**
 * The alerting rules of a rules answer's `data`; a rule without a string name, or that is not
 * an alerting rule, is left out.
 * @param what the endpoint, for the message, e.g. `prometheus /api/v1/rules`
 */
export function decodeAlertingRules(data: unknown, what: string): WireAlertingRule[] {
  const {groups} = decodeWire(rulesSchema, data, what);
  return (groups ?? []).flatMap((g) =>
    (g.rules ?? []).flatMap((r) =>
      isAlerting(r) && typeof r.name === 'string' ? [{name: r.name, labels: stringsOf(r.labels), annotations: stringsOf(r.annotations), evaluated: evaluatedOf(r), shown: shownOf(r, g)}] : [],
    ),
  );
}
