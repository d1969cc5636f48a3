/**
 * The `:` command line: parses what was typed into a small result the reducer turns into state
 * changes or effects. Kept apart from the reducer so new commands are one case here.
 */
import type {QuietKind} from '../domain/alert-states.ts';
import {MAX_ACK_MS, MAX_ACK_TEXT} from '../domain/ack-plan.ts';
import {parseDuration} from '../domain/duration.ts';
import {sanitize} from '../domain/sanitize.ts';
import type {ActionId} from './action-ids.ts';
import {parseKinds} from './ui-hidden.ts';

/** What a command line means. */
export type ParsedCommand =
  | {kind: 'none'}
  | {kind: 'quit'}
  | {kind: 'help'}
  | {kind: 'switch-context'; name: string}
  | {kind: 'switch-theme'; name: string}
  | {kind: 'ack'; durationMs: number | null; comment: string}
  | {kind: 'resolve'}
  | {kind: 'hide'; kinds: QuietKind[]; hide: boolean}
  | {kind: 'note'; text: string}
  | {kind: 'error'; message: string};

/**
 * The row action a command line stands for (`:ack` is `a`, `:resolve` is the resolve action), or
 * null: it acts on the row kept when `:` was pressed, so it is guarded as the key is (ui-cursor.ts).
 */
export function commandRowAction(cmd: ParsedCommand): ActionId | null {
  return cmd.kind === 'ack' || cmd.kind === 'resolve' ? cmd.kind : null;
}

/** The commands the help text and the unknown-command message advertise. */
export const COMMAND_SUMMARY = ':ctx NAME[,NAME…]|GROUP|*, :theme NAME, :ack [DURATION] [COMMENT], :resolve, :note TEXT, :hide/:show acked|silenced|inhibited|all, :help or :q';

// A word meant as a duration: numbers (signed, decimal) each followed by nothing or a unit word,
// in any case, with at least one unit letter or decimal point. `5xx` or `db-01` are not, nor a
// bare integer (`500 errors on checkout`, `0 pods ready`): they start a comment.
const DURATION_ATTEMPT = /^(?=.*[a-z.])[-+]?(?:\d+(?:\.\d+)?(?:ms|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|y|yrs?|years?)?)+$/i;

function oneArgument(verb: string, args: string[], make: (name: string) => ParsedCommand): ParsedCommand {
  const [name] = args;
  if (args.length !== 1 || name === undefined) return {kind: 'error', message: `Usage: :${verb} NAME`};
  return make(name);
}

/**
 * `:ctx prod-eu,prod-us`, `:ctx prod-eu prod-us`, `:ctx prod` (a group), `:ctx *`: one
 * selection, its words joined by commas, resolved by the config's `selectContexts` (cli/).
 */
function contextArgument(verb: string, args: string[]): ParsedCommand {
  const words = args.flatMap((a) => a.split(',')).filter((w) => w !== '');
  if (words.length === 0) return {kind: 'error', message: `Usage: :${verb} NAME[,NAME…] | GROUP | *`};
  return {kind: 'switch-context', name: words.join(',')};
}

/**
 * Parses a command line (the text after `:`; a repeated leading `:` is tolerated). Empty input
 * means nothing; an unknown verb is an error whose message lists the known commands.
 */
export function parseCommand(text: string): ParsedCommand {
  const words = text.trim().replace(/^:+/, '').trim().split(/\s+/).filter((w) => w.length > 0);
  const [verb, ...args] = words;
  if (verb === undefined) return {kind: 'none'};
  switch (verb) {
    case 'q':
    case 'quit':
      return {kind: 'quit'};
    case 'h':
    case 'help':
      return {kind: 'help'};
    case 'ctx':
    case 'context':
      return contextArgument(verb, args);
    case 'theme':
      return oneArgument(verb, args, (name) => ({kind: 'switch-theme', name}));
    case 'ack': {
      // `:ack 1h looking into it`: the selected alert, for an hour, with a comment. A first word
      // that is not a duration starts the comment and the configured duration applies.
      const first = args[0];
      const ms = first === undefined ? null : parseDuration(first);
      // A typo of a duration (`1.5h`, `2H`, `30min`, `0h`, `-1h`) would ack for the configured
      // duration with the typo as its comment, silently: said instead.
      if (ms === null && first !== undefined && DURATION_ATTEMPT.test(first)) return {kind: 'error', message: `Bad duration "${sanitize(first)}": use e.g. 90m, 1h30m (max 7d)`};
      if (ms !== null && ms > MAX_ACK_MS) return {kind: 'error', message: MAX_ACK_TEXT};
      return {kind: 'ack', durationMs: ms, comment: (ms === null ? args : args.slice(1)).join(' ')};
    }
    case 'resolve':
      // The selected PagerDuty incident, after its service name is typed.
      return args.length === 0 ? {kind: 'resolve'} : {kind: 'error', message: 'Usage: :resolve (on a PagerDuty incident row)'};
    case 'note': {
      // The text as typed (the input already dropped controls), spaces kept between words.
      const note = text.trim().replace(/^:+/, '').trim().slice(verb.length).trim();
      return note === '' ? {kind: 'error', message: 'Usage: :note TEXT (added to the action log and the timeline)'} : {kind: 'note', text: note};
    }
    case 'hide':
    case 'show': {
      const kinds = parseKinds(args);
      return typeof kinds === 'string' ? {kind: 'error', message: `:${verb}: ${sanitize(kinds)}`} : {kind: 'hide', kinds, hide: verb === 'hide'};
    }
    default:
      return {kind: 'error', message: `Unknown command ":${sanitize(verb)}"; try ${COMMAND_SUMMARY}`};
  }
}
