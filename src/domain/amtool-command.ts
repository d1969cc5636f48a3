/**
 * The `amtool silence add …` that creates the same silence as an ack: the same matchers, author,
 * comment and duration, so a user can see (and run, or keep in a postmortem) what `a` does.
 */
import type {SilenceDraft} from './alert.ts';
import {formatDuration} from './duration.ts';

/**
 * A matcher as amtool parses it: `name="value"` (or `=~`, `!=`, `!~`), the value in double
 * quotes with `\`, `"` and newlines escaped as amtool's matcher parser reads them.
 */
export function amtoolMatcher(m: SilenceDraft['matchers'][number]): string {
  const op = m.isRegex ? (m.isEqual ? '=~' : '!~') : m.isEqual ? '=' : '!=';
  const value = m.value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
  return `${m.name}${op}"${value}"`;
}

/** The argv of `amtool silence add` for `draft` against the Alertmanager at `url`. */
export function amtoolSilenceArgs(draft: SilenceDraft, url: string): string[] {
  return [
    'amtool',
    'silence',
    'add',
    `--alertmanager.url=${url}`,
    `--author=${draft.createdBy}`,
    `--duration=${formatDuration(draft.endsAt - draft.startsAt)}`,
    `--comment=${draft.comment}`,
    ...draft.matchers.map(amtoolMatcher),
  ];
}
