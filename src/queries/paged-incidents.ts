/**
 * What the paging services paged during a shift: for each source that lists its incidents by
 * time (PagerDuty), the incidents opened within the range, whatever raised them, and those
 * opened before it and open at its end or resolved within it. A read that
 * fails, or one cut short, is a gap of the alerts part naming the source: the handover's Paged
 * and Still firing then say they may be incomplete, never "nothing".
 */
import type {PagedIncident} from '../domain/handover-incidents.ts';
import type {TimelineGap} from '../domain/timeline.ts';
import type {ContextServices} from '../sources/capabilities.ts';
import {describeFailure} from './source-outcome.ts';

/**
 * The incidents one context's paging services opened within `[from, to]`, or before it and open
 * at some time in it, what could not be read, and the sources read (whose gaps they are).
 */
export async function readPagedIncidents(services: ContextServices, from: number, to: number): Promise<{incidents: PagedIncident[]; gaps: TimelineGap[]; sources: Array<{context: string; source: string}>}> {
  const {context} = services;
  const readers = services.alertSources.filter((s) => s.capabilities.listIncidentsBetween !== undefined);
  const reads = await Promise.all(
    readers.map(async (s) => {
      const gap = (reason: string): TimelineGap => ({part: 'alerts', context, source: s.name, reason});
      try {
        const {value, warnings} = await s.capabilities.listIncidentsBetween!(from, to);
        // A warning here says incidents were left out (a cut list): a gap, not a note. The gap names the source already.
        const prefix = `${s.name}: `;
        return {incidents: value.map((i) => ({...i, context})), gaps: warnings.map((w) => gap(w.startsWith(prefix) ? w.slice(prefix.length) : w))};
      } catch (error) {
        return {incidents: [], gaps: [gap(describeFailure(error))]};
      }
    }),
  );
  return {incidents: reads.flatMap((r) => r.incidents), gaps: reads.flatMap((r) => r.gaps), sources: readers.map((s) => ({context, source: s.name}))};
}
