/**
 * Why Prometheus refused a panel, said of the query the user wrote. The refusal found by
 * splitting the batch is Prometheus' error for oncall's wrapper, `label_replace((query),
 * "oncall_panel", …)`: its columns and tokens are not the user's (`sum(sat` reads `1:24: parse
 * error: unexpected ","`), and a scalar query is blamed on a `label_replace` the user never
 * wrote. So once a panel is found refused, its own query is sent once, unwrapped, as an instant
 * query, and what Prometheus says of it is the reason kept, until the query or the refusal
 * changes. A failure that says nothing of the query (a timeout, the server down) keeps the
 * wrapper's error for now and the own query is tried again at the next read.
 */
import type {PanelDefinition} from '../../domain/panel.ts';
import {ownValue} from '../../domain/own-value.ts';
import {isObject} from '../quick-shape.ts';
import type {PromQuery} from './prometheus-panels.ts';
import {isRefusal, refusalText} from './prometheus-refused.ts';

/**
 * What a panel's refusal is remembered by: its name and query. Contexts on one Prometheus share
 * its reader, and another context's panel of the same name with a valid query is still read.
 */
export function panelQueryKey(panel: PanelDefinition): string {
  return `${panel.name}\u0000${panel.query}`;
}

/** The reasons of the refused panels of one Prometheus. */
export interface PanelRefusals {
  /** Why `panel` is refused, given the error of its wrapped query (`wrapped`), read at `at` (ms). */
  reason(panel: PanelDefinition, wrapped: string, at: number): Promise<string>;
}

// What a panel needs, and how to get it from what the query returns instead.
const NOT_A_VECTOR: Record<string, string> = {
  scalar: 'a panel query must return an instant vector (this one returns a scalar); wrap it in vector(…)',
  string: 'a panel query must return an instant vector (this one returns a string); wrap a number in vector(…)',
  matrix: 'a panel query must return an instant vector (this one returns a range vector); apply a function to it, such as max_over_time(…) or rate(…)',
};

/** @param query the adapter's own query (posts a form, unwraps the envelope) */
export function createPanelRefusals(query: PromQuery): PanelRefusals {
  // One entry per panel name and query (contexts on one Prometheus share this, and may each have
  // a panel of one name): the wrapper error it was found for, and its reason.
  const known = new Map<string, {wrapped: string; reason: Promise<string>}>();

  async function own(panel: PanelDefinition, wrapped: string, at: number): Promise<{text: string; keep: boolean}> {
    try {
      const {data} = await query('/api/v1/query', {query: panel.query, time: at / 1000});
      const type = isObject(data) ? data['resultType'] : undefined;
      // Its own query reads (a vector): the refusal was of something else, and its error stands.
      return {text: (typeof type === 'string' ? ownValue(NOT_A_VECTOR, type) : undefined) ?? wrapped, keep: true};
    } catch (error) {
      if (isRefusal(error)) return {text: refusalText(error), keep: true};
      return {text: wrapped, keep: false};
    }
  }

  return {
    reason(panel, wrapped, at) {
      const key = panelQueryKey(panel);
      const entry = known.get(key);
      if (entry && entry.wrapped === wrapped) return entry.reason;
      const reason = own(panel, wrapped, at).then(({text, keep}) => {
        if (!keep && known.get(key)?.reason === reason) known.delete(key);
        return text;
      });
      known.set(key, {wrapped, reason});
      return reason;
    },
  };
}
