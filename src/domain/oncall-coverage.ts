/**
 * What the on-call sources could and could not see, so that an empty on-call is said to be
 * "nobody" only where it is known: a service whose escalation policy no source could learn, or
 * one a cut list may have left out, is unknown. Pure.
 */
import type {Oncall} from './incident.ts';

/** What one source said of the services it covers, beside its on-calls. */
export interface OncallGap {
  /** Our services whose escalation policy it knows; absent: it does not say. */
  services?: readonly string[];
  /** Our services it watches whose escalation policy it could not learn. */
  unknownServices?: readonly string[];
  /** A list it read was cut. */
  incomplete?: boolean;
}

/** The gaps of every source that answered, merged. */
export interface OncallCoverage {
  /** Our services some source knows the escalation policy of; null when a source did not say. */
  known: string[] | null;
  /** Our services whose on-call is unknown (and that no other source knows). */
  unknown: string[];
  /** Some list was cut: a service without an on-call may have one past the cut. */
  incomplete: boolean;
}

/** Merges what the sources said; a service one source knows is known, whatever another said. */
export function mergeCoverage(gaps: readonly OncallGap[]): OncallCoverage {
  const known = gaps.every((g) => g.services !== undefined) ? [...new Set(gaps.flatMap((g) => g.services ?? []))].sort() : null;
  const unknown = [...new Set(gaps.flatMap((g) => g.unknownServices ?? []))].filter((s) => known === null || !known.includes(s)).sort();
  return {known, unknown, incomplete: gaps.some((g) => g.incomplete === true)};
}

/**
 * What can be said of `service`'s on-call: `known` (the on-calls listed are all there is, none
 * meaning nobody), `unknown` (its escalation policy was not found, or a cut list may hold its
 * on-calls), or `unmapped` (no source covers a service of that name at all).
 */
export function serviceCoverage(coverage: OncallCoverage, oncalls: readonly Oncall[], service: string): 'known' | 'unknown' | 'unmapped' {
  if (coverage.unknown.includes(service)) return 'unknown';
  if (oncalls.some((o) => o.services.includes(service))) return 'known';
  if (coverage.incomplete) return 'unknown';
  if (coverage.known === null || coverage.known.includes(service)) return 'known';
  return 'unmapped';
}

/** Every service the sources cover (known, unknown or on call), sorted: what a mistyped name is told. */
export function coveredServices(coverage: OncallCoverage, oncalls: readonly Oncall[]): string[] {
  return [...new Set([...(coverage.known ?? []), ...coverage.unknown, ...oncalls.flatMap((o) => o.services)])].sort();
}

/** The sources that could not be read: how many, and the services they are configured to watch. */
export interface UnreadOncallSources {
  count: number;
  /** Our services the sources not read watch, as the config names them (their teams' services cannot be named). */
  services: readonly string[];
}

/**
 * What a reader of the on-call list must take as unknown: the services whose on-call no answer
 * could tell (`coverage.unknown`, or `service`'s verdict), and, when a source was not read, every
 * service it watches and the service asked for, unless an answer named someone on call for it:
 * the source not read may page for it, so an empty list there is not "nobody". A source not read
 * leaves the list incomplete, as a cut one does.
 */
export function unknownOncalls(coverage: OncallCoverage, oncalls: readonly Oncall[], service: string | null, unread: UnreadOncallSources): {unknown: string[]; incomplete: boolean} {
  const named = (s: string) => oncalls.some((o) => o.services.includes(s));
  const asked = (s: string) => serviceCoverage(coverage, oncalls, s) === 'unknown' || (unread.count > 0 && !named(s));
  if (service !== null) return {unknown: asked(service) ? [service] : [], incomplete: coverage.incomplete || unread.count > 0};
  const unreadServices = unread.count > 0 ? unread.services.filter((s) => !named(s)) : [];
  return {unknown: [...new Set([...coverage.unknown, ...unreadServices])].sort(), incomplete: coverage.incomplete || unread.count > 0};
}

/**
 * The services known to have nobody on call: a source knows their escalation policy, no list was
 * cut before them, none of `unknown` (what the reader was told is unknown, a source not read
 * included), and no on-call names them. Sorted; empty when no source said which it knows.
 */
export function nobodyOnCall(coverage: OncallCoverage, oncalls: readonly Oncall[], unknown: readonly string[]): string[] {
  return (coverage.known ?? []).filter((s) => !unknown.includes(s) && serviceCoverage(coverage, oncalls, s) === 'known' && !oncalls.some((o) => o.services.includes(s)));
}
