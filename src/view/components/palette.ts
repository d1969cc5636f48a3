/** What components need from a theme: a colour (or none) per semantic token. */
import type {Tone} from '../rows/row-types.ts';

/** Semantic colour tokens drawn by the components. */
export type Token = Tone | 'border' | 'focusBorder' | 'headerFg' | 'headerBg' | 'selectionFg' | 'selectionBg' | 'badgeReadOnly';

/** Resolves a token to an Ink colour; `undefined` draws with the terminal's default (no colour). */
export type Palette = (token: Token) => string | undefined;

/** A palette that draws no colour at all (NO_COLOR, --no-color). */
export const noColorPalette: Palette = () => undefined;
