/**
 * The demo's silence store, with Alertmanager's semantics where the dashboard depends on them:
 * anchored regex matchers, a missing label matching as the empty string, a start in the past
 * clamped to now, replacing a silence expires the old one and returns a new id, expiring sets the
 * end to now, and listing sorts active, then pending, then expired.
 */
import type {Matcher, Silence, SilenceDraft} from '../../domain/alert.ts';
import {SilenceNotFound, SourceFailure, type SilenceCreator, type SilenceExpirer, type SilenceLister, type Sourced} from '../capabilities.ts';

/** The silence capabilities plus the lookup the demo alerts use. */
export interface DemoSilences extends SilenceLister, SilenceCreator, SilenceExpirer {
  /** Ids of the silences active now whose matchers all match `labels`. */
  silencing(labels: Record<string, string>): string[];
}

type Stored = Omit<Silence, 'state'>;

/** True when one matcher matches the label set; regexes are fully anchored, as in Alertmanager. */
export function matcherMatches(matcher: Matcher, labels: Record<string, string>): boolean {
  const value = labels[matcher.name] ?? '';
  const equal = matcher.isRegex ? new RegExp(`^(?:${matcher.value})$`).test(value) : value === matcher.value;
  return equal === matcher.isEqual;
}

/** The state of a silence at `now`. */
export function silenceState(silence: {startsAt: number; endsAt: number}, now: number): Silence['state'] {
  if (now < silence.startsAt) return 'pending';
  return now < silence.endsAt ? 'active' : 'expired';
}

function validate(draft: SilenceDraft, now: number): void {
  if (draft.matchers.length === 0) throw new SourceFailure('bad-response', 'a silence needs at least one matcher');
  for (const m of draft.matchers) {
    if (!m.isRegex) continue;
    try {
      new RegExp(m.value);
    } catch {
      throw new SourceFailure('bad-response', `invalid regular expression for ${m.name}`);
    }
  }
  if (draft.endsAt <= draft.startsAt) throw new SourceFailure('bad-response', 'start time must be before end time');
  if (draft.endsAt <= now) throw new SourceFailure('bad-response', "end time can't be in the past");
}

/** Order of `GET /api/v2/silences`: active by soonest end, pending by soonest start, expired newest first. */
function compare(a: Silence, b: Silence): number {
  const rank = {active: 0, pending: 1, expired: 2} as const;
  if (a.state !== b.state) return rank[a.state] - rank[b.state];
  if (a.state === 'active') return a.endsAt - b.endsAt;
  if (a.state === 'pending') return a.startsAt - b.startsAt;
  return b.endsAt - a.endsAt;
}

/**
 * Creates a silence store seeded with `seeds` (absolute times), ids `demo-silence-<n>` from 1.
 * @param now the clock; every state is evaluated against it when asked
 */
export function createDemoSilences(now: () => number, seeds: SilenceDraft[]): DemoSilences {
  const stored = new Map<string, Stored>();
  let counter = 0;
  const add = (draft: SilenceDraft, at: number): string => {
    const id = `demo-silence-${++counter}`;
    stored.set(id, {
      id,
      matchers: draft.matchers.map((m) => ({...m})),
      startsAt: Math.max(draft.startsAt, at),
      endsAt: draft.endsAt,
      createdBy: draft.createdBy,
      comment: draft.comment,
    });
    return id;
  };
  const expire = (silence: Stored, at: number): void => {
    if (silenceState(silence, at) === 'expired') return;
    // An expired pending silence never started: Alertmanager sets both ends to now.
    if (silence.startsAt > at) silence.startsAt = at;
    silence.endsAt = at;
  };
  for (const seed of seeds) {
    const id = `demo-silence-${++counter}`;
    const {matchers, startsAt, endsAt, createdBy, comment} = seed;
    stored.set(id, {id, matchers: matchers.map((m) => ({...m})), startsAt, endsAt, createdBy, comment});
  }

  return {
    async listSilences(): Promise<Sourced<Silence[]>> {
      const at = now();
      const value = [...stored.values()].map((s) => ({...s, matchers: s.matchers.map((m) => ({...m})), state: silenceState(s, at)}));
      return {value: value.sort(compare), warnings: []};
    },
    async createSilence(draft) {
      const at = now();
      validate(draft, at);
      if (draft.id !== undefined) {
        const old = stored.get(draft.id);
        if (!old) throw new SourceFailure('bad-response', `silence ${draft.id} not found`);
        expire(old, at);
      }
      return add(draft, at);
    },
    async expireSilence(id) {
      const silence = stored.get(id);
      if (!silence) throw new SilenceNotFound(`silence ${id} not found`);
      expire(silence, now());
    },
    silencing(labels) {
      const at = now();
      return [...stored.values()]
        .filter((s) => silenceState(s, at) === 'active' && s.matchers.every((m) => matcherMatches(m, labels)))
        .map((s) => s.id);
    },
  };
}
