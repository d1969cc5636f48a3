/** The header line: context, production banner, READ-ONLY, PAUSED, CLOCK and LOG NOT WRITABLE badges (shorter on a narrow line), source health with data age, clock. */
import {Box, Text} from 'ink';
import {memo} from 'react';
import {healthState, shortReason, tryingFor, type HealthState, type SourceHealth} from '../../domain/health.ts';
import {formatAge} from '../../domain/duration.ts';
import {sanitize} from '../../domain/sanitize.ts';
import {SHORT_CONTEXT_WIDTH} from '../context-short.ts';
import {cellWidth, truncate} from '../text-fit.ts';
import type {Palette, Token} from './palette.ts';
import {propsEqualBy} from './props-equal.ts';

/** The badge of an action log that cannot be written. */
export const NOT_LOGGING_BADGE = '[LOG NOT WRITABLE]';

/** `CLOCK 5m0s AHEAD` as `CLK 5m0s`: the clock is off by that much, its direction left to the wider line. */
export function shortClockBadge(badge: string): string {
  const m = /^CLOCK (\S+) (AHEAD|BEHIND)$/.exec(badge);
  return m ? `CLK ${m[1]}` : badge;
}

/**
 * `PRODUCTION` as `PROD`: a theme's banner on a line too narrow for it whole. A banner that does
 * not start with the PROD word keeps its first word, cut with `…`, never a word it does not say.
 */
export function shortBanner(banner: string): string {
  const first = banner.trim().split(/\s+/, 1)[0] ?? '';
  if (/^PROD/i.test(first)) return first.slice(0, 4);
  return truncate(first, 5);
}

/** One way of saying the lead's badges and banner, from whole to least. */
export interface BadgeForm {
  readOnly: string;
  notLogging: string;
  paused: string;
  /** The clock badge's text from its whole (`CLOCK 5m0s AHEAD`). */
  clock: (badge: string) => string;
  banner: (banner: string) => string;
  /** Whether the context keeps its `ctx` word and the product's name: the least form gives their cells to the sources. */
  ctxWord: boolean;
}

const whole = (text: string) => text;

/**
 * The badges and the banner whole, then shorter, as a narrow line needs: a failing or stale
 * source's summary (`✖1 ⚠1`) matters more than a badge's length. Each form still says the same
 * thing: `[RO]`, `[!LOG]`, `[‖]` (paused) and `[CLK 5m0s]` together, then the banner's PROD word
 * alone (`PROD`), `[!L]`, `[CLK]`, and the context without its `ctx` word.
 */
export const BADGE_FORMS: readonly BadgeForm[] = [
  {readOnly: '[READ-ONLY]', notLogging: NOT_LOGGING_BADGE, paused: '[PAUSED]', clock: whole, banner: whole, ctxWord: true},
  {readOnly: '[READ-ONLY]', notLogging: '[NO LOG]', paused: '[PAUSED]', clock: whole, banner: whole, ctxWord: true},
  {readOnly: '[RO]', notLogging: '[!LOG]', paused: '[‖]', clock: shortClockBadge, banner: whole, ctxWord: true},
  {readOnly: '[RO]', notLogging: '[!L]', paused: '[‖]', clock: () => 'CLK', banner: shortBanner, ctxWord: false},
];

/** Props of {@link Header}. */
export interface HeaderProps {
  width: number;
  context: string;
  /**
   * A shorter name of the same context set (`5 contexts (1 PROD)`), used instead of `context` when
   * with it the health parts would not fit whole: they name each context anyway.
   */
  contextShort?: string;
  /**
   * Each source's short name by its name (`PROD prod-eu` → `PROD eu`), for a set of contexts:
   * the names its rows' CONTEXT cells show when cut, used once the sources' parts do not fit
   * whole with their full names, so a row's cell maps to a header entry.
   */
  sourceShort?: ReadonlyMap<string, string>;
  /**
   * The set listed by those short names (`staging,PROD eu,PROD us`): where the sources' parts
   * fold (`+3 ok`) beside the count as well, it names each context as its rows do.
   */
  contextNarrow?: string;
  banner: string | null;
  readOnly: boolean;
  paused: boolean;
  /** `CLOCK 5m0s AHEAD`: this machine's clock is off from its backends', whose time the dashboard shows. */
  clockBadge?: string | null;
  /**
   * `[LOG NOT WRITABLE]`: the last action log entry did not land, so acks and rollbacks from here
   * go unseen by what reads the log (`oncall rollback`, `status --json`'s `kept`).
   */
  notLogging?: boolean;
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
 * answer, `name ✔ 3s` (`◐` when read in part: partial-response warnings; other warnings, such as
 * Prometheus' infos, leave `✔`, in the warn tone), `name ⚠ stale 45s`, `name ✖
 * unavailable (retrying) 2m`, or `… no data yet (trying 2m)` when it never gave good data: an age
 * there would read as data it does not have, so it says how long it has been asked instead.
 * The age is that of the last good data. `compact` drops the age of a source that is fine, and
 * shortens "no data yet (trying 2m)" to "no data", to leave room for one that is not; `terse`, for several
 * failing sources on a narrow line, also what follows a failure's reason; `mark` keeps only the
 * name and mark (`name ✖`, `name ⚠`), for a line where even the reasons do not fit. A source not
 * read at all says why (`pagerduty – not read in the past`; `pagerduty –` when terse).
 */
export function healthText(s: SourceHealth, now: number, compact: boolean | 'terse' | 'mark' = false): string {
  // A source not read at all (in the past) says why, in words: no age, no state of its own.
  if (s.unread !== undefined) return compact === 'terse' || compact === 'mark' ? `${sanitize(s.name)} –` : `${sanitize(s.name)} – ${sanitize(s.unread)}`;
  const trying = tryingFor(s, now);
  const age = s.updatedAt !== null ? formatAge(now - s.updatedAt) : compact ? 'no data' : `no data yet${trying === null ? '' : ` (trying ${formatAge(trying)})`}`;
  const name = sanitize(s.name);
  const state = healthState(s, now);
  if (compact === 'mark') return `${name} ${MARK[state] ?? (readInPart(s) ? '◐' : '✔')}`;
  switch (state) {
    case 'pending':
      return compact === 'terse' ? `${name} …` : `${name} … ${age}`;
    case 'ok':
      return `${name} ${readInPart(s) ? '◐' : '✔'}${compact ? '' : ` ${age}`}`;
    case 'stale':
      return `${name} ⚠ stale ${age}`;
    case 'error':
      return compact === 'terse' ? `${name} ✖ ${shortReason(s.error ?? '')}` : `${name} ✖ ${shortReason(s.error ?? '')}${s.retrying ? ' (retrying)' : ''} ${age}`;
  }
}

// `◐` says the answer was read in part (a store or tenant behind the source did not answer, a
// deploy history with entries skipped), as `status` does; other warnings (an info, a refused SLO
// query) keep `✔`,
// not a half-read source, in the warn tone: the pane title says what they are.
const readInPart = (s: SourceHealth): boolean => (s.partial?.length ?? 0) > 0;

const MARK: Partial<Record<HealthState, string>> = {pending: '…', stale: '⚠', error: '✖'};

const TONE: Record<HealthState, Token> = {pending: 'muted', ok: 'ok', stale: 'warn', error: 'critical'};

/** A run of header parts: each source's text (`│ name ✔ 3s `) with its tone. */
type Parts = Array<{text: string; tone: Token}>;

const partsWidth = (parts: Parts) => parts.reduce((sum, p) => sum + cellWidth(p.text), 0);

/**
 * The source parts and whether the clock fits: healthy sources drop their age first, then the
 * clock goes, then healthy sources fold into one `+2 ok`, so a failing source keeps its reason,
 * `retrying` and age on an 80-column line; when several fail and still do not fit, they keep
 * their name, mark and reason (the panes say the rest). `fits` is false when even that is wider
 * than `room`: {@link Header} then shortens the context name, then drops the reasons
 * ({@link foldedParts} `mark`), then sums the failures up ({@link downParts}).
 */
export function headerParts(sources: readonly SourceHealth[], now: number, room: number): {parts: Parts; clock: boolean; whole: boolean; fits: boolean} {
  const clockWidth = cellWidth(`│ ${clockText(now)}`);
  const full = sources.map((s) => sourcePart(s, now, false));
  if (partsWidth(full) + clockWidth <= room) return {parts: full, clock: true, whole: true, fits: true};
  const compact = sources.map((s) => sourcePart(s, now, true));
  if (partsWidth(compact) + clockWidth <= room) return {parts: compact, clock: true, whole: true, fits: true};
  if (partsWidth(bare(compact)) <= room) return {parts: bare(compact), clock: false, whole: true, fits: true};
  const folded = foldedParts(sources, now, true);
  if (partsWidth(folded) <= room) return {parts: folded, clock: false, whole: false, fits: true};
  const terse = foldedParts(sources, now, 'terse');
  return {parts: terse, clock: false, whole: false, fits: partsWidth(terse) <= room};
}

function sourcePart(s: SourceHealth, now: number, compact: boolean | 'terse' | 'mark') {
  const state = healthState(s, now);
  const tone = s.unread !== undefined ? 'muted' : state === 'ok' && s.warnings.length > 0 ? ('warn' as const) : TONE[state];
  return {text: `│ ${healthText(s, now, compact)} `, tone};
}

// Without the clock the last part needs no trailing space.
const bare = (parts: Parts): Parts => parts.map((p, i) => (i === parts.length - 1 ? {...p, text: p.text.trimEnd()} : p));

/**
 * The sources that are not fine, each at `level`, then the fine ones as one `+2 ok`; no clock.
 * Fine is ok and read in full: a source read in part (`◐`, which `status` calls PARTIAL) keeps
 * its own part in the warn tone. One with other warnings folds, or the lasting warnings of
 * healthy sources would take a failing source's `(retrying)` and age; the `+N ok` holding it
 * takes the warn tone, as its own `✔` would, so the fold never reads all clear.
 */
export function foldedParts(sources: readonly SourceHealth[], now: number, level: true | 'terse' | 'mark'): Parts {
  const fine = sources.filter((s) => healthState(s, now) === 'ok' && s.unread === undefined && !readInPart(s));
  const tone = fine.some((s) => s.warnings.length > 0) ? ('warn' as const) : ('ok' as const);
  return bare([...sources.filter((s) => !fine.includes(s)).map((s) => sourcePart(s, now, level)), ...(fine.length > 0 ? [{text: `│ +${fine.length} ok `, tone}] : [])]);
}

/**
 * The failing and stale sources summed up in at most `room` cells, for a line too narrow for
 * each one's name and mark: `│ ✖ 2 of 4 down, ⚠ 1 stale: alertmanager, argocd, prometheus`, its
 * names cut with `…`, and at the least `│ ✖2 ⚠1`, so neither a failure nor a source whose data
 * is old leaves the line. Null when none fails or is stale.
 */
export function downParts(sources: readonly SourceHealth[], now: number, room: number): Parts | null {
  const down = sources.filter((s) => healthState(s, now) === 'error');
  const stale = sources.filter((s) => healthState(s, now) === 'stale');
  if (down.length + stale.length === 0) return null;
  const of = down.length + stale.length < sources.length ? ` of ${sources.length}` : '';
  const counts = [...(down.length > 0 ? [`✖ ${down.length}${of} down`] : []), ...(stale.length > 0 ? [`⚠ ${stale.length}${down.length > 0 ? '' : of} stale`] : [])].join(', ');
  const least = `│ ${[...(down.length > 0 ? [`✖${down.length}`] : []), ...(stale.length > 0 ? [`⚠${stale.length}`] : [])].join(' ')}`;
  const whole = `│ ${counts}: ${[...down, ...stale].map((s) => sanitize(s.name)).join(', ')}`;
  // Below a name's first letter the counts alone say more than a cut name would.
  const text = cellWidth(whole) <= room ? whole : room >= cellWidth(`│ ${counts}: x…`) ? truncate(whole, room) : least;
  return [{text, tone: down.length > 0 ? 'critical' : 'warn'}];
}

/**
 * `PROD payments-eu-west-1` in at most `cells` cells (at least the PROD word and `…`): the name
 * is cut, never the PROD word, which says which kind of context this is when the name cannot.
 */
export function shortContext(context: string, cells: number): string {
  if (cellWidth(context) <= cells) return context;
  const keep = context.startsWith('PROD ') ? 'PROD ' : '';
  return keep + truncate(context.slice(keep.length), Math.max(1, cells - keep.length));
}

// The context name is cut no shorter than a CONTEXT cell's short name for the sources' sake
// (`PROD p…`, `stagin…`): `PROD …` alone would not say which production context the keys act on.
const CONTEXT_LEAST = SHORT_CONTEXT_WIDTH;

/**
 * The context name and the source parts that fit `width` together, each step giving up less
 * than the next: the parts as {@link headerParts} fits them (by the contexts' short names when
 * not whole with their full ones); the set listed by its short names when the parts fold beside its count too; the set named by
 * its count; the name
 * shortened so the failures keep their reasons; the failures by name and mark only, the name
 * whole, then shortened (to no less than {@link SHORT_CONTEXT_WIDTH} cells); the failures and
 * stale sources summed up. The lead's banner, PROD word and badges stay (in the form
 * {@link BADGE_FORMS} gives them): they say where the keys act. Only where even `✖3` would not
 * fit beside them does the product's own name (` oncall `) go.
 */
function fitHeader(p: HeaderProps, leadOf: (context: string, brand?: boolean) => string): {context: string; parts: Parts; clock: boolean; brand: boolean} {
  const {width, context: named, contextShort, contextNarrow, sources: full, now, sourceShort} = p;
  const whole = headerParts(full, now, width - cellWidth(leadOf(named)));
  if (whole.fits && whole.whole) return {context: named, ...whole, brand: true};
  // Shortened from here on: the contexts by the short names their rows' cut cells show.
  const sources = sourceShort === undefined ? full : full.map((s) => ({...s, name: sourceShort.get(s.name) ?? s.name}));
  const fitted = sources === full ? whole : headerParts(sources, now, width - cellWidth(leadOf(named)));
  if (fitted.fits && (fitted.whole || contextShort === undefined || contextShort === named)) return {context: named, ...fitted, brand: true};
  // A narrow line: the set's count leaves the room to the contexts' own parts, which name them.
  if (contextShort !== undefined && contextShort !== named) {
    const short = headerParts(sources, now, width - cellWidth(leadOf(contextShort)));
    if (short.fits && !short.whole && contextNarrow !== undefined) {
      // Folded beside the count too: the short names list every context, the parts as they are.
      const listed = headerParts(sources, now, width - cellWidth(leadOf(contextNarrow)));
      if (listed.fits && listed.parts.map((x) => x.text).join() === short.parts.map((x) => x.text).join()) return {context: contextNarrow, ...listed, brand: true};
    }
    if (short.fits) return {context: contextShort, ...short, brand: true};
  }
  if (fitted.fits) return {context: named, ...fitted, brand: true};
  // A set is shortened no further than its count, which says how many are PROD.
  const contextIn = (cells: number) => (contextShort !== undefined ? (cellWidth(sanitize(named)) <= cells ? named : contextShort) : shortContext(sanitize(named), cells));
  const leadRoom = width - cellWidth(leadOf(''));
  for (const level of ['terse', 'mark'] as const) {
    const parts = foldedParts(sources, now, level);
    const context = contextIn(Math.max(CONTEXT_LEAST, leadRoom - partsWidth(parts)));
    if (cellWidth(leadOf(context)) + partsWidth(parts) <= width) return {context, parts, clock: false, brand: true};
  }
  // A few letters of the name stay before the sources' names get the room.
  const wanted = downParts(sources, now, Number.MAX_SAFE_INTEGER);
  const fewest = wanted === null ? 0 : cellWidth(downParts(sources, now, 0)![0]!.text);
  const least = width - cellWidth(leadOf(contextIn(CONTEXT_LEAST), false)) >= fewest ? contextIn(CONTEXT_LEAST) : contextIn(0);
  // Nothing fails or is stale (sources pending): their marks, cut at the end, say enough.
  if (wanted === null) return {context: least, parts: foldedParts(sources, now, 'mark'), clock: false, brand: true};
  // On a line too narrow even for the count beside the least lead, the product's name goes
  // rather than the failures.
  const brand = width - cellWidth(leadOf(least)) >= fewest;
  const context = contextIn(Math.max(cellWidth(least), width - cellWidth(leadOf('', brand)) - partsWidth(wanted)));
  return {context, parts: downParts(sources, now, width - cellWidth(leadOf(context, brand)))!, clock: false, brand};
}

/**
 * The props with a production context's name without its PROD word where the form's banner is
 * that word (the least form, `PROD  payments…`): said twice (`PROD  PROD p…`), it took the
 * cells of the name, which is what tells this context from another. The banner stays, in its
 * own colours. A set's names (it has a `contextShort`) keep their words: there they tell which
 * of its contexts is PROD.
 */
export function saidOnce(props: HeaderProps, form: BadgeForm, bannerText: string): HeaderProps {
  if (form.ctxWord || props.contextShort !== undefined || !/^PROD/i.test(bannerText) || !props.context.startsWith('PROD ')) return props;
  return {...props, context: props.context.slice('PROD '.length)};
}

function HeaderView(props: HeaderProps) {
  const {width, banner, readOnly, paused, clockBadge, notLogging, now, palette} = props;
  // The badges whole while the sources' summary fits beside them, else shorter (most lines fit
  // at once: the later forms are tried only on a narrow line with a badge or a banner).
  const shortens = readOnly || paused || Boolean(notLogging) || Boolean(clockBadge) || banner !== null;
  let fitted: ReturnType<typeof fitHeader> | null = null;
  let badges: BadgeForm = BADGE_FORMS[0]!;
  let bannerText = '';
  for (const form of BADGE_FORMS) {
    bannerText = banner ? sanitize(form.banner(banner)) : '';
    const badgeText = `${readOnly ? `${form.readOnly} ` : ''}${paused ? `${form.paused} ` : ''}${clockBadge ? `[${sanitize(form.clock(clockBadge))}] ` : ''}${notLogging ? `${form.notLogging} ` : ''}`;
    // The least form is for a line that shortened the banner: the product's name has no room there.
    const leadOf = (ctx: string, brand = true) => `${brand && form.ctxWord ? ' oncall ' : ''}${bannerText ? ` ${bannerText} ` : ''} ${form.ctxWord ? 'ctx ' : ''}${sanitize(ctx)} ${badgeText}`;
    fitted = fitHeader(saidOnce(props, form, bannerText), leadOf);
    badges = form;
    if (!shortens) break;
    if (cellWidth(leadOf(fitted.context, fitted.brand)) + partsWidth(fitted.parts) <= width) break;
  }
  const {context, parts, clock} = fitted!;
  const brand = fitted!.brand && badges.ctxWord;
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate" color={palette('headerFg')} backgroundColor={palette('headerBg')}>
        {brand ? <Text bold>{' oncall '}</Text> : null}
        {bannerText ? <Text bold inverse>{` ${bannerText} `}</Text> : null}
        <Text>{` ${badges.ctxWord ? 'ctx ' : ''}${sanitize(context)} `}</Text>
        {readOnly ? <Text bold color={palette('badgeReadOnly')}>{`${badges.readOnly} `}</Text> : null}
        {paused ? <Text bold color={palette('warn')}>{`${badges.paused} `}</Text> : null}
        {clockBadge ? <Text bold color={palette('warn')}>{`[${sanitize(badges.clock(clockBadge))}] `}</Text> : null}
        {notLogging ? <Text bold color={palette('warn')}>{`${badges.notLogging} `}</Text> : null}
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
