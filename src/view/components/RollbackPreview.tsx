/** The confirmation screen of a rollback: exactly what will be called, captured at key press. */
import {Box, Text} from 'ink';
import {unreadableLinesCheck} from '../../domain/action-log.ts';
import type {RollbackPlan} from '../../domain/deploy.ts';
import {NO_ENVIRONMENT} from '../../domain/rollback-plan.ts';
import type {ConfirmKeys} from '../../actions/key-hints.ts';
import {sanitize} from '../../domain/sanitize.ts';
import {contextLabel, cutContextLabel} from '../context-short.ts';
import {wrapSpans} from '../help-layout.ts';
import {cellWidth, fit} from '../text-fit.ts';
import type {Palette, Token} from './palette.ts';

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
   * What may be wrong with the plan itself (`SelectionInfo.rollbackWarnings`: a history read in
   * part, a deploy row that is not what runs), sanitized sentences said first. Absent: none.
   */
  planWarnings?: readonly string[];
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
  /**
   * The context rolled back in, when the view holds several: the other lines read the same for
   * the same service in either. Labelled `PROD prod-us`, the name cut in the middle where the
   * line is too narrow for it and the cut still names no other of `others` (`cutContextLabel`).
   * Absent or null: one context.
   */
  context?: RollbackContext | null;
  /** The keys that confirm and cancel, as bound (`confirmKeys`); absent: Enter and Esc. */
  keys?: ConfirmKeys;
  width: number;
  height: number;
  palette: Palette;
}

// The default keymap's: a preview drawn without the dashboard's keymap (a test) names these.
const DEFAULT_KEYS: ConfirmKeys = {submit: 'Enter', back: 'Esc'};

/** The box's border: a line above and one below, a column left and one right. */
const BORDER_LINES = 2;
const BORDER_COLUMNS = 2;
/** The width of a row's label (`environment`, `from → to`), its value after a space. */
const LABEL_WIDTH = 13;
/** The `keep` of the lines that must be seen for a confirmation to mean anything. */
const ESSENTIAL = 0;

/**
 * One line of the preview, as text. `keep` orders what stays when the box is short: the
 * {@link ESSENTIAL} ones are never left out, the lowest of the others stay longest. `whole`: the
 * line names the target and must be seen to its end (a version cut at the box's edge is no target).
 */
interface PreviewLine {
  key: string;
  keep: number;
  whole?: boolean;
  /** A row's muted label, drawn `LABEL_WIDTH` wide before `text`; absent: `text` alone. */
  label?: string;
  text: string;
  tone: Token;
  bold?: boolean;
}

/** The context a rollback confirmation among several is in, and the names of the others. */
export interface RollbackContext {
  name: string;
  production: boolean;
  others: readonly string[];
}

/** What the preview's lines are built from: its props but the box's height and colours. */
type PreviewContent = Pick<RollbackPreviewProps, 'plan' | 'warnings' | 'width'> & Partial<Pick<RollbackPreviewProps, 'provider' | 'planWarnings' | 'torn' | 'note' | 'details' | 'context' | 'keys'>>;

/** The context line's text in a box `width` wide: the label, cut where it must and may be. */
function contextText(context: RollbackContext, width: number): string {
  const name = sanitize(context.name);
  const room = width - BORDER_COLUMNS - LABEL_WIDTH - 1;
  // Uncut when no cut names it alone: the line is then too wide, and Enter is held.
  return cutContextLabel(name, context.production, context.others.map((o) => sanitize(o)), room) ?? contextLabel(name, context.production);
}

/** The mark before a warning, and the indent of its further lines under the mark's text. */
const WARN_MARK = '⚠ ';
const WARN_INDENT = '  ';

/**
 * A warning as the lines it takes in a box `width` wide, wrapped at spaces under its mark: each
 * is essential, so `rollbackPreviewFits` counts every one, and a warning too long for the box
 * holds Enter rather than being cut (its deciding clause, what confirming replaces or what to
 * check first, may be its last words). `text` is sanitized already.
 */
function warningLines(text: string, key: string, width: number, mark = WARN_MARK, bold = true): PreviewLine[] {
  const room = Math.max(1, width - BORDER_COLUMNS - cellWidth(mark));
  const indent = ' '.repeat(cellWidth(mark));
  const wrapped = wrapSpans([{text, tone: 'warn'}], room).map((spans) => spans.map((s) => s.text).join(''));
  return wrapped.map((line, j) => ({key: `${key}.${j}`, keep: ESSENTIAL, text: `${j === 0 ? mark : indent}${line}`, tone: 'warn' as const, bold}));
}

/** The preview's lines in their order; the provider's, the note, the details and the context only when given. */
function previewLines({plan, provider, warnings, planWarnings = [], torn = null, note = null, details = [], context = null, keys = DEFAULT_KEYS, width}: PreviewContent): PreviewLine[] {
  const row = (key: string, label: string, value: string, keep: number, whole = false): PreviewLine => ({key, keep, whole, label, text: sanitize(value), tone: 'text'});
  return [
    {key: 'title', keep: ESSENTIAL, text: `ROLL BACK ${sanitize(plan.service)}? This calls your CI/CD system.`, tone: 'critical', bold: true},
    // Every warning is essential: a confirmation over one not shown is a rollback started blind.
    // What may be wrong with "from → to" first: it is what the confirmation names.
    // Wrapped, never cut: what it says about the rollback is what the confirmation is given over.
    ...planWarnings.flatMap((warning, i) => warningLines(`${sanitize(warning)}.`, `p${i}`, width)),
    // A line that cannot be read is not a rollback known to be going: what to check, not "another one".
    ...(torn !== null ? warningLines(`${sanitize(torn.text)}.${torn.mayBeRollback ? ` ${sanitize(unreadableLinesCheck(plan))}.` : ''}`, 'torn', width) : []),
    // The ask once, on the newest; each wrapped, as the plan's: its end is what to do.
    ...warnings.flatMap((warning, i) => warningLines(`${sanitize(warning)}.${i === 0 ? ' Confirm only to start another one.' : ''}`, `w${i}`, width)),
    // A warning note (the log could not be read, so a rollback started elsewhere is not checked)
    // is essential as the warnings are, and wrapped too; a muted one (asking a provider) may give way.
    ...(note === null ? [] : note.tone === 'warn' ? warningLines(sanitize(note.text), 'note', width, '', false) : [{key: 'note', keep: 5, text: sanitize(note.text), tone: note.tone}]),
    ...(provider === undefined ? [] : [row('provider', 'provider', provider, 3)]),
    row('call', 'call', plan.description, 3),
    ...details.map((line, i) => row(`d${i}`, i === 0 ? 'sends' : '', line, 7)),
    row('service', 'service', plan.service, 2),
    // Among several contexts the target names its context, to its end: a cluster cut off is none.
    ...(context === null ? [] : [row('context', 'context', contextText(context, width), ESSENTIAL, true)]),
    // Empty: the history did not name it (or `--to` in a context that names none); the rollback sends none.
    row('environment', 'environment', plan.environment === NO_ENVIRONMENT ? '(none: not known to the history; the rollback sends none)' : plan.environment, ESSENTIAL, true),
    row('move', 'from → to', `${plan.fromVersion} → ${plan.toVersion}`, ESSENTIAL, true),
    row('request', 'request id', plan.idempotencyKey, 8),
    {key: 'type', keep: 6, text: `Type ${sanitize(plan.service)} and ${keys.submit} to confirm; ${keys.back} cancels. The target was fixed when you pressed the key.`, tone: 'muted'},
  ];
}

/** A line's width in cells as drawn. */
function lineWidth(line: PreviewLine): number {
  return line.label === undefined ? cellWidth(line.text) : LABEL_WIDTH + 1 + cellWidth(line.text);
}

/**
 * Whether a preview `width` by `height` cells (border included) shows all that its confirmation
 * confirms: the title, every warning, torn line and warning note, each plan warning on all the
 * lines it wraps onto, the context among several, the environment and `from → to`, these three to
 * their end. When not, Enter is held (`tooShortHold`):
 * what it would confirm is not on screen.
 */
export function rollbackPreviewFits({height, ...content}: PreviewContent & Pick<RollbackPreviewProps, 'height'>): boolean {
  const width = content.width;
  const essential = previewLines(content).filter((l) => l.keep === ESSENTIAL);
  return height - BORDER_LINES >= essential.length && essential.every((l) => !l.whole || lineWidth(l) <= width - BORDER_COLUMNS);
}

/**
 * The lines that fit in `room`, in their own order: those with the lowest `keep` first; when
 * some are left out, the last one kept says how many (when there is room for it besides the
 * essential ones).
 */
function fitLines(lines: readonly PreviewLine[], room: number, cutNote: (count: number) => PreviewLine): PreviewLine[] {
  if (lines.length <= room) return [...lines];
  const byKeep = lines.map((l, i) => ({...l, i})).sort((a, b) => a.keep - b.keep || a.i - b.i);
  const noteRoom = room > lines.filter((l) => l.keep === ESSENTIAL).length ? 1 : 0;
  const kept = new Set(byKeep.slice(0, room - noteRoom).map((l) => l.i));
  const shown = lines.filter((_, i) => kept.has(i));
  return noteRoom ? [...shown, cutNote(lines.length - kept.size)] : shown;
}

/**
 * Renders the preview in a bordered box; the typed confirmation happens in the footer. Each line
 * is one terminal line: in a short box whole lines are left out, the essential ones never (lines
 * squeezed by the layout were drawn over each other). A box too short or too narrow for those
 * says so, and the confirmation is held (`tooShortHold`).
 */
export function RollbackPreview({plan, provider, warnings, planWarnings = [], torn = null, note = null, details = [], context = null, keys = DEFAULT_KEYS, width, height, palette}: RollbackPreviewProps) {
  const lines = previewLines({plan, provider, warnings, planWarnings, torn, note, details, context, keys, width});
  const room = height - BORDER_LINES;
  const shown = rollbackPreviewFits({plan, warnings, planWarnings, torn, note, context, keys, width, height})
    ? fitLines(lines, room, (count) => ({key: 'cut', keep: ESSENTIAL, text: `… ${count} more line${count === 1 ? '' : 's'}: a taller terminal shows them`, tone: 'muted'}))
    : [{key: 'small', keep: ESSENTIAL, text: `Terminal too small to confirm the rollback of ${sanitize(plan.service)}: enlarge it, or ${keys.back}`, tone: 'warn' as const, bold: true}];
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="double" borderColor={palette('critical')} overflow="hidden">
      {shown.map((line) => (
        // No line gives way to the others: whole lines are left out above instead.
        <Box key={line.key} flexShrink={0}>
          {line.label === undefined ? (
            <Text bold={line.bold} color={palette(line.tone)} wrap="truncate">
              {line.text}
            </Text>
          ) : (
            <Text wrap="truncate">
              <Text color={palette('muted')}>{fit(line.label, LABEL_WIDTH)}</Text>
              <Text color={palette(line.tone)}>{` ${line.text}`}</Text>
            </Text>
          )}
        </Box>
      ))}
    </Box>
  );
}
