/**
 * Discovery of Sloth and Pyrra recording rules, remembered for a while: the rules of a
 * Prometheus change with deploys, not between two refreshes, so one `GET /api/v1/rules` every
 * few minutes is enough, and only when some SLO came from a Sloth or Pyrra file at all.
 */
import {attachRecorded, type RecordedSlo} from '../../domain/recorded-rules.ts';
import {formatAge} from '../../domain/duration.ts';
import type {SloDefinition} from '../../domain/slo.ts';
import {SourceFailure, type Sourced} from '../capabilities.ts';

/** How long discovered rules are trusted before asking again. */
export const RECORDED_TTL_MS = 10 * 60_000;

/** Attaches the recorded series of discovered rules to the SLOs that have them. */
export interface RecordedDiscovery {
  apply(slos: readonly SloDefinition[]): Promise<{slos: SloDefinition[]; warnings: string[]}>;
}

const wantsDiscovery = (slo: SloDefinition) => !slo.recorded && (slo.source === 'sloth' || slo.source === 'pyrra');

/**
 * @param discover reads the rules (the adapter's `discoverRecordedSlos`)
 * @param now the clock, for the cache's age
 */
export function createRecordedDiscovery(discover: () => Promise<Sourced<RecordedSlo[]>>, now: () => number = Date.now): RecordedDiscovery {
  // `failed` is kept with a remembered failure so that every refresh recomputing the SLOs
  // because of it says why, not only the first one.
  let cached: {found: RecordedSlo[]; at: number; failed?: string} | null = null;
  let inflight: Promise<{found: RecordedSlo[]; warnings: string[]}> | null = null;

  function lookup(): Promise<{found: RecordedSlo[]; warnings: string[]}> {
    if (cached && now() - cached.at < RECORDED_TTL_MS) {
      const {found, at, failed} = cached;
      if (failed === undefined) return Promise.resolve({found, warnings: []});
      const age = now() - at;
      return Promise.resolve({found, warnings: [unreadable(`${failed}; read failed ${formatAge(age)} ago; asked again in ${untilNext(age)}`)]});
    }
    inflight ??= discover()
      .then(
        ({value, warnings}) => {
          cached = {found: value, at: now()};
          return {found: value, warnings};
        },
        (error: unknown) => {
          // A server without a rules API (a bare query layer) will not grow one: remember that.
          // A network failure is retried next time; the ratio queries report it anyway.
          const transient = error instanceof SourceFailure && (error.kind === 'unavailable' || error.kind === 'timeout');
          const why = error instanceof Error ? error.message : String(error);
          if (transient) return {found: [], warnings: [unreadable(why)]};
          cached = {found: [], at: now(), failed: why};
          return {found: [], warnings: [unreadable(`${why}; asked again in ${untilNext(0)}`)]};
        },
      )
      .finally(() => {
        inflight = null;
      });
    return inflight;
  }

  return {
    async apply(slos) {
      if (!slos.some(wantsDiscovery)) return {slos: [...slos], warnings: []};
      const {found, warnings} = await lookup();
      return {slos: attachRecorded(slos, found), warnings};
    },
  };
}

function unreadable(why: string): string {
  return `recording rules not readable (${why}): Sloth/Pyrra SLOs recomputed from their queries`;
}

// Rounded up to the minute: the rules are asked at the first refresh after the TTL, never before.
function untilNext(age: number): string {
  return formatAge(Math.ceil((RECORDED_TTL_MS - age) / 60_000) * 60_000);
}
