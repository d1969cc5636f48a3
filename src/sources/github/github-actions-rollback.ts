/**
 * Rollback through a GitHub Actions `workflow_dispatch`, then follows the run it started.
 *
 * Finding the run: the dispatch asks for `return_run_details` (GitHub answers 200 with the run
 * id; servers without the feature answer 204, and GitHub Enterprise versions that predate it
 * refuse the parameter, in which case the dispatch is sent once more without it). Without run
 * details, the run is looked up among the workflow's `workflow_dispatch` runs on the ref created
 * since shortly before the dispatch, page after page (at most `MAX_RUN_PAGES`): on a busy
 * repository other runs created meanwhile push ours past the first page.
 *
 * Correlation: a dispatch cannot carry a request id unless the workflow declares it —
 * `workflow_dispatch` refuses unknown inputs with 422. So `oncall_request_id` (set to the plan's
 * idempotency key) is sent only when the config lists it among `inputs`; the workflow should then
 * show it in its `run-name`, which is the only input-derived text the runs list returns. Only a
 * run whose title carries the key is provably ours: without it nothing is taken (another
 * person's dispatch of the same workflow at the same moment would be followed as ours). A
 * dispatch answered without a run id, whose config lists no `oncall_request_id`, therefore has
 * a run that can never be identified: it is said so at once (`unfollowable`, `unidentified`,
 * status unknown), not left queued for minutes to end as unknown anyway. The config is what
 * tells: the workflow cannot be asked which inputs it declares, and one that lacks an input the
 * config lists refuses the dispatch (422), so nothing is started then.
 *
 * A run not listed in time is reported under a stand-in id, `pending:KEY`, which the action log
 * keeps. Any process asked about that id later (another `oncall rollback`, a dashboard started
 * since) looks for the run the same way, by its key, among the runs created from shortly before
 * the logged start: without the correlation input there is nothing safe to look for then.
 */
import {PENDING_RUN_PREFIX, pendingRunRequest, type RollbackPlan, type RollbackRun} from '../../domain/deploy.ts';
import {renderTemplateMap, templateValues} from '../../domain/rollback-template.ts';
import {SourceFailure, type LoggedRun, type Rollbacker, type RunWatcher} from '../capabilities.ts';
import {backendClock, ciFailure, createCiClient, dispatchFailure, type ProviderDeps, type ProviderSecrets} from '../ci/ci-http.ts';
import {callLine, inputLines} from '../ci/ci-preview.ts';
import {createRunBook, runOf, unknownPlan} from '../ci/ci-runs.ts';
import {decodeEach} from '../ci/ci-wire.ts';
import {decodeWire} from '../http/decode.ts';
import {HttpFailure} from '../http/http-errors.ts';
import {dispatchDetailsSchema, GITHUB_HEADERS, githubWebUrl, runStatus, workflowRunListSchema, workflowRunSchema, type WireWorkflowRun} from './github-wire.ts';
import type {CloseOptions} from '../http/http-client.ts';

/** The `rollback:` config of the github-actions provider (the fields this adapter reads). */
export interface GithubActionsRollbackConfig {
  provider: 'github-actions';
  apiUrl: string;
  repo: string;
  /** Workflow file name (`rollback.yml`) or numeric id. */
  workflow: string;
  ref: string;
  /** Workflow inputs; values are rollback templates. */
  inputs: Readonly<Record<string, string>>;
  insecureSkipVerify?: boolean;
  timeout?: string;
}

/** The input that carries the plan's idempotency key, sent only when the config lists it. */
export const CORRELATION_INPUT = 'oncall_request_id';

/** Why a dispatch's run cannot be identified when the config sends no {@link CORRELATION_INPUT}. */
export const UNIDENTIFIED_WHY = `the workflow takes no ${CORRELATION_INPUT} input`;

/** A rollbacker and run watcher with its connections to close. */
export type GithubActionsRollbacker = Rollbacker & RunWatcher & Required<Pick<Rollbacker, 'preview'>> & {close(how?: CloseOptions): Promise<void>};

// A run shows up in the list a few seconds after the dispatch; after that we report it as queued
// under a pending id and keep looking on each `getRun`.
const LOOKUP_ATTEMPTS = 4;
const LOOKUP_DELAY_MS = 1_500;
// Look for runs created from a minute before the dispatch was sent, on GitHub's clock as its own
// answers' `Date` headers tell it (backendClock, not the median of every backend's): to a second
// or two, the dispatch's own answer among them.
const CLOCK_SLACK_MS = 60_000;
// Runs asked for per page of the search, and the pages read at most per search: on a busy
// workflow other runs created since the dispatch come first (newest first), so ours may be on a
// later page; the bound keeps a search of a very busy one to a few requests.
const RUNS_PER_PAGE = 50;
const MAX_RUN_PAGES = 5;
// GitHub lists a dispatched run within seconds, queued even while it waits for a runner or an
// approval. One still not listed this long after the dispatch is most likely one whose run-name
// does not show the key: from then on its state is unknown rather than queued (open either way).
const PENDING_FIND_MS = 10 * 60_000;
// A logged start is written after the dispatch and the lookups, each bounded by the timeout:
// a process that did not send it searches from well before, which the key keeps exact.
const LOGGED_SLACK_MS = 10 * 60_000;

interface Dispatched {
  plan: RollbackPlan;
  /**
   * When the dispatch was sent, on GitHub's clock (GitHub filters `created:>=` on its own); for a
   * run read from the log, the earliest it can have been.
   */
  sentAt: number;
  /** When a run not found by then is no longer taken for queued (see `PENDING_FIND_MS`). */
  findBy: number;
  /** The run id, once known; a pending id keeps being asked for under its own name. */
  runId?: string;
}

const sleeper = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Creates the rollbacker for one repo and workflow. */
export function createGithubActionsRollbacker(config: GithubActionsRollbackConfig, secrets: ProviderSecrets, deps: ProviderDeps = {}): GithubActionsRollbacker {
  // Times sent to GitHub and compared with its own are on its clock, not this machine's.
  const clock = backendClock(deps);
  const now = clock.now;
  const sleep = deps.sleep ?? sleeper;
  const [owner = '', name = ''] = config.repo.split('/');
  const repoPath = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
  const workflowPath = `${repoPath}/actions/workflows/${encodeURIComponent(config.workflow)}`;
  const label = `github-actions ${config.repo} ${config.workflow}`;
  const runsPage = `${githubWebUrl(config.apiUrl)}/${config.repo}/actions/workflows/${encodeURIComponent(config.workflow)}`;
  const branch = config.ref.replace(/^refs\/(heads|tags)\//, '');
  const correlate = Object.hasOwn(config.inputs, CORRELATION_INPUT);
  const client = createCiClient({url: config.apiUrl, insecureSkipVerify: config.insecureSkipVerify, timeout: config.timeout}, secrets, {headers: {...GITHUB_HEADERS}, deps: clock.deps});
  const book = createRunBook<Dispatched>();

  const hint = (f: HttpFailure): string | null => {
    if (f.status === 401 || f.status === 403) return 'the token needs actions:write (and actions:read to follow the run) on the repo';
    if (f.status === 404) return `no workflow ${config.workflow} in ${config.repo}, or the token cannot see it`;
    if (f.status === 422) return `the workflow must declare on: workflow_dispatch and every input the config sends (${Object.keys(config.inputs).join(', ') || 'none'})`;
    return null;
  };

  function inputsFor(plan: RollbackPlan): Record<string, string> {
    // The correlation input's configured value is only a marker: it is replaced, not rendered.
    const templates = Object.fromEntries(Object.entries(config.inputs).filter(([key]) => key !== CORRELATION_INPUT));
    const rendered = renderTemplateMap(templates, templateValues(plan));
    if (!rendered.ok) throw new SourceFailure('bad-response', `${label}: rollback template: ${rendered.error}`);
    if (correlate) rendered.value[CORRELATION_INPUT] = plan.idempotencyKey;
    return rendered.value;
  }

  async function dispatch(inputs: Record<string, string>): Promise<unknown> {
    try {
      return await client.postJson(`${workflowPath}/dispatches`, {ref: config.ref, inputs, return_run_details: true});
    } catch (error) {
      // An older GitHub Enterprise refuses the parameter: nothing was started, send it plainly.
      const refused = error instanceof HttpFailure && (error.status === 400 || error.status === 422) && /return_run_details/.test(error.detail ?? '');
      if (!refused) throw error;
      return client.postJson(`${workflowPath}/dispatches`, {ref: config.ref, inputs});
    }
  }

  /** Our run, by the key in its title, or null when it is not among the runs listed yet. */
  async function findRun(entry: Dispatched): Promise<WireWorkflowRun | null> {
    // Without the key in the run's title no run is provably ours: none is taken.
    if (!correlate) return null;
    const key = entry.plan.idempotencyKey;
    const since = new Date(entry.sentAt - CLOCK_SLACK_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
    for (let page = 1; page <= MAX_RUN_PAGES; page++) {
      const query = {event: 'workflow_dispatch', branch, created: `>=${since}`, per_page: RUNS_PER_PAGE, ...(page > 1 ? {page} : {})};
      const body = await client.getJson(`${workflowPath}/runs`, query);
      const list = decodeWire(workflowRunListSchema, body, `${label} workflow runs`);
      const ours = decodeEach(workflowRunSchema, list.workflow_runs).items.find((r) => (r.display_title ?? '').includes(key) || (r.name ?? '').includes(key));
      if (ours) return ours;
      // A short page, or as many runs as the total: there is no further page to read.
      const last = list.workflow_runs.length < RUNS_PER_PAGE || (list.total_count !== undefined && page * RUNS_PER_PAGE >= list.total_count);
      if (last) return null;
    }
    return null;
  }

  function toRun(id: string, plan: RollbackPlan, run: WireWorkflowRun): RollbackRun {
    return runOf(id, plan, runStatus(run.status, run.conclusion), run.html_url, run.updated_at ?? now());
  }

  // A stand-in id this process did not hand out, read from the action log: what is known of its dispatch.
  function fromLog(id: string, logged: LoggedRun | undefined): Dispatched | undefined {
    const key = pendingRunRequest(id);
    if (key === null || key === '' || logged === undefined || !Number.isFinite(logged.loggedAt)) return undefined;
    return {plan: {...unknownPlan(id, 'github-actions'), idempotencyKey: key}, sentAt: logged.loggedAt - LOGGED_SLACK_MS, findBy: logged.loggedAt + PENDING_FIND_MS};
  }

  async function start(plan: RollbackPlan): Promise<RollbackRun> {
    const inputs = inputsFor(plan);
    const sentOnMachine = clock.machine();
    let answer: unknown;
    try {
      answer = await dispatch(inputs);
    } catch (error) {
      // A timeout, 5xx or reset may come after GitHub queued the run: its outcome is unknown.
      throw dispatchFailure(error, label, `the workflow's runs at ${runsPage}`, hint);
    }
    // Taken on GitHub's clock once the dispatch is answered: its `Date` may be the first that
    // tells this machine's clock is off, and a search from a raw "a minute before" on a machine
    // minutes fast would start after the run was created.
    const sentAt = clock.ofMachine(sentOnMachine);
    const entry: Dispatched = {plan, sentAt, findBy: sentAt + PENDING_FIND_MS};
    try {
      // A 200 whose body does not name the run (off GitHub's contract: a proxy's answer, a server
      // that takes the parameter and says nothing of the run) tells no more than a 204: the run
      // was started, and it is looked for, or said unidentifiable, the same way.
      const details = answer === null ? null : dispatchDetailsSchema.safeParse(answer);
      if (details?.success) {
        const id = details.data.workflow_run_id;
        book.remember(id, {...entry, runId: id});
        return runOf(id, plan, 'queued', details.data.html_url ?? runsPage, now());
      }
      // Without the key in its title the run cannot be told from another, now or ever: said at
      // once, with nothing to look for and nothing to poll.
      if (!correlate) return {...runOf(`dispatch:${plan.idempotencyKey}`, plan, 'unknown', runsPage, now()), unfollowable: true, unidentified: UNIDENTIFIED_WHY};
      for (let attempt = 0; attempt < LOOKUP_ATTEMPTS; attempt++) {
        if (attempt > 0) await sleep(LOOKUP_DELAY_MS);
        const run = await findRun(entry);
        if (run) {
          book.remember(run.id, {...entry, runId: run.id});
          return toRun(run.id, plan, run);
        }
      }
    } catch {
      // The dispatch went out, so this must not look like "nothing happened": report the run as
      // pending; `getRun` keeps looking, and shows the failure if it persists.
    }
    const pendingId = `${PENDING_RUN_PREFIX}${plan.idempotencyKey}`;
    book.remember(pendingId, entry);
    return runOf(pendingId, plan, 'queued', runsPage, now());
  }

  return {
    rollback: (plan) => book.once(plan, () => start(plan)),

    preview: (plan) => [
      `workflow_dispatch of ${config.workflow} in ${config.repo} on ref ${config.ref}`,
      callLine('POST', config.apiUrl, `${workflowPath}/dispatches`),
      ...inputLines('input', config.inputs, plan, correlate ? {[CORRELATION_INPUT]: plan.idempotencyKey} : {}),
      // Said before confirming: a server that answers the dispatch without its run id (GitHub
      // Enterprise versions before return_run_details) leaves the run impossible to follow.
      ...(correlate
        ? []
        : [
            `no ${CORRELATION_INPUT} input: if GitHub answers without the run's id (older GitHub Enterprise), its run will not be followable from here; to make it so, add ${CORRELATION_INPUT} to the workflow's inputs and run-name and to the rollback's inputs`,
          ]),
    ],

    async getRun(id: string, logged?: LoggedRun): Promise<RollbackRun> {
      const mine = book.recall(id);
      const entry = mine ?? fromLog(id, logged);
      const plan = entry?.plan ?? unknownPlan(id, 'github-actions');
      try {
        if (pendingRunRequest(id) !== null && entry?.runId === undefined) {
          const run = entry !== undefined ? await findRun(entry) : null;
          if (!run) return runOf(id, plan, entry && now() < entry.findBy ? 'queued' : 'unknown', runsPage, now());
          if (entry) {
            entry.runId = run.id;
            // Found once, read by its id from then on.
            book.remember(id, entry);
          }
          return toRun(id, plan, run);
        }
        const runId = entry?.runId ?? id;
        const body = await client.getJson(`${repoPath}/actions/runs/${encodeURIComponent(runId)}`);
        return toRun(id, plan, decodeWire(workflowRunSchema, body, `${label} run ${runId}`));
      } catch (error) {
        throw ciFailure(error, label, hint);
      }
    },

    close: (how) => client.close(how),
  };
}
