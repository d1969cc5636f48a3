/**
 * `oncall whoison [SERVICE] [--json]`: who is on call now, per escalation level, for a service
 * (all the services the context's paging sources watch when none is named), from every alert
 * source that can tell (PagerDuty's `/oncalls`). Exit 0, 1 when nobody is on call for the
 * service, 3 when a source could not be read.
 */
import {EXIT_ATTENTION, EXIT_OK, EXIT_SOURCE_FAILED} from '../domain/exit-codes.ts';
import {oncallLine, oncallsFor, type Oncall} from '../domain/incident.ts';
import {sanitize} from '../domain/sanitize.ts';
import {describeFailure} from '../queries/source-outcome.ts';
import type {Sourced} from '../sources/capabilities.ts';
import type {CliArgs} from './args.ts';
import type {Io} from './main.ts';
import {safeJson} from './one-shot.ts';
import type {Runtime} from './runtime.ts';

/** Runs `oncall whoison`. */
export async function whoisonCommand(args: CliArgs, runtime: Runtime, io: Io): Promise<number> {
  const service = args.service ?? null;
  const found: Oncall[] = [];
  const failed: string[] = [];
  // What a source said beside its answer (entries it could not show): never dropped unsaid.
  const warnings: string[] = [];
  // Contexts sharing one PagerDuty entry hold one pooled adapter (cli/compose.ts): it is asked once.
  const seen = new Set<object>();
  const asks: Array<{name: string; ask: () => Promise<Sourced<Oncall[]>>}> = [];
  for (const member of runtime.members) {
    for (const source of member.composed.services.alertSources) {
      const list = source.capabilities.listOncalls;
      if (!list || seen.has(source.capabilities)) continue;
      seen.add(source.capabilities);
      asks.push({name: source.name, ask: () => list.call(source.capabilities)});
    }
  }
  const asked = asks.length;
  try {
    // All at once: over a slow link, one after another would cost the sum of their answers.
    // Settled in the order they were configured, so the output does not depend on which answers first.
    const answers = await Promise.allSettled(asks.map((a) => a.ask()));
    answers.forEach((answer, i) => {
      if (answer.status === 'fulfilled') {
        found.push(...answer.value.value);
        warnings.push(...answer.value.warnings.map((w) => namedBy(asks[i]!.name, w)));
      } else failed.push(`${asks[i]!.name}: ${describeFailure(answer.reason)}`);
    });
  } finally {
    await runtime.close();
  }
  if (asked === 0) {
    io.err('whoison: no alert source of this context knows who is on call (configure a PagerDuty source under alertSources)\n');
    return 2;
  }
  for (const f of failed) io.err(`note: ${sanitize(f)}\n`);
  for (const w of warnings) io.err(`warning: ${sanitize(w)}\n`);
  const oncalls = oncallsFor(found, service);
  if (args.json) {
    const rows = oncalls.map((o) => ({...o, until: o.until === null ? null : new Date(o.until).toISOString()}));
    io.out(`${safeJson({service, oncalls: rows, errors: failed, warnings})}\n`);
  } else if (oncalls.length === 0) {
    // "Nobody" only from sources that answered: none answering is not knowing.
    const names = failed.map((f) => sanitize(f.split(':')[0] ?? ''));
    const whom = service === null ? '' : ` for ${sanitize(service)}`;
    if (failed.length === asked) io.out(`on call${whom}: UNKNOWN, ${names.join(', ')} could not be read\n`);
    else io.out(`nobody on call${whom} in the sources that answered (not read: ${names.join(', ')})\n`.replace(' in the sources that answered (not read: )', ''));
  } else {
    io.out(`${service === null ? 'on call' : `on call for ${sanitize(service)}`}: ${sanitize(oncallLine(oncalls))}\n`);
    for (const o of oncalls) {
      const until = o.until === null ? '' : `, until ${new Date(o.until).toISOString().slice(0, 16)}Z`;
      io.out(`  L${o.level}  ${sanitize(o.user)}  (${sanitize(o.escalationPolicy)}${o.schedule ? `, ${sanitize(o.schedule)}` : ''}${until})  ${sanitize(o.services.join(', '))}\n`);
    }
    if (failed.length > 0) io.out(`  (not read: ${failed.map((f) => sanitize(f.split(':')[0] ?? '')).join(', ')}: the list may be incomplete)\n`);
  }
  if (failed.length > 0) return EXIT_SOURCE_FAILED;
  return oncalls.length === 0 ? EXIT_ATTENTION : EXIT_OK;
}

// A warning names its source once: the adapter may have named itself already.
function namedBy(source: string, warning: string): string {
  return warning.startsWith(`${source}: `) ? warning : `${source}: ${warning}`;
}
