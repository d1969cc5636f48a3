/** The confirmation screen of a rollback: exactly what will be called, captured at key press. */
import type {ReactNode} from 'react';
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

/** The box's border: a line above and one below. */
const BORDER_LINES = 2;
/** The lines that must be seen for a confirmation to mean anything: the title and `from → to`. */
const ESSENTIAL_LINES = 2;

/** Whether a preview `height` lines tall (border included) shows its title and its `from → to`. */
export function rollbackPreviewFits(height: number): boolean {
  return height - BORDER_LINES >= ESSENTIAL_LINES;
}

/** One line of the preview; `keep` orders what stays when the box is short (0 stays longest). */
interface PreviewLine {
  keep: number;
  node: ReactNode;
}

/**
 * The lines that fit in `room`, in their own order: those with the lowest `keep` first; when
 * some are left out, the last one kept says how many (when there is room for it besides the
 * essential ones).
 */
function fitLines(lines: readonly PreviewLine[], room: number, cutNote: (count: number) => ReactNode): ReactNode[] {
  if (lines.length <= room) return lines.map((l) => l.node);
  const byKeep = lines.map((l, i) => ({...l, i})).sort((a, b) => a.keep - b.keep || a.i - b.i);
  const noteRoom = room > ESSENTIAL_LINES ? 1 : 0;
  const kept = new Set(byKeep.slice(0, room - noteRoom).map((l) => l.i));
  const shown = lines.filter((_, i) => kept.has(i)).map((l) => l.node);
  return noteRoom ? [...shown, cutNote(lines.length - kept.size)] : shown;
}

/**
 * Renders the preview in a bordered box; the typed confirmation happens in the footer. Each line
 * is one terminal line: in a short box whole lines are left out, the title and `from → to` last
 * (lines squeezed by the layout were drawn over each other). A box too short even for those says
 * so, and the confirmation is held (`tooShortHold`).
 */
export function RollbackPreview({plan, provider, warnings, torn = null, note = null, details = [], width, height, palette}: RollbackPreviewProps) {
  const row = (key: string, label: string, value: string, keep: number): PreviewLine => ({
    keep,
    node: (
      <Text key={key} wrap="truncate">
        <Text color={palette('muted')}>{fit(label, 13)}</Text>
        <Text color={palette('text')}>{` ${sanitize(value)}`}</Text>
      </Text>
    ),
  });
  const lines: PreviewLine[] = [
    {keep: 0, node: <Text key="title" bold color={palette('critical')} wrap="truncate">{`ROLL BACK ${sanitize(plan.service)}? This calls your CI/CD system.`}</Text>},
    ...(torn !== null
      ? [
          // A line that cannot be read is not a rollback known to be going: what to check, not "another one".
          {keep: 1, node: <Text key="torn" bold color={palette('warn')} wrap="truncate">{`⚠ ${sanitize(torn.text)}.${torn.mayBeRollback ? ` ${sanitize(unreadableLinesCheck(plan))}.` : ''}`}</Text>},
        ]
      : []),
    ...warnings.map((warning, i) => ({
      keep: i === 0 ? 1 : 4,
      // The ask once, on the newest: a narrow screen cuts the end of each line.
      node: <Text key={`w${i}`} bold color={palette('warn')} wrap="truncate">{`⚠ ${sanitize(warning)}.${i === 0 ? ' Confirm only to start another one.' : ''}`}</Text>,
    })),
    ...(note !== null ? [{keep: 5, node: <Text key="note" color={palette(note.tone)} wrap="truncate">{sanitize(note.text)}</Text>}] : []),
    row('provider', 'provider', provider, 3),
    row('call', 'call', plan.description, 3),
    ...details.map((line, i) => row(`d${i}`, i === 0 ? 'sends' : '', line, 7)),
    row('service', 'service', plan.service, 2),
    // Empty: the history did not name it (or `--to` in a context that names none); the rollback sends none.
    row('environment', 'environment', plan.environment === NO_ENVIRONMENT ? '(none: not known to the history; the rollback sends none)' : plan.environment, 2),
    row('move', 'from → to', `${plan.fromVersion} → ${plan.toVersion}`, 0),
    row('request', 'request id', plan.idempotencyKey, 8),
    {keep: 6, node: <Text key="type" color={palette('muted')} wrap="truncate">{`Type ${sanitize(plan.service)} and Enter to confirm; Esc cancels. The target was fixed when you pressed the key.`}</Text>},
  ];
  const room = height - BORDER_LINES;
  const shown = rollbackPreviewFits(height)
    ? fitLines(lines, room, (count) => <Text key="cut" color={palette('muted')} wrap="truncate">{`… ${count} more line${count === 1 ? '' : 's'}: a taller terminal shows them`}</Text>)
    : [<Text key="small" bold color={palette('warn')} wrap="truncate">{`Terminal too small to confirm the rollback of ${sanitize(plan.service)}: enlarge it, or Esc`}</Text>];
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="double" borderColor={palette('critical')} overflow="hidden">
      {shown.map((node, i) => (
        // No line gives way to the others: whole lines are left out above instead.
        <Box key={i} flexShrink={0}>
          {node}
        </Box>
      ))}
    </Box>
  );
}
