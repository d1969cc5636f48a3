/**
 * The contexts and theme the dashboard shows, and switching them (`:ctx NAME`, `:ctx a,b`,
 * `:ctx GROUP`, `:ctx *`, `:theme NAME`). A theme may arrive later (its loader is imported after
 * the first second); only the latest request counts, so a slow load cannot repaint a context the
 * user has already left.
 */
import {useRef, useState} from 'react';
import type {ActionMessage} from '../../actions/action-record.ts';
import type {AppEffects} from '../../actions/action-runner.ts';
import type {ContextServices} from '../../sources/capabilities.ts';
import type {DashboardContext} from '../context-set.ts';
import type {Look} from '../look.ts';

/**
 * What `:ctx` opens: one context's services, or a set of contexts (a list, a group, `*`), and
 * always the look to draw them with. Never "keep the current one": a context that names no
 * theme gets the default, not the red PRODUCTION banner of the context just left.
 */
export type OpenedContexts = ({services: ContextServices} | {contexts: DashboardContext[]}) & {
  look: Look | Promise<OpenedLook>;
  /**
   * What could not be set up in the contexts opened (a token not found), as a start with them
   * would flash: switched to, the user must learn why a source fails as well.
   */
  notes?: string[];
};

/**
 * The look a `:ctx` ends with: the one asked for, a fallback drawn together with why the one asked
 * for failed (the context just left must not keep painting the new one), or only an error.
 */
export type OpenedLook = Look | string | {look: Look; error: string};

/** How another context or theme is found (the dashboard's props). */
export interface ContextLookSource {
  services: ContextServices;
  /** The set shown at start; `[{services}]` when absent. */
  contexts?: DashboardContext[];
  look: Look;
  openContext(name: string): OpenedContexts | string;
  loadLook(name: string): Look | string | Promise<Look | string>;
}

/**
 * The contexts and look shown now, and the `:ctx`/`:theme` effects; `lateError` reports a theme
 * that failed later (after `:ctx`, the whole line of the switch with it); `leftNotes` adds to the
 * `:ctx` line what goes on for the contexts it leaves.
 */
export function useContextLook(source: ContextLookSource, lateError: (message: string) => void, leftNotes: (left: readonly DashboardContext[]) => string[] = () => []) {
  const [contexts, setContexts] = useState<DashboardContext[]>(() => source.contexts ?? [{services: source.services}]);
  const [look, setLookNow] = useState(source.look);
  const lookRequest = useRef(0);
  const setLook = (next: Look | Promise<OpenedLook>, onError: (message: string) => void) => {
    const request = ++lookRequest.current;
    const apply = (loaded: OpenedLook) => {
      if (request !== lookRequest.current) return;
      if (typeof loaded === 'string') onError(loaded);
      else if ('error' in loaded) {
        setLookNow(loaded.look);
        onError(loaded.error);
      } else setLookNow(loaded);
    };
    if (next instanceof Promise) next.then(apply, (error: unknown) => apply(error instanceof Error ? error.message : String(error)));
    else apply(next);
  };
  const switching: Pick<AppEffects, 'switchContext' | 'switchTheme'> = {
    switchContext: (name): ActionMessage => {
      const opened = source.openContext(name);
      if (typeof opened === 'string') return {text: opened, tone: 'critical'};
      const next = 'contexts' in opened ? opened.contexts : [{services: opened.services}];
      // What goes on for the contexts left (their acks kept until resolved) is said with the switch.
      const kept = new Set(next.map((c) => c.services.context));
      const notes = leftNotes(contexts.filter((c) => !kept.has(c.services.context)));
      const said = next.length > 1 ? `contexts ${next.map((c) => c.services.context).join(', ')}` : `context ${name}`;
      const configNotes = (opened.notes ?? []).map((n) => `note: ${n}`);
      const line = [said, ...notes, ...configNotes].join(' · ');
      setContexts(next);
      // A theme failing later is said with the switch, not instead of it: the footer keeps one
      // line, and the notes (a token not found, the acks kept) must not be wiped by it.
      setLook(opened.look, (error) => lateError(`${line} · ${error}`));
      return {text: line, tone: configNotes.length === 0 ? 'ok' : 'warn'};
    },
    switchTheme: (name, say) => {
      const loaded = source.loadLook(name);
      const failed = (text: string) => say({text, tone: 'critical'});
      if (typeof loaded === 'string') failed(loaded);
      else setLook(loaded, failed);
    },
  };
  return {contexts, services: contexts[0]!.services, look, switching};
}
