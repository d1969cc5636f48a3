/** The on-call header line, under the header: who is on call for the selected row's service. */
import {Box, Text} from 'ink';
import {memo} from 'react';
import type {Tone} from '../rows/row-types.ts';
import {truncate} from '../text-fit.ts';
import type {Palette} from './palette.ts';

/** Props of {@link OncallHeader}. */
export interface OncallHeaderProps {
  width: number;
  /** Sanitized (see `oncallHeaderText`). */
  text: string;
  tone: Tone;
  palette: Palette;
}

function OncallHeaderView({width, text, tone, palette}: OncallHeaderProps) {
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate" color={palette(tone)}>
        {truncate(` ${text}`, width)}
      </Text>
    </Box>
  );
}

/** Renders the line; memoised, as its text changes only with the selection or a read. */
export const OncallHeader = memo(OncallHeaderView);
