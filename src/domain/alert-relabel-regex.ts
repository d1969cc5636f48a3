/**
 * Prometheus relabel regexes are RE2 (Go's `regexp`), fully anchored as `^(?s:…)$`: translated to
 * JavaScript by `re2-syntax.ts`, and refused with a reason where that cannot be done faithfully,
 * so the rule using it is reported and skipped rather than applied differently.
 */

import {backtrackingRisk} from './regex-backtracking.ts';
import {translateRe2} from './re2-syntax.ts';

/** A compiled regex, or why it cannot be used. */
export type CompiledRegex = {ok: true; regex: RegExp} | {ok: false; reason: string};

/**
 * Compiles a relabel regex the way Prometheus does: `^(?s:regex)$`, so it must match the whole
 * value and `.` also matches a newline.
 */
export function compileRelabelRegex(pattern: string): CompiledRegex {
  const js = translateRe2(pattern, {dotAll: true});
  if (!js.ok) return js;
  const risk = backtrackingRisk(js.source);
  // Prometheus applies such a rule in linear time; here it could freeze the dashboard.
  if (risk !== null) return {ok: false, reason: `${risk}: JavaScript can take exponential time on it, where RE2 (Prometheus) takes linear time`};
  try {
    return {ok: true, regex: new RegExp(`^(?s:${js.source})$`, 'u')};
  } catch (error) {
    return {ok: false, reason: `not a valid regex here (${(error as Error).message})`};
  }
}
