/** A loaded theme as the components need it: a palette and an optional banner (e.g. PRODUCTION). */
import type {Palette} from './components/palette.ts';
import type {Theme} from './theme/theme-load.ts';

/** What a theme gives the screen. */
export interface Look {
  name: string;
  palette: Palette;
  banner: string | null;
  /** False when colours are off: what a colour or style would say must then be said otherwise. */
  color: boolean;
}

/** Adapts a loaded theme to the palette the components read. */
export function lookFromTheme(theme: Theme): Look {
  return {name: theme.name, palette: (token) => theme.colors[token], banner: theme.banner, color: theme.color};
}
