/**
 * The exit codes of the one-shot commands, one scheme for all of them (README "Exit codes"):
 * a script can tell "all clear" from "needs attention" from "could not tell".
 */

/** Done; nothing needs attention. */
export const EXIT_OK = 0;
/** Something needs attention (an SLO pages, an unacked critical fires), nothing matched, or an action failed. */
export const EXIT_ATTENTION = 1;
/** A usage or config error, a read-only context, or no terminal to confirm on. */
export const EXIT_USAGE = 2;
/** A source could not be read (or only in part), so the answer may be incomplete. */
export const EXIT_SOURCE_FAILED = 3;

/** Any of the four. */
export type ExitCode = typeof EXIT_OK | typeof EXIT_ATTENTION | typeof EXIT_USAGE | typeof EXIT_SOURCE_FAILED;

// How bad each code is, for a command run over several contexts: a refusal or usage error
// outranks a failed action, which outranks an unreadable source, which outranks success.
const RANK: Readonly<Record<ExitCode, number>> = {[EXIT_OK]: 0, [EXIT_SOURCE_FAILED]: 1, [EXIT_ATTENTION]: 2, [EXIT_USAGE]: 3};

/** The worst of several contexts' exit codes (0 for none). */
export function worstExitCode(codes: readonly ExitCode[]): ExitCode {
  return codes.reduce<ExitCode>((worst, code) => (RANK[code] > RANK[worst] ? code : worst), EXIT_OK);
}

/**
 * `oncall rollback` stopped following its run because the terminal hung up (SIGHUP: the SSH
 * session dropped, the tmux pane was killed): 128 + the signal's number, what a shell reports for
 * a process the signal ended, so a wrapper cannot tell the clean stop from Node's default one.
 */
export const EXIT_HANGUP = 129;
/** Likewise for SIGTERM (someone asked the command to stop): 128 + 15. */
export const EXIT_TERMINATED = 143;
