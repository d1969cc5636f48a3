/**
 * Says a pane's filter error in full in the footer once the filter is applied: the pane title has
 * room only for its short form (`⚠ filter: bad regex, showing all`), kept after what the sources
 * did, and a pane that still lists rows has no empty text to say it in.
 */
import {useEffect, useRef} from 'react';
import type {Pane} from '../../actions/panes.ts';
import {sanitize} from '../../domain/sanitize.ts';

/**
 * Flashes `filter: <error>` when the focused pane's applied filter is in error, once per error:
 * not while it is being typed (`typing`), when every keystroke may be a new one.
 */
export function useFilterErrorNote(errors: Partial<Record<Pane, string>>, focus: Pane, typing: boolean, say: (text: string) => void): void {
  const error = errors[focus] ?? null;
  const said = useRef<string | null>(null);
  useEffect(() => {
    if (error === null) said.current = null;
    if (typing || error === null || said.current === error) return;
    said.current = error;
    say(`filter: ${sanitize(error)}`);
  }, [error, typing]);
}
