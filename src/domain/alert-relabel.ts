/**
 * Prometheus relabeling, as its notifier applies `alerting.alert_relabel_configs` to each alert
 * (after adding the external labels) before sending it to Alertmanager. Applied to the alerts read
 * from `/api/v1/alerts`, it gives a pending alert the labels, and so the fingerprint, Alertmanager
 * gives the same alert once it fires. Rules are written as in Prometheus' YAML (`source_labels`,
 * `target_label`, …). A rule this module cannot apply faithfully (unknown action or key, a regex
 * JavaScript cannot express) is reported and skipped, never guessed at.
 */
import {compileRelabelRegex} from './alert-relabel-regex.ts';

/** The relabel actions Prometheus knows. */
export const RELABEL_ACTIONS = ['replace', 'keep', 'drop', 'keepequal', 'dropequal', 'hashmod', 'labelmap', 'labeldrop', 'labelkeep', 'lowercase', 'uppercase'] as const;

/** One relabel action. */
export type RelabelAction = (typeof RELABEL_ACTIONS)[number];

/** One relabel rule, compiled; the defaults are Prometheus'. */
export interface RelabelRule {
  action: RelabelAction;
  sourceLabels: readonly string[];
  separator: string;
  /** Anchored: `^(?s:regex)$`. */
  regex: RegExp;
  targetLabel: string;
  replacement: string;
  /** For `hashmod` only. */
  modulus: bigint;
}

/** Why one rule of a list was skipped: its position, the key at fault (if one), and what is wrong. */
export interface RelabelProblem {
  index: number;
  key: string | null;
  message: string;
}

const KEYS = ['source_labels', 'separator', 'regex', 'modulus', 'target_label', 'replacement', 'action'];
// Prometheus refuses these actions without a target label.
const NEEDS_TARGET = new Set<RelabelAction>(['replace', 'hashmod', 'lowercase', 'uppercase', 'keepequal', 'dropequal']);
// Prometheus 2's label names; a target built from a template must be one.
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A one-line description of a problem, e.g. for a warning: `alert_relabel_configs[1].regex: …`. */
export function describeRelabelProblem(problem: RelabelProblem, list = 'alert_relabel_configs'): string {
  return `${list}[${problem.index}]${problem.key === null ? '' : `.${problem.key}`}: ${problem.message}; rule skipped`;
}

/** Compiles one rule as written in Prometheus' YAML, or the problems that keep it from being used. */
function compileRule(raw: unknown, index: number): RelabelRule | RelabelProblem[] {
  const problem = (key: string | null, message: string): RelabelProblem => ({index, key, message});
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [problem(null, 'must be a mapping such as {action: labeldrop, regex: replica}')];
  const rule = raw as Record<string, unknown>;
  const problems: RelabelProblem[] = [];
  for (const key of Object.keys(rule)) if (!KEYS.includes(key)) problems.push(problem(key, `unknown key (known: ${KEYS.join(', ')})`));
  // YAML reads `regex: 1` or `replacement: 2` as numbers; Prometheus reads them as strings.
  const text = (key: string, fallback: string): string => {
    const value = rule[key] ?? fallback;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    problems.push(problem(key, 'must be a string'));
    return fallback;
  };
  const actionText = text('action', 'replace').toLowerCase();
  const action = RELABEL_ACTIONS.find((a) => a === actionText);
  if (action === undefined) problems.push(problem('action', `unknown action ${JSON.stringify(actionText)} (known: ${RELABEL_ACTIONS.join(', ')})`));
  const sources = rule.source_labels ?? [];
  const sourceLabels = Array.isArray(sources) && sources.every((s) => typeof s === 'string') ? sources : [];
  if (sourceLabels !== sources) problems.push(problem('source_labels', 'must be a list of label names'));
  const separator = text('separator', ';');
  const targetLabel = text('target_label', '');
  const replacement = text('replacement', '$1');
  const compiled = compileRelabelRegex(text('regex', '(.*)'));
  if (!compiled.ok) problems.push(problem('regex', compiled.reason));
  let modulus = 0n;
  if (rule.modulus !== undefined && rule.modulus !== null) {
    if (typeof rule.modulus === 'number' && Number.isSafeInteger(rule.modulus) && rule.modulus >= 0) modulus = BigInt(rule.modulus);
    else problems.push(problem('modulus', 'must be a whole number'));
  }
  if (action === 'hashmod' && modulus === 0n) problems.push(problem('modulus', 'hashmod needs a modulus above 0'));
  if (action !== undefined && NEEDS_TARGET.has(action) && targetLabel === '') problems.push(problem('target_label', `${action} needs a target_label`));
  if (problems.length > 0 || action === undefined || !compiled.ok) return problems;
  return {action, sourceLabels, separator, regex: compiled.regex, targetLabel, replacement, modulus};
}

/**
 * Compiles a list of relabel rules as written in Prometheus' YAML. Each rule with a problem is
 * left out and reported; the others keep their order.
 */
export function compileRelabelRules(raw: unknown): {rules: RelabelRule[]; problems: RelabelProblem[]} {
  if (raw === undefined || raw === null) return {rules: [], problems: []};
  if (!Array.isArray(raw)) return {rules: [], problems: [{index: 0, key: null, message: 'must be a list of relabel rules'}]};
  const rules: RelabelRule[] = [];
  const problems: RelabelProblem[] = [];
  raw.forEach((item, index) => {
    const compiled = compileRule(item, index);
    if (Array.isArray(compiled)) problems.push(...compiled);
    else rules.push(compiled);
  });
  return {rules, problems};
}

/**
 * Go's `Regexp.Expand`: `$1`, `${1}`, `$name` and `${name}` are replaced by the group (empty if
 * there is none or it did not take part), `$$` is a `$`; a `$` starting nothing valid stays as is.
 * `$1x` is the group named `1x`, as in Go, so write `${1}x`.
 */
export function expandTemplate(template: string, match: RegExpExecArray): string {
  return template.replace(/\$(?:\$|\{([\p{L}\p{N}_]+)\}|([\p{L}\p{N}_]+))/gu, (whole, braced: string | undefined, bare: string | undefined) => {
    if (whole === '$$') return '$';
    const name = (braced ?? bare)!;
    if (/^\d+$/.test(name)) {
      // Go reads a leading zero or a huge number as a name, which no group has.
      if ((name.length > 1 && name.startsWith('0')) || name.length > 8) return '';
      return match[Number(name)] ?? '';
    }
    return match.groups?.[name] ?? '';
  });
}

/**
 * The MD5 digest of a string's UTF-8 bytes, for `hashmod`. Passed in rather than written here: the
 * domain stays free of I/O and platform modules, and the platform's MD5 is the well-kept one.
 */
export type Md5 = (value: string) => Uint8Array;

/** The MD5 of `value`, last 8 bytes as a big-endian number, modulo `modulus`: Prometheus' hashmod. */
function hashMod(value: string, modulus: bigint, md5: Md5): string {
  const digest = md5(value);
  let tail = 0n;
  for (const byte of digest.subarray(8)) tail = (tail << 8n) | BigInt(byte);
  return (tail % modulus).toString();
}

/**
 * Applies the rules in order to an alert's labels, as Prometheus does before sending the alert.
 * Returns the new labels, or `null` when a `keep`/`drop`-style rule drops the alert (Prometheus
 * never sends it). A label set to an empty value is removed: Prometheus has no empty labels.
 */
export function relabel(labels: Readonly<Record<string, string>>, rules: readonly RelabelRule[], md5: Md5): Record<string, string> | null {
  const out = new Map(Object.entries(labels).filter(([, value]) => value !== ''));
  const set = (name: string, value: string) => (value === '' ? out.delete(name) : out.set(name, value));
  for (const rule of rules) {
    const value = rule.sourceLabels.map((name) => out.get(name) ?? '').join(rule.separator);
    switch (rule.action) {
      case 'drop':
        if (rule.regex.test(value)) return null;
        break;
      case 'keep':
        if (!rule.regex.test(value)) return null;
        break;
      case 'dropequal':
        if ((out.get(rule.targetLabel) ?? '') === value) return null;
        break;
      case 'keepequal':
        if ((out.get(rule.targetLabel) ?? '') !== value) return null;
        break;
      case 'replace': {
        const match = rule.regex.exec(value);
        if (match === null) break;
        const target = expandTemplate(rule.targetLabel, match);
        if (!LABEL_NAME.test(target)) break;
        set(target, expandTemplate(rule.replacement, match));
        break;
      }
      case 'lowercase':
        set(rule.targetLabel, value.toLowerCase());
        break;
      case 'uppercase':
        set(rule.targetLabel, value.toUpperCase());
        break;
      case 'hashmod':
        set(rule.targetLabel, hashMod(value, rule.modulus, md5));
        break;
      // The label actions look at the labels as they were before the rule, as Prometheus does.
      case 'labelmap':
        for (const [name, labelValue] of [...out]) {
          const match = rule.regex.exec(name);
          if (match !== null) {
            const target = expandTemplate(rule.replacement, match);
            if (target !== '') set(target, labelValue);
          }
        }
        break;
      case 'labeldrop':
        for (const name of [...out.keys()]) if (rule.regex.test(name)) out.delete(name);
        break;
      case 'labelkeep':
        for (const name of [...out.keys()]) if (!rule.regex.test(name)) out.delete(name);
        break;
    }
  }
  return Object.fromEntries(out);
}
