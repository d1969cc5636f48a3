/**
 * `ctx=` in `oncall alerts --filter` and in the matchers of `oncall ack` / `oncall unack`: the
 * same split as the dashboard's `/` box, so one filter text means the same thing in both. Its
 * context matchers choose which selected contexts are read; the rest is the alert filter.
 */
import {contextMatches, splitContextFilter} from '../domain/context-filter.ts';
import {EXIT_ATTENTION, EXIT_USAGE} from '../domain/exit-codes.ts';
import {sanitize} from '../domain/sanitize.ts';
import type {CliArgs} from './args.ts';
import type {Io} from './main.ts';
import type {Runtime} from './runtime.ts';

/**
 * `args` with the `ctx=` matchers taken out of `--filter` (alerts) or the targets (ack, unack),
 * and `runtime` narrowed to the contexts they choose. A number (after saying why and closing the
 * runtime) when the command ends here: 2 for a bad `ctx=` regex, 1 when no selected context passes.
 */
export async function applyContextFilter(args: CliArgs, runtime: Runtime, io: Io): Promise<{args: CliArgs; runtime: Runtime} | number> {
  const alerts = args.command === 'alerts';
  const text = alerts ? (args.filter ?? '') : (args.targets ?? []).join(' ');
  const split = splitContextFilter(text);
  if (split.matchers.length === 0) return {args, runtime};
  const what = alerts ? '--filter' : args.command;
  if (split.error !== null) {
    io.err(`${what}: ${split.error}\n`);
    await runtime.close();
    return EXIT_USAGE;
  }
  const members = runtime.members.filter((m) => contextMatches(m.composed.services.context, split.matchers));
  if (members.length === 0) {
    io.err(`${what}: no selected context passes its ctx= matchers (selected: ${runtime.members.map((m) => sanitize(m.composed.services.context)).join(', ')})\n`);
    await runtime.close();
    return EXIT_ATTENTION;
  }
  // One target of the rest: ack reads its targets joined, and a lone fingerprint stays one word.
  const narrowed = alerts ? {...args, filter: split.rest} : {...args, targets: split.rest === '' ? [] : [split.rest]};
  if (members.length === runtime.members.length) return {args: narrowed, runtime};
  const first = members[0]!;
  // `close` stays the whole selection's: every context opened is closed, read or not.
  const label = members.length === 1 ? first.composed.services.context : members.map((m) => m.composed.services.context).join(',');
  return {args: narrowed, runtime: {...runtime, composed: first.composed, settings: first.settings, members, selectionLabel: label}};
}
