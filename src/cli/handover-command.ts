/**
 * `oncall handover`: the shift summary for the next on-call, from the shift's timeline and the
 * state at its end, over every context of the selection, with what the paging services paged. Exit 0 when every part was read, 3 when
 * one is missing (it says which).
 */
import {EXIT_OK, EXIT_SOURCE_FAILED, EXIT_USAGE} from '../domain/exit-codes.ts';
import {handoverDocument, handoverMarkdown} from '../domain/handover-markdown.ts';
import {buildHandover} from '../domain/handover.ts';
import {sanitize} from '../domain/sanitize.ts';
import {describeFailure} from '../queries/source-outcome.ts';
import type {CliArgs} from './args.ts';
import type {Env} from './compose.ts';
import type {Io} from './main.ts';
import {readByBackendsClock, safeJson} from './one-shot.ts';
import type {Runtime} from './runtime.ts';
import {QUIET, rangeOf, readSelection, selectionBudgets, selectionContexts, selectionIncidents} from './timeline-command.ts';

/**
 * The names of the external labels of each context of the selection that reads a paging service:
 * configured, or with `auto` those its Prometheus read from its own config (the read its alerts
 * use, one request per start). Where they could not be read, why: the handover says an alert page
 * there may be listed apart from its incident, rather than folding silently without them.
 */
async function externalLabelNames(runtime: Runtime, paging: ReadonlyArray<{context: string}>): Promise<{names: Record<string, string[]>; unread: Array<{context: string; reason: string}>}> {
  const pagingContexts = new Set(paging.map((p) => p.context));
  const configs = new Map((runtime.config?.contexts ?? []).map((c) => [c.name, c.prometheus?.externalLabels]));
  const read = await Promise.all(
    runtime.members.map(async (m): Promise<{context: string; names?: string[]; reason?: string}> => {
      const {context, sloReader} = m.composed.services;
      const set = configs.get(context);
      if (set === undefined) return {context};
      if (set !== 'auto') return {context, names: Object.keys(set)};
      // Without incidents there is nothing to fold, and nothing to read.
      if (!pagingContexts.has(context)) return {context};
      const reader = sloReader?.capabilities.externalLabelNames;
      if (reader === undefined) return {context, reason: 'not read by this source'};
      try {
        return {context, names: (await reader()).value};
      } catch (error) {
        return {context, reason: sanitize(describeFailure(error)).slice(0, 300)};
      }
    }),
  );
  return {
    names: Object.fromEntries(read.flatMap((r) => (r.names === undefined ? [] : [[r.context, r.names]]))),
    unread: read.flatMap((r) => (r.reason === undefined ? [] : [{context: r.context, reason: r.reason}])),
  };
}

/** Runs `oncall handover`. */
export async function handoverCommand(args: CliArgs, runtime: Runtime, env: Env, io: Io): Promise<number> {
  const shift = {...args, from: undefined, until: undefined};
  let range = rangeOf(shift, runtime.settings.now(), '12h', io);
  if (range === null) {
    await runtime.close();
    return EXIT_USAGE;
  }
  try {
    let first = true;
    const [reading, spent, paged] = await readByBackendsClock(runtime, () => {
      // Read again by the backends' clock: the shift ends at their now.
      if (!first) range = rangeOf(shift, runtime.settings.now(), '12h', QUIET) ?? range!;
      first = false;
      return Promise.all([readSelection(runtime, env, range!), selectionBudgets(runtime, range!), selectionIncidents(runtime, range!)]);
    });
    const timeline = {...reading.timeline, gaps: [...reading.timeline.gaps, ...spent.gaps, ...paged.gaps]};
    const external = await externalLabelNames(runtime, paged.sources);
    const handover = buildHandover({context: runtime.selectionLabel, contexts: selectionContexts(runtime), timeline, slosAtEnd: reading.slosAtEnd, alertsAtEnd: reading.alertsAtEnd, silences: reading.silences, budgets: spent.budgets, unread: reading.unread, incidents: paged.incidents, pagingSources: paged.sources, externalLabels: external.names, externalLabelsUnread: external.unread});
    io.out(args.format === 'json' ? `${safeJson(handoverDocument(handover))}\n` : handoverMarkdown(handover));
    return timeline.gaps.length > 0 ? EXIT_SOURCE_FAILED : EXIT_OK;
  } finally {
    await runtime.close();
  }
}
