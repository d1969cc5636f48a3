/**
 * The context and theme the dashboard shows, and switching them (`:ctx NAME`, `:theme NAME`). A
 * theme may arrive later (its loader is imported after the first second); only the latest request
 * counts, so a slow load cannot repaint a context the user has already left.
 */
import {useRef, useState} from 'react';
import type {ActionMessage} from '../../actions/action-record.ts';
import type {AppEffects} from '../../actions/action-runner.ts';
import type {ContextServices} from '../../sources/capabilities.ts';
import type {Look} from '../look.ts';

/** How another context or theme is found (the dashboard's props). */
export interface ContextLookSource {
  services: ContextServices;
  look: Look;
  openContext(name: string): {services: ContextServices; look?: Look | Promise<Look | string>} | string;
  loadLook(name: string): Look | string | Promise<Look | string>;
}

/** The services and look shown now, and the `:ctx`/`:theme` effects; `lateError` reports a theme that failed later. */
export function useContextLook(source: ContextLookSource, lateError: (message: string) => void) {
  const [services, setServices] = useState(source.services);
  const [look, setLookNow] = useState(source.look);
  const lookRequest = useRef(0);
  const setLook = (next: Look | Promise<Look | string>, onError: (message: string) => void) => {
    const request = ++lookRequest.current;
    const apply = (loaded: Look | string) => {
      if (request !== lookRequest.current) return;
      if (typeof loaded === 'string') onError(loaded);
      else setLookNow(loaded);
    };
    if (next instanceof Promise) next.then(apply, (error: unknown) => apply(error instanceof Error ? error.message : String(error)));
    else apply(next);
  };
  const switching: Pick<AppEffects, 'switchContext' | 'switchTheme'> = {
    switchContext: (name): ActionMessage => {
      const opened = source.openContext(name);
      if (typeof opened === 'string') return {text: opened, tone: 'critical'};
      setServices(opened.services);
      if (opened.look) setLook(opened.look, lateError);
      return {text: `context ${name}`, tone: 'ok'};
    },
    switchTheme: (name, say) => {
      const loaded = source.loadLook(name);
      const failed = (text: string) => say({text, tone: 'critical'});
      if (typeof loaded === 'string') failed(loaded);
      else setLook(loaded, failed);
    },
  };
  return {services, look, switching};
}
