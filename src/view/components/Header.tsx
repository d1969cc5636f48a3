/** The header line: context, production banner, READ-ONLY and PAUSED badges, source health with data age, clock. */
import {Box, Text} from 'ink';
import {memo} from 'react';
import type {SourceHealth} from '../../domain/health.ts';
import {formatAge} from '../../domain/duration.ts';
import {sanitize} from '../../domain/sanitize.ts';
import type {Palette} from './palette.ts';
import {propsEqualBy} from './props-equal.ts';

/** Props of {@link Header}. */
export interface HeaderProps {
  width: number;
  context: string;
  banner: string | null;
  readOnly: boolean;
  paused: boolean;
  sources: SourceHealth[];
  now: number;
  palette: Palette;
}

/** `12:34:56` in local time: the clock sits last on the line so a tick rewrites only its tail. */
export function clockText(now: number): string {
  return new Date(now).toTimeString().slice(0, 8);
}

/** One source as `name ✔ 3s` or `name ✖ 2m`, readable without colour. */
export function healthText(s: SourceHealth, now: number): string {
  const age = s.updatedAt === null ? '—' : formatAge(now - s.updatedAt);
  const mark = s.ok ? (s.warnings.length > 0 ? '◐' : '✔') : '✖';
  return `${sanitize(s.name)} ${mark} ${age}`;
}

function HeaderView({width, context, banner, readOnly, paused, sources, now, palette}: HeaderProps) {
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate" color={palette('headerFg')} backgroundColor={palette('headerBg')}>
        <Text bold>{' oncall '}</Text>
        {banner ? <Text bold inverse>{` ${sanitize(banner)} `}</Text> : null}
        <Text>{` ctx ${sanitize(context)} `}</Text>
        {readOnly ? <Text bold color={palette('badgeReadOnly')}>{'[READ-ONLY] '}</Text> : null}
        {paused ? <Text bold color={palette('warn')}>{'[PAUSED] '}</Text> : null}
        {sources.map((s) => (
          <Text key={s.name} color={s.ok ? palette(s.warnings.length > 0 ? 'warn' : 'ok') : palette('critical')}>
            {`│ ${healthText(s, now)} `}
          </Text>
        ))}
        <Text>{`│ ${clockText(now)}`}</Text>
      </Text>
    </Box>
  );
}

/** Renders the header line; memoised, as its props are rebuilt on every render but rarely change. */
export const Header = memo(HeaderView, propsEqualBy<HeaderProps>('sources'));
