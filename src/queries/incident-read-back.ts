/**
 * How an incident write (acknowledge, resolve) whose answer was lost after it may have reached
 * the paging service is settled: the incident is read back, and its status says whether the
 * write was done. One place for both, so neither ever says "failed" of a write that was done.
 */
import {SourceFailure, type IncidentReader} from '../sources/capabilities.ts';
import {describeFailure} from './source-outcome.ts';

/** What reading the incident back says of the write. */
export type IncidentReadBack =
  /** The incident is in the status the write asked for (or past it): done. */
  | {outcome: 'landed'}
  /** Read back, it is not (it is `status`): the write was not done. */
  | {outcome: 'failed'; error: string; status: string}
  /** The incident could not be read: the write may or may not have been done. */
  | {outcome: 'unknown'; error: string};

/** An incident's status: what a paging service's incident reader answers. */
export type IncidentStatus = Awaited<ReturnType<IncidentReader['readIncidentStatus']>>;

/** An incident's status read with an action's own read, or why it could not be read. */
export type IncidentStatusRead = {status: IncidentStatus; error?: undefined} | {status: null; error: unknown};

/**
 * Reads incident `id`'s status through `capabilities` (of source `name`); never rejects, so each
 * caller decides what a failed read means for its write (block it, let it go, or "outcome unknown").
 */
export async function readIncidentStatus(capabilities: Partial<IncidentReader> | undefined, id: string, name = 'the source'): Promise<IncidentStatusRead> {
  const read = capabilities?.readIncidentStatus;
  if (!read) return {status: null, error: new SourceFailure('bad-response', `${name} cannot read an incident`)};
  try {
    return {status: await read.call(capabilities, id)};
  } catch (error) {
    return {status: null, error};
  }
}

/**
 * Reads incident `id` back from `source` after `error` lost the answer to a write. `done`: the
 * statuses that mean the write took (`resolved` for a resolve; also `acknowledged` for an
 * acknowledge); `mayHave`: what may be so when it cannot be read (`may be resolved`).
 */
export async function readIncidentBack(
  source: {name: string; capabilities: Partial<IncidentReader> | undefined},
  id: string,
  error: unknown,
  done: readonly string[],
  mayHave: string,
): Promise<IncidentReadBack> {
  const lost = describeFailure(error);
  const {status, error: readError} = await readIncidentStatus(source.capabilities, id, source.name);
  if (status === null) return {outcome: 'unknown', error: `${lost}; outcome unknown (${mayHave}): reading the incident back failed too: ${describeFailure(readError)}`};
  return done.includes(status) ? {outcome: 'landed'} : {outcome: 'failed', error: `${lost}; read back, the incident is ${status}`, status};
}
