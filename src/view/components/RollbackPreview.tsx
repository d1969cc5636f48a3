/** The confirmation screen of a rollback: exactly what will be called, captured at key press. */
import {Box, Text} from 'ink';
import {unreadableLinesCheck} from '../../domain/action-log.ts';
import type {RollbackPlan} from '../../domain/deploy.ts';
import {NO_ENVIRONMENT} from '../../domain/rollback-plan.ts';
import {sanitize} from '../../domain/sanitize.ts';
import {fit} from '../text-fit.ts';
import type {Palette} from './palette.ts';

/** Props of {@link RollbackPreview}. */
export interface RollbackPreviewProps {
  plan: RollbackPlan;
  provider: string;
  /**
   * One sentence per rollback of the same service that may still be going (a run, a request of
   * unknown outcome, one a webhook accepted; from the action log or this session), newest first:
   * the user is asked again, knowingly. Empty: none.
   */
  warnings: readonly string[];
  /**
   * Torn lines of the action log (`unreadableLinesWarning`), said apart from `warnings`: none of
   * them is known to be a rollback. `mayBeRollback`: one of them may have been a recent rollback of
   * this target, so what to check is said. Absent or null: no torn line.
   */
  torn?: {text: string; mayBeRollback: boolean} | null;
  /** What became of the action log read those come from, while it is under way or when it failed. */
  note?: {text: string; tone: 'muted' | 'warn'} | null;
  /** The provider's own account of the call (endpoint, rendered inputs), from `Rollbacker.preview`. */
  details?: readonly string[];
  width: number;
  height: number;
  palette: Palette;
}

/** Renders the preview in a bordered box; the typed confirmation happens in the footer. */
export function RollbackPreview({plan, provider, warnings, torn = null, note = null, details = [], width, height, palette}: RollbackPreviewProps) {
  const rows: Array<[string, string]> = [
    ['provider', provider],
    ['call', plan.description],
    ...details.map((line, i): [string, string] => [i === 0 ? 'sends' : '', line]),
    ['service', plan.service],
    // Empty: the history did not name it (or `--to` in a context that names none); the rollback sends none.
    ['environment', plan.environment === NO_ENVIRONMENT ? '(none: not known to the history; the rollback sends none)' : plan.environment],
    ['from → to', `${plan.fromVersion} → ${plan.toVersion}`],
    ['request id', plan.idempotencyKey],
  ];
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="double" borderColor={palette('critical')} overflow="hidden">
      <Text bold color={palette('critical')} wrap="truncate">{`ROLL BACK ${sanitize(plan.service)}? This calls your CI/CD system.`}</Text>
      {torn !== null ? (
        // A line that cannot be read is not a rollback known to be going: what to check, not "another one".
        <Text bold color={palette('warn')} wrap="truncate">{`⚠ ${sanitize(torn.text)}.${torn.mayBeRollback ? ` ${sanitize(unreadableLinesCheck(plan))}.` : ''}`}</Text>
      ) : null}
      {warnings.map((warning, i) => (
        // The ask once, on the newest: a narrow screen cuts the end of each line.
        <Text key={`w${i}`} bold color={palette('warn')} wrap="truncate">{`⚠ ${sanitize(warning)}.${i === 0 ? ' Confirm only to start another one.' : ''}`}</Text>
      ))}
      {note !== null ? (
        <Text color={palette(note.tone)} wrap="truncate">{sanitize(note.text)}</Text>
      ) : null}
      {rows.map(([label, value], i) => (
        <Text key={i} wrap="truncate">
          <Text color={palette('muted')}>{fit(label, 13)}</Text>
          <Text color={palette('text')}>{` ${sanitize(value)}`}</Text>
        </Text>
      ))}
      <Text color={palette('muted')} wrap="truncate">{`Type ${sanitize(plan.service)} and Enter to confirm; Esc cancels. The target was fixed when you pressed the key.`}</Text>
    </Box>
  );
}
