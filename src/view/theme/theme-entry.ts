/**
 * Whether a theme file is there, apart from the theme loader: the dashboard asks it before every
 * built-in, and importing the loader (and its validator) would cost the first frame ~30 ms.
 */
import {lstatSync} from 'node:fs';

/**
 * Whether the themes directory has an entry at `path`, a symbolic link to a missing file included:
 * such a link is a theme file the user meant, to be reported, not skipped for a built-in.
 */
export function hasThemeEntry(path: string): boolean {
  try {
    return lstatSync(path, {throwIfNoEntry: false}) !== undefined;
  } catch {
    // Not a directory above it, or not searchable: no file of ours there.
    return false;
  }
}
