/** Polling of the context's panels: one range query for all of them, evaluated by the domain. */
import type {QueryObserverOptions} from '@tanstack/query-core';
import {evaluatePanel, type PanelReading} from '../domain/panel.ts';
import type {ContextServices} from '../sources/capabilities.ts';
import {recordingFailures} from './last-failure.ts';
import {alignedInterval, pollRetryDelay} from './query-client.ts';
import type {SourceOutcome} from './source-outcome.ts';

/** What the Panels pane shows: every panel's reading, in config order, plus the source's outcome. */
export interface PanelSnapshot {
  readings: PanelReading[];
  at: number;
  outcome: SourceOutcome;
}

/** Query key of a context's panels; invalidate it to refresh the pane. */
export const panelKey = (context: string) => ['panels', context] as const;

/** True when the context has panels to read and something to read them from. */
export function hasPanels(services: ContextServices): boolean {
  return Boolean(services.panelReader) && (services.panels?.length ?? 0) > 0;
}

/**
 * Options to poll every panel of a context. A failed read throws, so the pane keeps its last
 * readings marked stale and the source's health says why (never readings of nothing).
 * @param now the clock; a parameter so tests and the demo can drive time
 */
export function panelQueryOptions(
  services: ContextServices,
  opts: {intervalMs: number | false; now: () => number},
): QueryObserverOptions<PanelSnapshot, Error, PanelSnapshot, PanelSnapshot, ReturnType<typeof panelKey>> {
  const reader = services.panelReader ?? null;
  const panels = services.panels ?? [];
  return {
    queryKey: panelKey(services.context),
    enabled: hasPanels(services),
    refetchInterval: alignedInterval(opts.intervalMs, opts.now),
    retryDelay: pollRetryDelay(opts.intervalMs),
    queryFn: recordingFailures(async () => {
      if (!reader) throw new Error('no panel source configured');
      const at = opts.now();
      const {value, warnings, partial} = await reader.capabilities.readPanels(panels, at);
      const readings = panels.map((p) => evaluatePanel(p, value.get(p.name)));
      // Read in part: the header says `◐` and the rows' ok is only ok in what answered.
      return {readings, at, outcome: {name: reader.name, kind: reader.kind, ok: true, error: null, warnings, ...(partial && partial.length > 0 ? {partial} : {})}};
    }, opts.now),
  };
}
