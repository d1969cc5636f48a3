/** Deploy events from the deploy history: each deploy's start, and its end with the outcome. */
import type {Deploy} from './deploy.ts';
import type {TimelineEvent} from './timeline.ts';

/**
 * `deploy-started` at each deploy's start and `deploy-finished` at its end (when the provider
 * says when it ended). Deploys to another environment than the context watches are left out.
 */
export function deployEvents(deploys: readonly Deploy[], where: {context: string; source: string; environment?: string}): TimelineEvent[] {
  return deploys
    .filter((d) => where.environment === undefined || d.environment === '' || d.environment === where.environment)
    .flatMap((d): TimelineEvent[] => {
      const base = {context: where.context, service: d.service, source: where.source, subject: {deployId: d.id, version: d.version}, ...(d.author ? {by: d.author} : {}), ...(d.url ? {url: d.url} : {})};
      const what = `${d.service} ${d.version}${d.environment ? ` to ${d.environment}` : ''}${d.rollbackOf ? ' (rollback)' : ''}`;
      const started: TimelineEvent = {...base, at: d.startedAt, kind: 'deploy-started', text: `deploy ${what} started${d.author ? ` by ${d.author}` : ''}`};
      if (d.finishedAt === undefined) return [started];
      return [started, {...base, at: d.finishedAt, kind: 'deploy-finished', text: `deploy ${what} finished: ${d.status}`}];
    });
}

/**
 * Why deploys before `since` are missing, or null when the history reaches back that far: a
 * provider answers one page of its newest `newest` deploys (set only when that page was full),
 * and when even the oldest of them started after `since`, the deploys before it were never read.
 * Without this a busy day's short history read as "no deploy" for the hours before it.
 * `wholeSince`: when the answer is whole from, when later than its oldest deploy (see `DeployLister`).
 */
export function deployDepthReason(deploys: readonly Deploy[], since: number, newest: number | undefined, wholeSince?: number): string | null {
  const oldest = deployReach(deploys, since, newest, wholeSince);
  if (oldest === null) return null;
  const before = Number.isFinite(oldest) ? `before ${new Date(oldest).toISOString()}` : 'in the range';
  return `deploys ${before} not read (the history lists the newest ${newest})`;
}

/**
 * When the answer is whole from, when that is later than `since` (see {@link deployDepthReason}),
 * else null. Infinite for a full page with no deploy in it: nothing was read.
 */
export function deployReach(deploys: readonly Deploy[], since: number, newest: number | undefined, wholeSince?: number): number | null {
  if (newest === undefined) return null;
  const oldest = wholeSince ?? deploys.reduce((min, d) => Math.min(min, d.startedAt), Number.POSITIVE_INFINITY);
  return oldest <= since ? null : oldest;
}
