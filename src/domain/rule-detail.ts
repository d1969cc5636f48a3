/**
 * Which of today's alerting rules an alert's details show. Rules are matched by name and static
 * labels (as runbooks are lent, `rule-runbook.ts`): one name often has several rules (a warning
 * and a critical threshold) that only a static label such as `severity` tells apart.
 */
import {ruleMatches, type AlertingRule} from './rule-runbook.ts';

/** A rule of the alert's name, and whether its static labels are on the alert (null: no labels to judge by). */
export interface RuleCandidate {
  rule: AlertingRule;
  matches: boolean | null;
}

/**
 * The rules to show for an alert: the one rule of its name whose static labels it carries,
 * else every rule of its name, each marked whether its labels match (none or several may). A
 * group header gives no labels (`null`): every rule of the name, unmarked.
 */
export function rulesForAlert(rules: readonly AlertingRule[], name: string, labels: Readonly<Record<string, string>> | null): RuleCandidate[] {
  const named = rules.filter((r) => r.name === name);
  if (labels === null) return named.map((rule) => ({rule, matches: null}));
  const alert = {name, labels: {...labels}, annotations: {}};
  const matching = named.filter((r) => ruleMatches(r, alert));
  const [only] = matching;
  if (matching.length === 1 && only) return [{rule: only, matches: true}];
  return named.map((rule) => ({rule, matches: matching.includes(rule)}));
}
