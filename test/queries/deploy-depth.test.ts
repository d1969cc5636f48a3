/**
 * A deploy history of one page that does not reach back far enough: a busy day's newest 20
 * deploys all started in the last 100 minutes. A 12 h timeline and `status --at 6h` must say
 * the older deploys were not read, never show the hours before as "no deploy".
 */
import {describe, expect, it} from 'vitest';
import type {Deploy} from '../../src/domain/deploy.ts';
import {statusText} from '../../src/cli/status-text.ts';
import {EXIT_SOURCE_FAILED} from '../../src/domain/exit-codes.ts';
import {statusExitCode} from '../../src/domain/status-document.ts';
import {createQueryClient} from '../../src/queries/query-client.ts';
import {collectStatusAt} from '../../src/queries/status-at-queries.ts';
import {readTimeline} from '../../src/queries/timeline-queries.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {emptyServices, makeDeploy} from './fakes.ts';

const NOW = Date.UTC(2026, 11, 6, 8, 0, 0);
const MIN = 60_000;
const page: Deploy[] = Array.from({length: 20}, (_, i) => makeDeploy({id: `d${i}`, service: `svc${i % 4}`, version: `v${100 - i}`, startedAt: NOW - (i + 1) * 5 * MIN, finishedAt: NOW - (i + 1) * 5 * MIN + MIN}));
const OLDEST = new Date(NOW - 100 * MIN).toISOString();

/** A provider answering `deploys`, saying it listed only its newest `newest` when set. */
function services(deploys: Deploy[], newest?: number): ContextServices {
  return emptyServices({
    context: 'prod',
    deploySource: {name: 'github', kind: 'deploys', capabilities: {listDeploys: async () => ({value: deploys, warnings: [], ...(newest === undefined ? {} : {newest})})}} as ContextServices['deploySource'],
  });
}

describe('deploy history depth', () => {
  it('a 12 h timeline over a full page reaching back 100 minutes has a gap naming the oldest deploy read', async () => {
    const {timeline} = await readTimeline(services(page, 20), {from: NOW - 12 * 60 * MIN, to: NOW, ackPrefix: 'ACK!'});
    expect(timeline.gaps.filter((g) => g.part === 'deploys')).toEqual([{part: 'deploys', context: 'prod', source: 'github', reason: `deploys before ${OLDEST} not read (the history lists the newest 20)`}]);
    // What was read is still shown.
    expect(timeline.events.filter((e) => e.kind === 'deploy-started')).toHaveLength(20);
  });

  it('a range the page does reach back over, or a page that is not full: no gap', async () => {
    const short = await readTimeline(services(page, 20), {from: NOW - 90 * MIN, to: NOW, ackPrefix: 'ACK!'});
    expect(short.timeline.gaps.filter((g) => g.part === 'deploys')).toEqual([]);
    const whole = await readTimeline(services(page.slice(0, 5)), {from: NOW - 12 * 60 * MIN, to: NOW, ackPrefix: 'ACK!'});
    expect(whole.timeline.gaps.filter((g) => g.part === 'deploys')).toEqual([]);
  });

  it('status --at 6 h ago says the deploys by then were not read, not that there were none', async () => {
    const at = NOW - 6 * 60 * MIN;
    const doc = await collectStatusAt(createQueryClient(), services(page, 20), {now: () => NOW, ackPrefix: 'ACK!', suspectWindowMs: 30 * MIN} as never, at);
    const source = doc.sources.find((s) => s.name === 'github');
    expect(doc.deploys).toEqual([]);
    expect(source?.warnings).toEqual([`deploys before ${OLDEST} not read (the history lists the newest 20)`]);
    // Read in part, and how far back: a script sees it and the exit code is not "all clear".
    expect(source).toMatchObject({ok: true, partial: true, readSince: OLDEST});
    expect(statusExitCode(doc)).toBe(EXIT_SOURCE_FAILED);
    expect(statusText(doc, at, 'github')).toContain(`Deploys: UNKNOWN, the history reaches back to ${OLDEST.slice(0, 10)} ${OLDEST.slice(11, 16)}Z only\n`);
  });

  it('status --at a time the page reaches back over: whole, counted as before', async () => {
    const at = NOW - 30 * MIN;
    const doc = await collectStatusAt(createQueryClient(), services(page, 20), {now: () => NOW, ackPrefix: 'ACK!', suspectWindowMs: 30 * MIN} as never, at);
    const source = doc.sources.find((s) => s.name === 'github');
    expect(source?.partial).toBe(false);
    expect(source?.readSince).toBeUndefined();
    expect(statusExitCode(doc)).toBe(0);
    expect(statusText(doc, at, 'github')).toContain(`Deploys: ${doc.deploys.length} recent, 0 suspect\n`);
  });
});
