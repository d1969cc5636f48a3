/**
 * Deploy history from the runs of a GitHub Actions deploy workflow, for teams that deploy with a
 * workflow and never create Deployment objects. One request per refresh: the newest page of the
 * workflow's runs (optionally one branch and one trigger event), each run one deploy.
 *
 * What a run deployed: the service is the source's (`services` maps the repo name), the
 * environment the configured one, the version the short `head_sha`. A workflow that deploys
 * several services or environments, or a version given as a dispatch input, says so in its
 * `run-name`; the runs list returns no inputs, only that title, which `titlePattern` reads with
 * named groups. When the title names the version of a run that did not build its `head_sha`
 * (`workflow_dispatch`, `repository_dispatch`, `schedule`), that is only the tip of a ref, so it
 * is not taken as the deployed commit.
 *
 * Rollback runs: a rollback dispatched by this dashboard to the *same* workflow is one of its runs
 * too, and its `head_sha` is the tip of the rollback's ref — usually the very commit being rolled
 * back. Read as an ordinary deploy it would show the bad version as live again, and the next
 * rollback could pick it as its target. A run whose title carries the rollback's request id (the
 * `oncall_request_id` input shown in the `run-name`) is therefore read as the rollback it is —
 * a `workflow_dispatch` run only, since a push run's title is a commit subject anyone can write:
 * the version it put back (from the id), that version's commit as the history knows it, and
 * `rollbackOf` naming the deploy it replaced. It is listed once, marked as a rollback, and is a
 * valid target later, since its version really ran. The config refuses the same workflow without
 * the correlation input.
 *
 * A rollback through *another* workflow file of the repo (`rollbackWorkflow`, set at composition
 * from the rollback config) is not among these runs, so that workflow's newest page is read as
 * well — one more request per refresh, in parallel — and only its runs whose title carries a
 * rollback request id are kept: its other runs are not deploys of anything this history knows.
 * They are merged and read like same-workflow rollbacks. When that request fails, the deploys
 * still show, with a warning: the rollbacks are what is missing, not the history.
 */
import {isCommitSha, type Deploy} from '../../domain/deploy.ts';
import {rollbackKeyParts, type RollbackKeyParts} from '../../domain/rollback-plan.ts';
import {SourceFailure, type DeployGaps, type Sourced} from '../capabilities.ts';
import {ciFailure, createCiClient, type ProviderDeps, type ProviderSecrets} from '../ci/ci-http.ts';
import {decodeEach, finishedField, serviceFor, shortSha, skippedWarnings} from '../ci/ci-wire.ts';
import {decodeWire} from '../http/decode.ts';
import type {HttpFailure} from '../http/http-errors.ts';
import type {GithubDeploySource, GithubDeploysConfig} from './github-deploys.ts';
import {GITHUB_HEADERS, githubWebUrl, runStatus, workflowRunDeploySchema, workflowRunListSchema, type WireWorkflowRunDeploy} from './github-wire.ts';

/** What the workflow-run history reads: the deploy workflow, and maybe a rollback workflow beside it. */
export type GithubWorkflowDeploysConfig = GithubDeploysConfig & {
  workflow: string;
  /**
   * Another workflow of the same repo that rollbacks are dispatched to, with the request id in
   * its `run-name`; its rollback runs join the history. Not a config key: composition sets it.
   */
  rollbackWorkflow?: string | undefined;
};

/** How many runs one refresh reads: one page, newest first. */
export const GITHUB_RUNS_LIMIT = 30;

/** The named groups `titlePattern` may use. */
export const TITLE_GROUPS = ['environment', 'service', 'version'] as const;

type TitleParts = Partial<Record<(typeof TITLE_GROUPS)[number], string>>;

/** A deploy before rollback runs are resolved against the rest of the page. */
interface Draft {
  deploy: Deploy;
  key: RollbackKeyParts | null;
}

/** Newest start first; the higher run id first at the same start. */
function newestFirst(a: Draft, b: Draft): number {
  return b.deploy.startedAt - a.deploy.startedAt || Number(b.deploy.id) - Number(a.deploy.id);
}

/** Compiles `titlePattern`, or says why it cannot be used. */
function compileTitlePattern(pattern: string | undefined): RegExp | string | null {
  if (pattern === undefined) return null;
  try {
    return new RegExp(pattern);
  } catch (error) {
    return `titlePattern: ${error instanceof Error ? error.message : String(error)}`;
  }
}

// A run title is remote text (often a commit subject) and titlePattern a backtracking regex from
// config: only the start of a title is matched, which bounds what a long title can cost a pattern
// like `.* to (\w+)`. (Nested quantifiers such as `(a+)+` stay slow on any length: the config
// reference says to avoid them.) Run names written for matching are far shorter.
const TITLE_MATCH_LIMIT = 300;

/** The non-empty named groups of a title match. */
function titleParts(pattern: RegExp | null, title: string | null): TitleParts {
  const groups = pattern && title !== null ? pattern.exec(title.slice(0, TITLE_MATCH_LIMIT))?.groups : undefined;
  const out: TitleParts = {};
  for (const name of TITLE_GROUPS) {
    const value = groups?.[name];
    if (value) out[name] = value;
  }
  return out;
}

/**
 * Trigger events whose run builds its `head_sha`: a push, a release or tag, a deployment, a
 * pull request or merge queue, the run that triggered it. Any other run (dispatched by hand or
 * by an API call, scheduled) carries the tip of the default branch or of its ref, the same on
 * every run, whatever version it deployed.
 */
const BUILDS_HEAD = new Set(['push', 'release', 'create', 'deployment', 'workflow_run', 'pull_request', 'merge_group']);

/**
 * The commit a run deployed: its `head_sha`, unless its title names the version. Then a hex
 * version is the commit itself, and a tag is built from `head_sha` only when the run's event
 * builds that commit ({@link BUILDS_HEAD}). Taking a `repository_dispatch` or `schedule` run's
 * branch tip for its commit gave every deploy one commit, and a rollback skips the deploys of
 * the commit that runs: no target was left.
 */
function deployedSha(run: WireWorkflowRunDeploy, titleVersion: string | undefined): string | undefined {
  const head = isCommitSha(run.head_sha) ? run.head_sha : undefined;
  if (titleVersion === undefined) return head;
  if (isCommitSha(titleVersion)) return titleVersion;
  return BUILDS_HEAD.has(run.event ?? '') ? head : undefined;
}

/**
 * Fills what a rollback run cannot know by itself from the deploys before it (oldest first, so
 * an earlier rollback is resolved before a later one leans on it): the commit of the version it
 * put back, and the deploy it replaced (its id, else the version, when the page no longer has it).
 */
function resolveRollbacks(drafts: readonly Draft[]): Deploy[] {
  const done: Deploy[] = [];
  for (const {deploy, key} of [...drafts].reverse()) {
    if (key) {
      const newest = (version: string) => done.findLast((d) => d.service === deploy.service && d.environment === deploy.environment && d.version === version);
      const sha = newest(key.toVersion)?.sha ?? (isCommitSha(key.toVersion) ? key.toVersion : undefined);
      done.push({...deploy, ...(sha === undefined ? {} : {sha}), rollbackOf: newest(key.fromVersion)?.id ?? key.fromVersion});
    } else {
      done.push(deploy);
    }
  }
  return done.reverse();
}

/**
 * The rollback request id a run's title carries, read only from a `workflow_dispatch` run: that is
 * how every rollback is started. Any other run's title is its head commit's subject (or a tag's,
 * a pull request's), written by whoever can push: a commit quoting a request id would otherwise
 * turn a push deploy into a forged rollback of some other version.
 */
function rollbackKeyOf(run: WireWorkflowRunDeploy): RollbackKeyParts | null {
  if (run.event !== 'workflow_dispatch') return null;
  return rollbackKeyParts(run.display_title ?? '') ?? rollbackKeyParts(run.name ?? '');
}

/** Creates the deploy source reading the runs of `config.workflow` (and of `config.rollbackWorkflow`). */
export function createGithubWorkflowDeploySource(config: GithubWorkflowDeploysConfig, secrets: ProviderSecrets, deps: ProviderDeps = {}): GithubDeploySource {
  const [owner = '', name = ''] = config.repo.split('/');
  const repoPath = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
  const label = `github ${config.repo} ${config.workflow}`;
  const client = createCiClient({url: config.apiUrl, insecureSkipVerify: config.insecureSkipVerify, timeout: config.timeout}, secrets, {headers: {...GITHUB_HEADERS}, deps});
  const service = serviceFor([name, config.repo], config.services);
  const pattern = compileTitlePattern(config.titlePattern);
  const {rollbackWorkflow} = config;

  const hintFor =
    (workflow: string, what: string) =>
    (f: HttpFailure): string | null => {
      if (f.status === 401 || f.status === 403) return `the token needs actions:read on ${config.repo}`;
      if (f.status === 404) return `no ${what} ${workflow} in ${config.repo} (name the file, e.g. ${what === 'workflow' ? 'deploy.yml' : 'rollback.yml'}, or its id), or the token cannot see the repo`;
      return null;
    };

  function draftOf(run: WireWorkflowRunDeploy, titleRe: RegExp | null, runsPage: string): Draft {
    const key = rollbackKeyOf(run);
    const title = titleParts(titleRe, run.display_title);
    const sha = deployedSha(run, title.version);
    const status = runStatus(run.status, run.conclusion);
    // The schema lets through no run without one of the two.
    const startedAt = run.run_started_at ?? run.created_at ?? 0;
    const deploy: Deploy = {
      id: run.id,
      service: key?.service ?? (title.service === undefined ? service : serviceFor([title.service], config.services)),
      version: key?.toVersion ?? (title.version === undefined ? shortSha(run.head_sha ?? '') : shortSha(title.version)),
      ...(key === null && sha !== undefined ? {sha} : {}),
      environment: key?.environment ?? title.environment ?? config.environment ?? '',
      status,
      startedAt,
      // A run is last updated when it completes: that is its end (a re-run resets its start and status).
      ...finishedField(status, startedAt, run.updated_at),
      author: run.triggering_actor ?? run.actor ?? '',
      url: run.html_url ?? runsPage,
    };
    return {deploy, key};
  }

  /** The newest page of one workflow's runs as drafts, newest first, and the runs it had to skip. */
  async function readRuns(workflow: string, filters: Record<string, string | undefined>, titleRe: RegExp | null): Promise<{drafts: Draft[]; warnings: string[]}> {
    const what = `github ${config.repo} ${workflow} workflow runs`;
    const runsPage = `${githubWebUrl(config.apiUrl)}/${config.repo}/actions/workflows/${encodeURIComponent(workflow)}`;
    const body = await client.getJson(`${repoPath}/actions/workflows/${encodeURIComponent(workflow)}/runs`, {...filters, exclude_pull_requests: true, per_page: GITHUB_RUNS_LIMIT});
    const list = decodeWire(workflowRunListSchema, body, what).workflow_runs;
    const {items, skipped} = decodeEach(workflowRunDeploySchema, list);
    const drafts = items.map((run) => draftOf(run, titleRe, runsPage));
    // GitHub lists newest first; a server that ignores per_page still gets one page's worth.
    return {drafts: drafts.sort(newestFirst).slice(0, GITHUB_RUNS_LIMIT), warnings: skippedWarnings(what, skipped)};
  }

  /**
   * The rollback workflow's runs that carry a request id. Only dispatches can: the filter keeps
   * its other triggers off the page. A failure is a warning, never the history's failure.
   */
  async function readRollbackRuns(workflow: string): Promise<{drafts: Draft[]; warnings: string[]}> {
    try {
      const {drafts, warnings} = await readRuns(workflow, {event: 'workflow_dispatch'}, null);
      return {drafts: drafts.filter((d) => d.key !== null), warnings};
    } catch (error) {
      const failure = ciFailure(error, `github ${config.repo} ${workflow}`, hintFor(workflow, 'rollback workflow'));
      return {drafts: [], warnings: [`${failure.message}; rollbacks through ${workflow} are not in the history`]};
    }
  }

  return {
    async listDeploys(): Promise<Sourced<Deploy[]> & DeployGaps & {newest?: number}> {
      // Started together so the second request adds no latency; it cannot reject.
      const rollbacks = rollbackWorkflow === undefined ? null : readRollbackRuns(rollbackWorkflow);
      let deploys: {drafts: Draft[]; warnings: string[]};
      try {
        if (typeof pattern === 'string') throw new SourceFailure('bad-response', pattern);
        deploys = await readRuns(config.workflow, {branch: config.branch, event: config.event}, pattern);
      } catch (error) {
        await rollbacks;
        throw ciFailure(error, label, hintFor(config.workflow, 'workflow'));
      }
      const extra = (await rollbacks) ?? {drafts: [], warnings: []};
      // The same run twice (the rollback workflow named by its id): the deploy workflow's copy wins.
      const seen = new Set(deploys.drafts.map((d) => d.deploy.id));
      const drafts = [...deploys.drafts, ...extra.drafts.filter((d) => !seen.has(d.deploy.id))].sort(newestFirst);
      // Resolved over both pages before the cut, so a rollback finds the deploy it put back.
      const value = resolveRollbacks(drafts)
        .slice(0, GITHUB_RUNS_LIMIT)
        .filter((d) => config.environment === undefined || d.environment === config.environment);
      // A full page of runs (or more than one page's worth with the rollbacks): older runs exist, unread.
      const full = deploys.drafts.length >= GITHUB_RUNS_LIMIT || drafts.length > GITHUB_RUNS_LIMIT;
      // Every warning may hide a deploy: a skipped run may be the newest, and a rollback workflow
      // not read leaves out its runs, one of which may be what runs now.
      const warnings = [...deploys.warnings, ...extra.warnings];
      return {value, warnings, ...(warnings.length > 0 ? {hiding: warnings} : {}), ...(full ? {newest: GITHUB_RUNS_LIMIT} : {})};
    },
    close: (how) => client.close(how),
  };
}
