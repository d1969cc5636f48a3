/**
 * Whether the deploy history is fresh enough to plan a rollback from. The dashboard's `R` takes
 * "from → to" from the deploys on screen; when their source's last read failed, or it stopped
 * answering, those may be minutes old (a deploy or a rollback since is missing) and the target
 * may be wrong: the dashboard then refuses and names the command that needs no history.
 */
import {dataAge, healthState, shortReason, type SourceHealth} from './health.ts';
import {formatAge} from './duration.ts';
import {sanitize} from './sanitize.ts';

/**
 * Why no rollback may be planned from the history whose sources have `health` at `now`, or null
 * when every one is fresh (or there is none: a context with only a rollback provider has no
 * history to be wrong). `service` names the row's service in the suggested command.
 */
export function staleHistoryReason(health: readonly SourceHealth[], now: number, service?: string): string | null {
  const instead = ` — use oncall rollback ${service ? sanitize(service) : 'SERVICE'} --to VERSION`;
  for (const h of health) {
    const state = healthState(h, now);
    if (state === 'ok') continue;
    if (state === 'pending') return 'deploy history not read yet';
    const age = dataAge(h, now);
    // The failure's kind only: the footer is one line, and the pane's title has the whole message.
    if (state === 'error') {
      const why = shortReason(h.error ?? '');
      return age === null ? `deploy history could not be read (${why})${instead}` : `deploy history is stale (${formatAge(age)} old; its last read failed: ${why})${instead}`;
    }
    return `deploy history is stale (${age === null ? 'no answer' : `${formatAge(age)} old; no answer since`})${instead}`;
  }
  return null;
}

/**
 * What the deploy history's `health` says may hide a deploy from its latest answer (skipped
 * entries, a page or a rollback workflow it could not read: `SourceHealth.hiding`), each once;
 * empty: nothing that may hide one. A warning that cannot (a sha field ignored on a kept entry,
 * older entries beyond a newest page that was read) leaves "from → to" as it is.
 */
export function partialHistory(health: readonly SourceHealth[]): string[] {
  return [...new Set(health.flatMap((h) => h.hiding ?? []))];
}

/**
 * The warning before a rollback of `service` planned from a deploy history read in part
 * (`partial`: what its provider left out). The deploy left out may be the newest of the service:
 * "from" would then not be what runs, and "to" would go back past a good version. What matters
 * first, the reasons last: a narrow screen cuts the end of the line. Unsanitized.
 */
export function partialHistoryWarning(partial: readonly string[], service: string): string {
  return `the deploy history was read in part, so the newest deploy of ${service} may be missing and "from → to" may be wrong (${partial.join('; ')}); check before confirming`;
}
