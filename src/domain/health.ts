/** Per-source health shown in the header and in `status --json`. */

/** The kind of backend a source talks to. */
export type SourceKind = 'prometheus' | 'alertmanager' | 'deploys' | 'rollback' | 'demo';

/** Health of one source at the time of its last fetch attempt. */
export interface SourceHealth {
  name: string;
  kind: SourceKind;
  ok: boolean;
  /** A short human-readable reason when not ok. */
  error: string | null;
  /** Epoch ms of the last successful fetch; `null` = never. */
  updatedAt: number | null;
  /** Warnings from the backend (e.g. partial responses) that did not make the fetch fail. */
  warnings: string[];
}

/**
 * Merges entries of the same source (one Prometheus answers both SLO queries and pending alerts):
 * ok only if every use succeeded, the oldest successful fetch as its age, errors and warnings joined.
 */
export function mergeSourceHealth(list: readonly SourceHealth[]): SourceHealth[] {
  const byName = new Map<string, SourceHealth>();
  for (const h of list) {
    const prev = byName.get(h.name);
    if (!prev) {
      byName.set(h.name, {...h, warnings: [...h.warnings]});
      continue;
    }
    const times = [prev.updatedAt, h.updatedAt].filter((t): t is number => t !== null);
    byName.set(h.name, {
      name: h.name,
      kind: prev.kind,
      ok: prev.ok && h.ok,
      error: [prev.error, h.error].filter(Boolean).join('; ') || null,
      updatedAt: times.length === 2 ? Math.min(...times) : (times[0] ?? null),
      warnings: [...new Set([...prev.warnings, ...h.warnings])],
    });
  }
  return [...byName.values()];
}
