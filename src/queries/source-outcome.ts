/** Per-source outcomes of one fetch, so a pane can show partial data with the failing source named. */
import type {SourceHealth, SourceKind} from '../domain/health.ts';
import {SourceFailure} from '../sources/capabilities.ts';

/** The outcome of asking one source during one fetch. */
export interface SourceOutcome {
  name: string;
  kind: SourceKind;
  ok: boolean;
  error: string | null;
  warnings: string[];
}

/** Turns a thrown value into a message fit for a pane: the failure kind plus its text, no stack. */
export function describeFailure(error: unknown): string {
  if (error instanceof SourceFailure) return `${error.kind}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Builds a SourceHealth from an outcome and the time of the last successful fetch. */
export function toHealth(outcome: SourceOutcome, updatedAt: number | null): SourceHealth {
  return {name: outcome.name, kind: outcome.kind, ok: outcome.ok, error: outcome.error, updatedAt, warnings: outcome.warnings};
}

/** Thrown when every source of a query failed; carries each source's outcome for the header. */
export class AllSourcesFailed extends Error {
  /** @param outcomes what each source answered */
  constructor(readonly outcomes: SourceOutcome[]) {
    super(outcomes.map((o) => `${o.name}: ${o.error ?? 'failed'}`).join('; '));
    this.name = 'AllSourcesFailed';
  }
}
