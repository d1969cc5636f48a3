/**
 * Where decoded values meet the terminal. Decoders keep backend strings as they are (an ack's
 * matchers must carry a label's exact value, a link its exact URL); the guarantee that nothing a
 * backend sent reaches the terminal as a control, escape or bidi character is made where text is
 * drawn or printed: the row builders, the detail lines and their OSC 8 links, the pane title,
 * `status` text and `status --json`. So the fuzz tests push what a decoder returned through all of
 * those and check what comes out.
 */
import {expect} from 'vitest';
import type {Alert} from '../../src/domain/alert.ts';
import type {Deploy, RollbackRun} from '../../src/domain/deploy.ts';
import {handoverMarkdown} from '../../src/domain/handover-markdown.ts';
import {buildHandover} from '../../src/domain/handover.ts';
import {evaluateSlo} from '../../src/domain/slo-math.ts';
import type {SloDefinition} from '../../src/domain/slo.ts';
import {buildStatusDocument} from '../../src/domain/status-document.ts';
import {timelineDocument, timelineMarkdown} from '../../src/domain/timeline-document.ts';
import {selectEvents} from '../../src/domain/timeline-select.ts';
import type {Timeline} from '../../src/domain/timeline.ts';
import {safeJson} from '../../src/cli/one-shot.ts';
import {statusText as cliStatusText} from '../../src/cli/status-text.ts';
import {osc52, osc8} from '../../src/platform/terminal-links.ts';
import {statusText as paneStatusText} from '../../src/view/components/Pane.tsx';
import {alertTable} from '../../src/view/rows/alert-rows.ts';
import {deployTable} from '../../src/view/rows/deploy-rows.ts';
import {failureLines, runLines} from '../../src/view/rows/run-lines.ts';
import {alertDetails, deployDetails, sloDetails, type DetailLine} from '../../src/view/rows/detail-lines.ts';
import {sloTable} from '../../src/view/rows/slo-rows.ts';
import {gapLine, timelineTable} from '../../src/view/rows/timeline-rows.ts';
import type {Table} from '../../src/view/rows/row-types.ts';

/** The clock the drawn text is built at. */
export const NOW = Date.UTC(2026, 4, 4, 12);

// What sanitize() escapes: C0 controls but TAB and LF, DEL, C1 controls, the line and paragraph
// separators, U+2065 and every invisible format character (\p{Cf}: bidi controls, zero-width
// characters, the soft hyphen, the TAG block), not a hand-picked list of them. Drawn cells
// are single lines, so LF is not allowed there either.
const RAW = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u2065\p{Cf}]/u;
const OSC8_WRAPPER = /\x1b\]8;;[\x20-\x7e]*\x1b\\/g;
const OSC52_WRAPPER = /^\x1b\]52;c;[A-Za-z0-9+/=]*\x1b\\$/;

/** Asserts no raw control, escape, bidi or invisible format character is in any of `texts`. */
export function expectDrawnSafe(texts: Iterable<string>, where: string): void {
  for (const text of texts) {
    const m = RAW.exec(text);
    if (m) expect.fail(`${where}: raw U+${m[0].codePointAt(0)!.toString(16).padStart(4, '0')} drawn at ${m.index} of ${JSON.stringify(text)}`);
  }
}

function cells(table: Table): string[] {
  return table.rows.flatMap((r) => r.cells.map((c) => c.text));
}

/** Each line's label and value, and the value as drawn inside its OSC 8 link (the link's own escapes taken out). */
function detailTexts(lines: readonly DetailLine[]): string[] {
  return lines.flatMap((l) => [l.label, l.value, ...(l.link ? [osc8(l.link, l.value).replace(OSC8_WRAPPER, '')] : [])]);
}

function statusDocument(alerts: Alert[], deploys: Deploy[], slos: SloDefinition[], problems: {error: string | null; warnings: string[]}) {
  const reports = slos.map((d) => evaluateSlo(d, {slo: d.name, at: NOW, ratios: []}));
  const sources = [
    {name: 'fuzzed', kind: 'deploys' as const, last: problems.error === null ? ('ok' as const) : ('failed' as const), error: problems.error, updatedAt: NOW - 5_000, warnings: problems.warnings, retrying: false, staleAt: null},
  ];
  return buildStatusDocument({context: 'fuzz', now: NOW, sources, slos: reports, alerts, deploys, suspectWindowMs: 3_600_000});
}

/** Everything the dashboard and the one-shot commands draw or print for these alerts. */
export function drawnAlerts(alerts: Alert[]): string[] {
  const doc = statusDocument(alerts, [], [], {error: null, warnings: []});
  return [
    ...cells(alertTable(alerts, NOW, ['alertname', 'service'])),
    ...alerts.flatMap((a) => detailTexts(alertDetails(a, NOW, 'https://runbooks.example/{{alertname}}'))),
    cliStatusText(doc, NOW, 'fuzzed'),
    safeJson(doc),
  ];
}

/** Everything drawn or printed for these deploys, the OSC 52 copy of their links included. */
export function drawnDeploys(deploys: Deploy[]): string[] {
  const doc = statusDocument([], deploys, [], {error: null, warnings: []});
  const copies = deploys.map((d) => osc52(d.url ?? ''));
  for (const copy of copies) expect(copy).toMatch(OSC52_WRAPPER);
  return [
    ...cells(deployTable(deploys, NOW, new Set(deploys.slice(0, 1).map((d) => d.id)))),
    ...deploys.flatMap((d) => detailTexts(deployDetails(d, deploys, NOW, false))),
    cliStatusText(doc, NOW, 'fuzzed'),
    safeJson(doc),
  ];
}

/** Everything drawn or printed for SLOs loaded from definitions (not measured yet: no data). */
export function drawnSlos(slos: SloDefinition[]): string[] {
  const doc = statusDocument([], [], slos, {error: null, warnings: []});
  const reports = slos.map((d) => evaluateSlo(d, {slo: d.name, at: NOW, ratios: []}));
  return [...cells(sloTable(reports)), ...reports.flatMap((r) => detailTexts(sloDetails(r))), cliStatusText(doc, NOW, 'fuzzed'), safeJson(doc)];
}

/** A source's failure or warnings as the pane title, the `status` line and `status --json` show them. */
export function drawnProblems(error: string | null, warnings: string[]): string[] {
  const doc = statusDocument([], [], [], {error, warnings});
  // The title shows the error when there is one, else the warnings: draw both ways.
  const title = (e: string | null) => paneStatusText({error: e, warnings, loading: false, ageSeconds: 12, stale: false}, '').text;
  return [title(error), title(null), cliStatusText(doc, NOW, 'fuzzed'), safeJson(doc)];
}

/** A rollback run's line above the deploy table, and a failed start's line with the provider's message. */
export function drawnRun(run: RollbackRun | null, failure: string | null): string[] {
  const plan = {service: 'checkout', environment: 'prod', fromVersion: 'v2', toVersion: 'v1', description: '', idempotencyKey: 'k'};
  return [...runLines(run ? [run] : [], NOW), ...failureLines(failure === null ? [] : [{plan, message: failure, at: NOW}], NOW)].map((l) => l.text);
}

/**
 * Everything drawn or printed of a timeline: the dashboard's rows (newest first, as shown, in
 * the present and in the past) and missing-part lines, `timeline` Markdown and `--format json`,
 * and the handover with the alerts still active at its end. Markdown is multi-line: each line is
 * drawn on its own.
 */
export function drawnTimeline(timeline: Timeline, alertsAtEnd: ReadonlyArray<{labels: Record<string, string>; state: 'pending' | 'firing'}> = []): string[] {
  const shown = selectEvents(timeline.events, {service: null, filter: ''});
  const handover = buildHandover({context: 'fuzz', timeline, slosAtEnd: [], alertsAtEnd, silences: [], budgets: []});
  return [
    ...cells(timelineTable(shown, NOW, {contexts: true})),
    ...cells(timelineTable(shown, NOW, {oneService: true, viewedAt: timeline.to})),
    ...timeline.gaps.map((g) => gapLine(g, true)),
    ...timelineMarkdown({context: 'fuzz', timeline, budgets: []}).split('\n'),
    safeJson(timelineDocument({context: 'fuzz', timeline, budgets: []})),
    ...handoverMarkdown(handover).split('\n'),
  ];
}
