/**
 * Coalescing of sparkline reads: the history capability is per SLO, but the callers ask for every
 * SLO of a context at once (same range, same step). Calls made in the same tick are gathered and
 * answered by ONE range query covering all of them, instead of one request per SLO.
 */
import type {SloDefinition} from '../../domain/slo.ts';
import type {Sourced} from '../capabilities.ts';

/** Ratio points of one SLO, oldest first. */
export type RatioPoints = Array<{at: number; ratio: number | null}>;

/** Reads the history of several SLOs over one range in one request; keyed by SLO name. */
export type BatchHistoryRead = (slos: SloDefinition[], from: number, to: number, stepSeconds: number) => Promise<Sourced<Map<string, RatioPoints>>>;

interface Pending {
  slos: Map<string, SloDefinition>;
  waiters: Array<{name: string; resolve: (v: Sourced<RatioPoints>) => void; reject: (e: unknown) => void}>;
}

/**
 * Wraps a batch reader into the per-SLO `readHistory` shape. Calls with the same range and step
 * made before the next microtask share one batch; an SLO asked twice is read once.
 */
export function coalesceHistory(read: BatchHistoryRead): (slo: SloDefinition, from: number, to: number, stepSeconds: number) => Promise<Sourced<RatioPoints>> {
  const pending = new Map<string, Pending>();

  async function flush(key: string, from: number, to: number, step: number): Promise<void> {
    const batch = pending.get(key);
    pending.delete(key);
    if (!batch) return;
    try {
      const {value, warnings} = await read([...batch.slos.values()], from, to, step);
      for (const w of batch.waiters) w.resolve({value: value.get(w.name) ?? [], warnings});
    } catch (error) {
      for (const w of batch.waiters) w.reject(error);
    }
  }

  return (slo, from, to, stepSeconds) =>
    new Promise((resolve, reject) => {
      const key = `${from}|${to}|${stepSeconds}`;
      let batch = pending.get(key);
      if (!batch) {
        batch = {slos: new Map(), waiters: []};
        pending.set(key, batch);
        queueMicrotask(() => void flush(key, from, to, stepSeconds));
      }
      batch.slos.set(slo.name, slo);
      batch.waiters.push({name: slo.name, resolve, reject});
    });
}
