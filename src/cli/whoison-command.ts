/**
 * `oncall whoison [SERVICE] [--json]`: who is on call now, per escalation level, for a service
 * (all the services the context's paging sources watch when none is named), from every alert
 * source that can tell (PagerDuty's `/oncalls`). Exit 0, 1 when nobody is on call for the
 * service (without one: for any service whose escalation policy is known), 2 when no source covers a service of that name, 3 when a source could not be read or
 * a service's on-call could not be known (its PagerDuty service not found, a list cut).
 */
import {EXIT_ATTENTION, EXIT_OK, EXIT_SOURCE_FAILED} from '../domain/exit-codes.ts';
import {oncallLine, oncallsFor, type Oncall} from '../domain/incident.ts';
import {coveredServices, mergeCoverage, nobodyOnCall, serviceCoverage, unknownOncalls, type OncallGap} from '../domain/oncall-coverage.ts';
import {sanitize} from '../domain/sanitize.ts';
import {describeFailure} from '../queries/source-outcome.ts';
import type {OncallAnswer} from '../sources/capabilities.ts';
import type {CliArgs} from './args.ts';
import type {Io} from './main.ts';
import {safeJson} from './one-shot.ts';
import type {Runtime} from './runtime.ts';

/** Runs `oncall whoison`. */
export async function whoisonCommand(args: CliArgs, runtime: Runtime, io: Io): Promise<number> {
  const service = args.service ?? null;
  const found: Oncall[] = [];
  const failed: string[] = [];
  // The services the sources not read are configured to watch: their on-call is not known.
  const unreadServices: string[] = [];
  // What a source said beside its answer (entries it could not show): never dropped unsaid.
  const warnings: string[] = [];
  // Contexts sharing one PagerDuty entry hold one pooled adapter (cli/compose.ts): it is asked once.
  const seen = new Map<object, {contexts: string[]}>();
  const asks: Array<{source: string; contexts: string[]; services: string[]; ask: () => Promise<OncallAnswer>}> = [];
  for (const member of runtime.members) {
    const context = member.composed.services.context;
    for (const source of member.composed.services.alertSources) {
      const list = source.capabilities.listOncalls;
      if (!list) continue;
      const shared = seen.get(source.capabilities);
      if (shared) {
        shared.contexts.push(context);
        continue;
      }
      const ask = {source: source.name, contexts: [context], services: configuredServices(runtime, context, source.name), ask: () => list.call(source.capabilities)};
      seen.set(source.capabilities, ask);
      asks.push(ask);
    }
  }
  // Over several contexts each answer, note and row names its context: a PagerDuty account down,
  // or an engineer on call, is a region's, and the default name `pagerduty` is every region's.
  const several = runtime.members.length > 1;
  const nameOf = (a: (typeof asks)[number]) => (several ? `${a.source} (context ${a.contexts.join(', ')})` : a.source);
  const asked = asks.length;
  // Each answer with the contexts it speaks for: nobody on call is a context's (a shared account
  // once, with all its contexts), never hidden by someone on call for the same name elsewhere.
  const perAsk: Array<{contexts: string[]; gap: OncallGap; oncalls: readonly Oncall[]}> = [];
  try {
    // All at once: over a slow link, one after another would cost the sum of their answers.
    // Settled in the order they were configured, so the output does not depend on which answers first.
    const answers = await Promise.allSettled(asks.map((a) => a.ask()));
    answers.forEach((answer, i) => {
      const a = asks[i]!;
      if (answer.status === 'fulfilled') {
        found.push(...(several ? answer.value.value.map((o) => ({...o, context: a.contexts.join(', ')})) : answer.value.value));
        perAsk.push({contexts: a.contexts, gap: answer.value, oncalls: answer.value.value});
        warnings.push(...answer.value.warnings.map((w) => namedBy(a.source, w, nameOf(a))));
      } else {
        failed.push(`${nameOf(a)}: ${describeFailure(answer.reason)}`);
        unreadServices.push(...asks[i]!.services);
      }
    });
  } finally {
    await runtime.close();
  }
  if (asked === 0) {
    io.err(`whoison: no alert source of ${several ? 'these contexts' : 'this context'} knows who is on call (configure a PagerDuty source under alertSources)\n`);
    return 2;
  }
  for (const f of failed) io.err(`note: ${sanitize(f)}\n`);
  for (const w of warnings) io.err(`warning: ${sanitize(w)}\n`);
  const coverage = mergeCoverage(perAsk.map((p) => p.gap));
  const oncalls = oncallsFor(found, service);
  const verdict = service === null ? null : serviceCoverage(coverage, found, service);
  // A word no source maps to is a typo or a service PagerDuty does not page for: said as such,
  // with the names it could have been, never as "nobody on call". Only when every source
  // answered: one not read may cover it.
  if (service !== null && verdict === 'unmapped' && failed.length === 0) {
    io.err(`whoison: no PagerDuty service maps to ${sanitize(service)} (known: ${knownList(coveredServices(coverage, found))})\n`);
    return 2;
  }
  // Services whose on-call cannot be known: named, so none of them reads as nobody on call.
  const unknown = service === null ? coverage.unknown : verdict === 'unknown' ? [service] : [];
  // As the text says UNKNOWN or "may be incomplete" for a source not read, so do the fields a
  // script reads: an empty list beside `incomplete: false` would read as nobody on call.
  const said = unknownOncalls(coverage, found, service, {count: failed.length, services: unreadServices});
  // Asked for every service, one with nobody on call must still be named (and exit 1), as when
  // asked by name: the names of the others would otherwise hide it.
  // Asked by name, the service itself when that is why the exit is 1: `nobodyServices` is
  // non-empty exactly when nobody on call is the answer, never beside an exit 3.
  const readWhole = verdict === 'known' && said.unknown.length === 0 && failed.length === 0 && !coverage.incomplete;
  let nobodyIn: Array<{service: string; context: string | null}>;
  if (service === null) nobodyIn = several ? nobodyPerContext(runtime, perAsk, said.unknown) : nobodyOnCall(coverage, found, said.unknown).map((s) => ({service: s, context: null}));
  // Over several contexts a context's nobody is not hidden by someone on call for the name in another.
  else if (several) nobodyIn = readWhole ? nobodyPerContext(runtime, perAsk, said.unknown).filter((n) => n.service === service) : [];
  else nobodyIn = readWhole && oncalls.length === 0 ? [{service, context: null}] : [];
  const nobody = [...new Set(nobodyIn.map((n) => n.service))];
  const nobodyLines = () => {
    for (const n of nobodyIn) io.out(`  nobody on call for ${sanitize(n.service)}${n.context === null ? '' : `  [${sanitize(n.context)}]`}\n`);
  };
  if (args.json) {
    const rows = oncalls.map((o) => ({...o, until: o.until === null ? null : new Date(o.until).toISOString()}));
    io.out(`${safeJson({service, oncalls: rows, unknownServices: said.unknown, nobodyServices: nobody, ...(several ? {nobodyIn} : {}), incomplete: said.incomplete, errors: failed, warnings})}\n`);
  } else if (oncalls.length === 0) {
    // "Nobody" only from sources that answered: none answering is not knowing.
    const names = failed.map((f) => sanitize(f.split(':')[0] ?? ''));
    const whom = service === null ? '' : ` for ${sanitize(service)}`;
    if (failed.length === asked) io.out(`on call${whom}: UNKNOWN, ${names.join(', ')} could not be read\n`);
    else if (service !== null && verdict === 'unknown') io.out(`on call${whom}: UNKNOWN, ${unknownWhy(coverage.unknown.includes(service))}\n`);
    else if (service === null && (unknown.length > 0 || coverage.incomplete)) {
      io.out(`on call: UNKNOWN for ${unknownNames(unknown, coverage.incomplete)}\n`);
      // The services known to have nobody are named as beside names: the UNKNOWN of others does not hide them.
      nobodyLines();
    }
    else io.out(`nobody on call${whom} in the sources that answered (not read: ${names.join(', ')})\n`.replace(' in the sources that answered (not read: )', ''));
  } else {
    io.out(`${service === null ? 'on call' : `on call for ${sanitize(service)}`}: ${sanitize(oncallLine(oncalls))}\n`);
    for (const o of oncalls) {
      const until = o.until === null ? '' : `, until ${new Date(o.until).toISOString().slice(0, 16)}Z`;
      io.out(`  L${o.level}  ${sanitize(o.user)}${o.context === undefined ? '' : `  [${sanitize(o.context)}]`}  (${sanitize(o.escalationPolicy)}${o.schedule ? `, ${sanitize(o.schedule)}` : ''}${until})  ${sanitize(o.services.join(', '))}\n`);
    }
    nobodyLines();
    if (unknown.length > 0) io.out(`  UNKNOWN for ${unknownNames(unknown, false)}: ${unknownWhy(true)}\n`);
    if (coverage.incomplete) io.out(`  (a list was cut: the list may be incomplete)\n`);
    if (failed.length > 0) io.out(`  (not read: ${failed.map((f) => sanitize(f.split(':')[0] ?? '')).join(', ')}: the list may be incomplete)\n`);
  }
  // A cut list, like a source not read, leaves the names shown possibly incomplete.
  if (failed.length > 0 || unknown.length > 0 || coverage.incomplete) return EXIT_SOURCE_FAILED;
  return oncalls.length === 0 || nobody.length > 0 ? EXIT_ATTENTION : EXIT_OK;
}

/**
 * Nobody on call per context (all of a context's answers merged: one source's empty policy is
 * not nobody when another source of that context has someone), each service once with the
 * contexts it holds for, in the order of the selection.
 */
function nobodyPerContext(runtime: Runtime, perAsk: ReadonlyArray<{contexts: string[]; gap: OncallGap; oncalls: readonly Oncall[]}>, unknown: readonly string[]): Array<{service: string; context: string}> {
  const contexts = new Map<string, string[]>();
  for (const member of runtime.members) {
    const context = member.composed.services.context;
    const mine = perAsk.filter((p) => p.contexts.includes(context));
    if (mine.length === 0) continue;
    for (const service of nobodyOnCall(mergeCoverage(mine.map((p) => p.gap)), mine.flatMap((p) => p.oncalls), unknown)) contexts.set(service, [...(contexts.get(service) ?? []), context]);
  }
  return [...contexts].map(([service, names]) => ({service, context: names.join(', ')}));
}

// Why a service's on-call is unknown: its PagerDuty service was not found, or a list was cut.
function unknownWhy(notFound: boolean): string {
  return notFound ? 'its PagerDuty service was not found (see the warning)' : 'a list was cut before it (see the warning)';
}

function unknownNames(unknown: readonly string[], incomplete: boolean): string {
  return [...unknown.map((s) => sanitize(s)), ...(incomplete ? ['services past a cut list'] : [])].join(', ');
}

// The services a PagerDuty entry watches, as our names (`services:` maps its ids), known without
// asking it: what a source not read leaves unknown. Services of its teams cannot be named.
function configuredServices(runtime: Runtime, context: string, source: string): string[] {
  const entry = runtime.config?.contexts.find((c) => c.name === context)?.alertSources?.find((e) => e.name === source);
  return entry?.kind === 'pagerduty' ? entry.serviceIds.map((id) => entry.services[id] ?? id) : [];
}

// At most ten names: a large account must not flood the terminal of a mistyped name.
function knownList(services: readonly string[]): string {
  if (services.length === 0) return 'none';
  const shown = services.slice(0, 10).map((s) => sanitize(s)).join(', ');
  return services.length > 10 ? `${shown}, and ${services.length - 10} more` : shown;
}

// A warning names its source once (`as`: with its contexts): the adapter may have named itself already.
function namedBy(source: string, warning: string, as: string): string {
  return `${as}: ${warning.startsWith(`${source}: `) ? warning.slice(source.length + 2) : warning}`;
}
