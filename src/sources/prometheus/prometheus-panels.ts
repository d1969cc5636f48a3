/**
 * Panels from a Prometheus-compatible API: every panel of a context in one range query, the
 * last 30 minutes a minute apart (`domain/panel-batch.ts`). A panel whose query Prometheus
 * refuses is found by splitting the batch, as for SLOs, and reported on its own row with what
 * Prometheus says of the query the user wrote (`panelRefusals`).
 */
import {batchPanelQuery, panelGrid, panelsFromMatrix, PANEL_STEP_SECONDS, type PanelSeries} from '../../domain/panel-batch.ts';
import type {PanelDefinition} from '../../domain/panel.ts';
import type {VectorSample} from '../../domain/promql.ts';
import type {PanelReader, Sourced} from '../capabilities.ts';
import {createPanelRefusals, panelQueryKey} from './prometheus-panel-refusals.ts';
import {createRefusedSlos} from './prometheus-refused.ts';
import {decodeMatrix} from './prometheus-wire.ts';

/**
 * Posts one query to the API and unwraps its envelope (the adapter's own `query`); `partial`: the
 * warnings that say it was answered in part (absent: none).
 */
export type PromQuery = (path: string, form: Record<string, string | number>) => Promise<{data: unknown; warnings: string[]; partial?: string[]}>;

/** The panel reader of one Prometheus named `name`. */
export function createPanelReader(name: string, query: PromQuery, now: () => number = Date.now): PanelReader {
  const refused = createRefusedSlos<PanelDefinition>(now, panelQueryKey);
  const reasons = createPanelRefusals(query);
  const path = '/api/v1/query_range';
  return {
    async readPanels(panels, at): Promise<Sourced<Map<string, PanelSeries>>> {
      const grid = panelGrid(at);
      const answers = await refused.run(panels, async (batch) => {
        const promql = batchPanelQuery(batch);
        if (promql === null) return {byTime: new Map<number, VectorSample[]>(), warnings: [], partial: []};
        const answer = await query(path, {query: promql, start: grid[0]! / 1000, end: grid.at(-1)! / 1000, step: PANEL_STEP_SECONDS});
        return {byTime: decodeMatrix(answer.data, `${name} ${path}`), warnings: answer.warnings, partial: answer.partial ?? []};
      });
      // Several answers only when a refused panel split the batch: their series are distinct.
      const byTime = new Map<number, VectorSample[]>();
      for (const a of answers) for (const [t, list] of a.byTime) byTime.set(t, [...(byTime.get(t) ?? []), ...list]);
      const value = panelsFromMatrix(byTime, panels, grid);
      const refusedNames: string[] = [];
      const asked: Array<Promise<void>> = [];
      for (const p of panels) {
        const wrapped = refused.errorOf(p);
        if (wrapped === undefined) continue;
        refusedNames.push(p.name);
        asked.push(reasons.reason(p, wrapped, at).then((error) => void value.set(p.name, {...value.get(p.name)!, error})));
      }
      await Promise.all(asked);
      const note = refusedNames.length === 0 ? [] : [`Prometheus refused the query of panel${refusedNames.length === 1 ? '' : 's'} ${refusedNames.join(', ')}; the others are read`];
      // Answered in part (a Thanos store down, VictoriaMetrics' `isPartial`): the worst series may
      // be the one missing, so the read says so, as an SLO read does.
      const partial = [...new Set(answers.flatMap((a) => a.partial))];
      return {value, warnings: [...new Set([...answers.flatMap((a) => a.warnings), ...note])], ...(partial.length > 0 ? {partial} : {})};
    },
  };
}
