/** The header line: context, production banner, READ-ONLY, PAUSED and CLOCK badges, source health with data age, clock. */
import {Box, Text} from 'ink';
import {memo} from 'react';
import {healthState, shortReason, tryingFor, type HealthState, type SourceHealth} from '../../domain/health.ts';
import {formatAge} from '../../domain/duration.ts';
import {sanitize} from '../../domain/sanitize.ts';
import {cellWidth} from '../text-fit.ts';
import type {Palette, Token} from './palette.ts';
import {propsEqualBy} from './props-equal.ts';

/** Props of {@link Header}. */
export interface HeaderProps {
  width: number;
  context: string;
  /**
   * A shorter name of the same context set (`5 contexts (1 PROD)`), used instead of `context` when
   * with it the health parts would not fit whole: they name each context anyway.
   */
  contextShort?: string;
  banner: string | null;
  readOnly: boolean;
  paused: boolean;
  /** `CLOCK 5m0s AHEAD`: this machine's clock is off from its backends', whose time the dashboard shows. */
  clockBadge?: string | null;
  sources: SourceHealth[];
  now: number;
  palette: Palette;
}

/** `12:34:56` in local time: the clock sits last on the line so a tick rewrites only its tail. */
export function clockText(now: number): string {
  return new Date(now).toTimeString().slice(0, 8);
}

/**
 * One source, readable without colour: `name … no data yet (trying 12s)` before its first
 * answer, `name ✔ 3s` (`◐` with partial-response warnings), `name ⚠ stale 45s`, `name ✖
 * unavailable (retrying) 2m`, or `… no data yet (trying 2m)` when it never gave good data: an age
 * there would read as data it does not have, so it says how long it has been asked instead.
 * The age is that of the last good data. `compact` drops the age of a source that is fine, and
 * shortens "no data yet (trying 2m)" to "no data", to leave room for one that is not; `terse`, for several
 * failing sources on a narrow line, also what follows a failure's reason.
 */
export function healthText(s: SourceHealth, now: number, compact: boolean | 'terse' = false): string {
  const trying = tryingFor(s, now);
  const age = s.updatedAt !== null ? formatAge(now - s.updatedAt) : compact ? 'no data' : `no data yet${trying === null ? '' : ` (trying ${formatAge(trying)})`}`;
  const name = sanitize(s.name);
  switch (healthState(s, now)) {
    case 'pending':
      return compact === 'terse' ? `${name} …` : `${name} … ${age}`;
    case 'ok':
      return `${name} ${s.warnings.length > 0 ? '◐' : '✔'}${compact ? '' : ` ${age}`}`;
    case 'stale':
      return `${name} ⚠ stale ${age}`;
    case 'error':
      return compact === 'terse' ? `${name} ✖ ${shortReason(s.error ?? '')}` : `${name} ✖ ${shortReason(s.error ?? '')}${s.retrying ? ' (retrying)' : ''} ${age}`;
  }
}

const TONE: Record<HealthState, Token> = {pending: 'muted', ok: 'ok', stale: 'warn', error: 'critical'};

/**
 * The source parts and whether the clock fits: healthy sources drop their age first, then the
 * clock goes, then healthy sources fold into one `+2 ok`, so a failing source keeps its reason,
 * `retrying` and age on an 80-column line; when several fail and still do not fit, they keep
 * their name, mark and reason (the panes say the rest).
 */
export function headerParts(sources: readonly SourceHealth[], now: number, room: number): {parts: Array<{text: string; tone: Token}>; clock: boolean; whole: boolean} {
  const part = (s: SourceHealth, compact: boolean | 'terse') => {
    const state = healthState(s, now);
    return {text: `│ ${healthText(s, now, compact)} `, tone: state === 'ok' && s.warnings.length > 0 ? ('warn' as const) : TONE[state]};
  };
  const width = (parts: Array<{text: string}>) => parts.reduce((sum, p) => sum + cellWidth(p.text), 0);
  const clockWidth = cellWidth(`│ ${clockText(now)}`);
  // Without the clock the last part needs no trailing space.
  const bare = (parts: Array<{text: string; tone: Token}>) => parts.map((p, i) => (i === parts.length - 1 ? {...p, text: p.text.trimEnd()} : p));
  const full = sources.map((s) => part(s, false));
  if (width(full) + clockWidth <= room) return {parts: full, clock: true, whole: true};
  const compact = sources.map((s) => part(s, true));
  if (width(compact) + clockWidth <= room) return {parts: compact, clock: true, whole: true};
  if (width(bare(compact)) <= room) return {parts: bare(compact), clock: false, whole: true};
  const fine = sources.filter((s) => healthState(s, now) === 'ok');
  const fold = (level: true | 'terse') =>
    bare([...sources.filter((s) => !fine.includes(s)).map((s) => part(s, level)), ...(fine.length > 0 ? [{text: `│ +${fine.length} ok `, tone: 'ok' as const}] : [])]);
  const folded = fold(true);
  return {parts: width(folded) <= room ? folded : fold('terse'), clock: false, whole: false};
}

function HeaderView({width, context: named, contextShort, banner, readOnly, paused, clockBadge, sources, now, palette}: HeaderProps) {
  const leadOf = (ctx: string) => ` oncall ${banner ? ` ${sanitize(banner)} ` : ''} ctx ${sanitize(ctx)} ${readOnly ? '[READ-ONLY] ' : ''}${paused ? '[PAUSED] ' : ''}${clockBadge ? `[${clockBadge}] ` : ''}`;
  let context = named;
  let fitted = headerParts(sources, now, width - cellWidth(leadOf(named)));
  // A narrow line: the set's count leaves the room to the contexts' own parts, which name them.
  if (!fitted.whole && contextShort !== undefined && contextShort !== named) {
    context = contextShort;
    fitted = headerParts(sources, now, width - cellWidth(leadOf(contextShort)));
  }
  const {parts, clock} = fitted;
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate" color={palette('headerFg')} backgroundColor={palette('headerBg')}>
        <Text bold>{' oncall '}</Text>
        {banner ? <Text bold inverse>{` ${sanitize(banner)} `}</Text> : null}
        <Text>{` ctx ${sanitize(context)} `}</Text>
        {readOnly ? <Text bold color={palette('badgeReadOnly')}>{'[READ-ONLY] '}</Text> : null}
        {paused ? <Text bold color={palette('warn')}>{'[PAUSED] '}</Text> : null}
        {clockBadge ? <Text bold color={palette('warn')}>{`[${clockBadge}] `}</Text> : null}
        {parts.map((p, i) => (
          <Text key={i} color={palette(p.tone)}>
            {p.text}
          </Text>
        ))}
        {clock ? <Text>{`│ ${clockText(now)}`}</Text> : null}
      </Text>
    </Box>
  );
}

/** Renders the header line; memoised, as its props are rebuilt on every render but rarely change. */
export const Header = memo(HeaderView, propsEqualBy<HeaderProps>('sources'));
