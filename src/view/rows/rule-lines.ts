/**
 * The alert's rule in its details, as data: what it measures (the expression), how long it must
 * hold (`for:`), where it lives (group, file) and whether it runs (health, last error, last
 * evaluation). Every string is the backend's, so sanitized; the detail view wraps each line to
 * its width.
 */
import {formatAge, prometheusDurationText} from '../../domain/duration.ts';
import type {RuleCandidate} from '../../domain/rule-detail.ts';
import type {AlertingRule} from '../../domain/rule-runbook.ts';
import {sanitize} from '../../domain/sanitize.ts';
import type {DetailLine} from './detail-lines.ts';

/** What the rules read of the row's context has come to. */
export type RulesRead =
  | {state: 'loading'}
  | {state: 'failed'; reason: string}
  /** The context has no source that lists rules: why, in one line. */
  | {state: 'none'; reason: string}
  | {state: 'read'; rules: readonly AlertingRule[]; source: string};

/** The rules read as the details show it: `now` is the live clock (evaluation ages), `past` while time travelling. */
export interface RulesView {
  read: RulesRead;
  past: boolean;
  now: number;
}

// A rule file's expression of hundreds of lines is cut here, saying how much is left out.
const MAX_EXPR_LINES = 60;

/** The expression as lines: one per line of the rule file's text, each sanitized; a continuation has a blank label. */
export function exprLines(query: string): DetailLine[] {
  // trimEnd, not a `\s+$` regex: that one backtracks over every run of whitespace, quadratic in
  // its length, and a ruler may send any expression (a run of 60 kB froze a frame for 1.6 s).
  const lines = query.trimEnd().split(/\r?\n/);
  const shown = lines.slice(0, MAX_EXPR_LINES).map((line, i) => ({label: i === 0 ? 'expr' : ' ', value: sanitize(line)}));
  if (lines.length > MAX_EXPR_LINES) shown.push({label: ' ', value: `… ${lines.length - MAX_EXPR_LINES} more lines`});
  return shown;
}

const labelText = (labels: Readonly<Record<string, string>>) =>
  Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

function healthTone(health: string | null): DetailLine['tone'] {
  if (health === 'ok') return 'ok';
  return health === 'err' ? 'critical' : 'warn';
}

/** The lines of one rule; `several` adds its static labels and whether they match the alert's. */
function oneRule(c: RuleCandidate, several: boolean, now: number): DetailLine[] {
  const {rule} = c;
  const s = rule.shown;
  const lines: DetailLine[] = [];
  if (several) {
    const mark = c.matches === null ? '' : c.matches ? ' (matches its labels)' : " (its labels differ from the alert's)";
    lines.push({label: 'rule', value: sanitize(`${labelText(rule.labels) || 'no static labels'}${mark}`), tone: c.matches === true ? 'accent' : 'muted'});
  }
  if (!s) return [...lines, {label: 'expr', value: 'not given by this source'}];
  lines.push(...(s.query === null ? [{label: 'expr', value: 'not given by this source'}] : exprLines(s.query)));
  if (s.forSeconds !== null) lines.push({label: 'for', value: s.forSeconds === 0 ? '0s (fires at the first evaluation)' : prometheusDurationText(s.forSeconds * 1000)});
  if (s.keepFiringForSeconds !== null && s.keepFiringForSeconds > 0) lines.push({label: 'keep firing', value: prometheusDurationText(s.keepFiringForSeconds * 1000)});
  if (s.group !== null) lines.push({label: 'group', value: sanitize(s.file === null ? s.group : `${s.group} (${s.file})`)});
  lines.push({label: 'health', value: s.health === null ? 'unknown (not given by this source)' : sanitize(s.health), tone: healthTone(s.health)});
  if (s.lastError !== null) lines.push({label: 'last error', value: sanitize(s.lastError), tone: 'critical'});
  lines.push({label: 'evaluated', value: s.lastEvaluation === null ? 'never, or not said' : `${formatAge(Math.max(0, now - s.lastEvaluation))} ago`});
  return lines;
}

/** Why an alert has no rule to read: not a Prometheus alert (an incident, Grafana-managed). */
export type NoRuleReason = string | null;

/**
 * The rule section of an alert's details: a heading, then the rules of its name (`candidates`,
 * from `rulesForAlert`); or, when there is no rule to show, what became of the read as one
 * `rule` line without the heading, which would only say "rule" a second time. A failed read is
 * that one line; the rest of the details stand.
 */
export function ruleLines(view: RulesView, name: string, candidates: (rules: readonly AlertingRule[]) => RuleCandidate[], noRule: NoRuleReason = null): DetailLine[] {
  const {read} = view;
  if (noRule !== null) return [{label: 'rule', value: noRule}];
  if (read.state === 'loading') return [{label: 'rule', value: 'reading rules…'}];
  if (read.state === 'none') return [{label: 'rule', value: read.reason}];
  if (read.state === 'failed') return [{label: 'rule', value: sanitize(`rules not read: ${read.reason}`), tone: 'warn'}];
  const found = candidates(read.rules);
  // In the past the rules read are today's: an alert of then may have had a rule since removed.
  if (found.length === 0) return [{label: 'rule', value: sanitize(`${read.source} runs no alerting rule named ${name}${view.past ? ' today' : ''}`)}];
  const several = found.length > 1;
  const lines: DetailLine[] = [{label: '', value: view.past ? "rule (today's: the rule may have changed since)" : 'rule'}];
  if (several) lines.push({label: 'rules', value: sanitize(`${found.length} rules named ${name} in ${read.source}`)});
  for (const c of found) lines.push(...oneRule(c, several, view.now));
  return lines;
}
