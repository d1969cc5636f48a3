/**
 * Hand-made capability objects for query, view and CLI tests: each records its calls and answers
 * what the test tells it to, so a test can count reads and make one source fail on purpose.
 */
import type {Alert, Silence} from '../../src/domain/alert.ts';
import type {Deploy} from '../../src/domain/deploy.ts';
import type {SloDefinition, SloMeasurement, WindowRatio} from '../../src/domain/slo.ts';
import {BURN_WINDOWS} from '../../src/domain/slo.ts';
import type {AlertSeries} from '../../src/domain/timeline-alerts.ts';
import type {
  AlertLister,
  ContextServices,
  DeployLister,
  HistoryReader,
  SilenceLister,
  SloHistoryReader,
  SloRatioReader,
  Sourced,
} from '../../src/sources/capabilities.ts';

/** A fixed instant the fakes and tests share: 2026-05-01T10:00:00Z. */
export const T0 = Date.UTC(2026, 4, 1, 10, 0, 0);

/** A ratio SLO definition with neutral defaults. */
export function makeSlo(over: Partial<SloDefinition> & {name: string}): SloDefinition {
  return {service: 'checkout', objective: 99.9, window: '30d', source: 'native', ...over};
}

/** Ratios of an SLO (99.9 %) that pages by 1h&5m: 20× over the short windows, calm over the long. */
export const PAGING_RATIOS: readonly WindowRatio[] = [
  {window: '5m', ratio: 0.02},
  {window: '30m', ratio: 0.02},
  {window: '1h', ratio: 0.02},
  {window: '2h', ratio: 0.005},
  {window: '6h', ratio: 0.003},
  {window: '1d', ratio: 0.001},
  {window: '3d', ratio: 0.0005},
  {window: 'period', ratio: 0.0004},
];

/** The same error ratio over every burn window and the period. */
export function flatRatios(ratio: number | null): WindowRatio[] {
  return [...BURN_WINDOWS, 'period' as const].map((window) => ({window, ratio}));
}

/** A deploy with neutral defaults. */
export function makeDeploy(over: Partial<Deploy> & {id: string}): Deploy {
  return {service: 'checkout', version: 'v1.0.0', environment: 'production', status: 'success', startedAt: T0, author: 'dev', url: null, ...over};
}

/** A silence with neutral defaults (an active ack ending in 15 minutes). */
export function makeSilence(over: Partial<Silence> & {id: string}): Silence {
  return {matchers: [], startsAt: T0 - 60_000, endsAt: T0 + 15 * 60_000, createdBy: 'primary@bastion', comment: 'ACK! looking', state: 'active', ...over};
}

/** What a fake answers: a value, or an error to throw. */
export type Answer<T> = {value: T; warnings?: string[]; partial?: string[]} | {error: unknown};

function answer<T>(a: Answer<T>): Promise<Sourced<T>> {
  return 'error' in a ? Promise.reject(a.error) : Promise.resolve({value: a.value, warnings: a.warnings ?? [], ...(a.partial ? {partial: a.partial} : {})});
}

/** A fake SLO reader that records every call; `measure` decides the measurements per call. */
export function fakeSloReader(measure: (slos: SloDefinition[], at: number) => Answer<SloMeasurement[]>) {
  const calls: Array<{slos: string[]; windows: string[]; at: number}> = [];
  const historyCalls: Array<{slo: string; from: number; to: number; step: number}> = [];
  let history: ((slo: SloDefinition) => Answer<Array<{at: number; ratio: number | null}>>) | null = null;
  const reader: SloRatioReader & Partial<SloHistoryReader> = {
    readRatios(slos, windows, at) {
      calls.push({slos: slos.map((s) => s.name), windows: [...windows], at});
      return answer(measure(slos, at));
    },
  };
  return {
    reader,
    calls,
    historyCalls,
    /** Adds `readHistory`, answering with `points` for each SLO. */
    withHistory(points: (slo: SloDefinition) => Answer<Array<{at: number; ratio: number | null}>>) {
      history = points;
      reader.readHistory = (slo, from, to, step) => {
        historyCalls.push({slo: slo.name, from, to, step});
        return answer(history!(slo));
      };
    },
  };
}

/** A fake alert source; `silences` adds a `listSilences` capability. */
export function fakeAlertSource(alerts: () => Answer<Alert[]>, silences?: () => Answer<Silence[]>) {
  let calls = 0;
  const capabilities: AlertLister & Partial<SilenceLister> = {
    listAlerts() {
      calls++;
      return answer(alerts());
    },
  };
  if (silences) capabilities.listSilences = () => answer(silences());
  return {
    capabilities,
    get calls() {
      return calls;
    },
  };
}

/** A fake deploy lister. */
export function fakeDeploySource(deploys: () => Answer<Deploy[]>) {
  let calls = 0;
  const capabilities: DeployLister = {
    listDeploys() {
      calls++;
      return answer(deploys());
    },
  };
  return {
    capabilities,
    get calls() {
      return calls;
    },
  };
}

/** Services with nothing configured; tests fill in what they need. */
export function emptyServices(over: Partial<ContextServices> = {}): ContextServices {
  return {context: 'test', readOnly: false, slos: [], sloReader: null, alertSources: [], deploySource: null, rollbacker: null, ...over};
}

/**
 * A context `prod` whose Prometheus holds `alerts` over any range (15 s evaluation, no SLO ratios
 * then or now); `more` adds or replaces its history capabilities (rules, metadata lookups, ratios).
 */
export function historyServices(alerts: AlertSeries[], more: Partial<HistoryReader> = {}, over: Partial<ContextServices> = {}): ContextServices {
  return emptyServices({
    context: 'prod',
    ...over,
    sloReader: {
      name: 'prometheus',
      kind: 'prometheus',
      capabilities: {
        readRatios: async () => ({value: [], warnings: []}),
        evaluationSeconds: async () => 15,
        readAlertHistory: async () => ({value: alerts, warnings: []}),
        readRatioHistory: async () => ({value: [], warnings: []}),
        ...more,
      },
    },
  });
}
