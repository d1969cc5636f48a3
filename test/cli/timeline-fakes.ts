/**
 * A selection of contexts for the one-shot timeline and handover commands, in memory: each
 * context's Prometheus answers every history read, so what a test changes is the one thing the
 * document may say was not read.
 */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {onTestFinished} from 'vitest';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import {historyGrid} from '../../src/domain/timeline.ts';
import type {AlertSeries} from '../../src/domain/timeline-alerts.ts';
import {userActionLogPath} from '../../src/platform/paths.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import type {Runtime} from '../../src/cli/runtime.ts';

/**
 * A context whose Prometheus answers every history read (data at every step, three alerting
 * rules); `alerts` gives the `ALERTS` series it holds on the range's grid.
 */
export function timelineServices(context: string, alerts: (grid: number[]) => AlertSeries[], over: Partial<ContextServices> = {}): ContextServices {
  const capabilities = {
    readRatios: async () => ({value: [], warnings: []}),
    evaluationSeconds: async () => 60,
    readAlertHistory: async (from: number, to: number, step: number) => {
      const grid = historyGrid(from, to, step);
      return {value: alerts(grid), warnings: [], heartbeat: grid};
    },
    readRatioHistory: async () => ({value: [], warnings: []}),
    readAlertsAt: async () => ({value: [], warnings: []}),
    countAlertSeries: async () => ({value: 0, warnings: []}),
    countLabelNames: async () => ({value: 5, warnings: []}),
    countAlertingRules: async () => ({value: 3, warnings: []}),
  };
  return {context, readOnly: false, slos: [], alertSources: [], deploySource: null, rollbacker: null, sloReader: {name: 'prometheus', kind: 'prometheus', capabilities} as never, ...over};
}

/** The runtime of a selection of `contexts`, in their order; only what the timeline commands use. */
export function timelineRuntime(...contexts: ContextServices[]): Runtime {
  const members = contexts.map((services) => ({composed: {services, notes: []}, settings: {ackPrefix: 'ACK!', ackAuthor: 'tester', runbookTemplate: undefined}}));
  return {demo: false, members, selectionLabel: contexts.map((c) => c.context).join(','), settings: {now: () => Date.now()}, clockSkew: () => 0, close: async () => {}} as never;
}

/** An output that keeps what was written. */
export function capturedIo() {
  let out = '';
  let err = '';
  return {io: {out: (t: string) => void (out += t), err: (t: string) => void (err += t)}, get out() { return out; }, get err() { return err; }};
}

/**
 * A new home directory whose action log holds `entries`, in their order; removed when the test
 * that made it finishes (call it inside a test), so runs leave nothing behind in the temp folder.
 */
export function homeWithLog(entries: readonly ActionLogEntry[]): string {
  const home = mkdtempSync(join(tmpdir(), 'oncall-timeline-'));
  onTestFinished(() => rmSync(home, {recursive: true, force: true}));
  if (entries.length === 0) return home;
  const path = userActionLogPath({HOME: home}, false, () => home)!;
  mkdirSync(dirname(path), {recursive: true});
  writeFileSync(path, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
  return home;
}
