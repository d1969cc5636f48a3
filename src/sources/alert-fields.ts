/**
 * Small field conversions shared by the alert adapters (Prometheus and Alertmanager), so both
 * produce the same `Alert` for the same labels.
 */

const KNOWN_SEVERITIES = new Set(['critical', 'error', 'warning', 'info', 'none']);

/**
 * The `severity` label normalised: the usual names lower-cased, anything else kept raw (teams use
 * `page`, `P1` …), and `none` when the label is missing.
 */
export function severityOf(labels: Record<string, string>): string {
  const raw = labels.severity?.trim() ?? '';
  if (raw === '') return 'none';
  const lower = raw.toLowerCase();
  return KNOWN_SEVERITIES.has(lower) ? lower : raw;
}

/**
 * Parses an RFC 3339 timestamp into epoch ms; `fallback` when absent, unparseable, or Go's zero
 * time (`0001-01-01T00:00:00Z`, which Go servers write for "unset"). Alerts pass `null`: an
 * unreadable start is unknown, not the epoch.
 */
export function parseTimestamp<T extends number | null>(text: string | undefined, fallback: T): number | T {
  if (!text || text.startsWith('0001-01-01')) return fallback;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : fallback;
}
