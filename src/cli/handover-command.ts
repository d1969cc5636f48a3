/**
 * `oncall handover`: the shift summary for the next on-call, from the shift's timeline and the
 * state at its end, over every context of the selection, with what the paging services paged. Exit 0 when every part was read, 3 when
 * one is missing (it says which).
 */
import {EXIT_OK, EXIT_SOURCE_FAILED, EXIT_USAGE} from '../domain/exit-codes.ts';
import {handoverDocument, handoverMarkdown} from '../domain/handover-markdown.ts';
import {buildHandover} from '../domain/handover.ts';
import type {CliArgs} from './args.ts';
import type {Env} from './compose.ts';
import type {Io} from './main.ts';
import {readByBackendsClock, safeJson} from './one-shot.ts';
import type {Runtime} from './runtime.ts';
import {QUIET, rangeOf, readSelection, selectionBudgets, selectionContexts, selectionIncidents} from './timeline-command.ts';

/**
 * The names of the external labels each context of the selection configures. `auto` names none
 * here: they are read from Prometheus by its source, and an alert then folds as before.
 */
function externalLabelNames(runtime: Runtime): Record<string, string[]> {
  return Object.fromEntries(
    (runtime.config?.contexts ?? []).flatMap((c) => {
      const set = c.prometheus?.externalLabels;
      return set === undefined || set === 'auto' ? [] : [[c.name, Object.keys(set)]];
    }),
  );
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
    const handover = buildHandover({context: runtime.selectionLabel, contexts: selectionContexts(runtime), timeline, slosAtEnd: reading.slosAtEnd, alertsAtEnd: reading.alertsAtEnd, silences: reading.silences, budgets: spent.budgets, unread: reading.unread, incidents: paged.incidents, pagingSources: paged.sources, externalLabels: externalLabelNames(runtime)});
    io.out(args.format === 'json' ? `${safeJson(handoverDocument(handover))}\n` : handoverMarkdown(handover));
    return timeline.gaps.length > 0 ? EXIT_SOURCE_FAILED : EXIT_OK;
  } finally {
    await runtime.close();
  }
}
