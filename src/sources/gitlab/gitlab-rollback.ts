/**
 * Rollback by running a GitLab pipeline (`POST /projects/:id/pipeline`) with the config's inputs
 * as CI/CD variables, then following that pipeline.
 */
import type {RollbackPlan, RollbackRun} from '../../domain/deploy.ts';
import {renderTemplateMap, templateValues} from '../../domain/rollback-template.ts';
import {RollbackOutcomeUnknown, SourceFailure, type Rollbacker, type RunWatcher} from '../capabilities.ts';
import {appNow, ciFailure, createCiClient, dispatchFailure, type ProviderDeps, type ProviderSecrets} from '../ci/ci-http.ts';
import {callLine, inputLines} from '../ci/ci-preview.ts';
import {createRunBook, runOf, unknownPlan} from '../ci/ci-runs.ts';
import {decodeWire} from '../http/decode.ts';
import type {HttpFailure} from '../http/http-errors.ts';
import {gitlabPipelineSchema, gitlabPipelineStatus, gitlabWebUrl, projectSegment} from './gitlab-wire.ts';
import type {CloseOptions} from '../http/http-client.ts';

/** The `rollback:` config of the gitlab provider (the fields this adapter reads). */
export interface GitlabRollbackConfig {
  provider: 'gitlab';
  apiUrl: string;
  project: string;
  ref: string;
  /** Pipeline variables; values are rollback templates. */
  inputs: Readonly<Record<string, string>>;
  insecureSkipVerify?: boolean;
  timeout?: string;
}

/** A rollbacker and run watcher with its connections to close. */
export type GitlabRollbacker = Rollbacker & RunWatcher & Required<Pick<Rollbacker, 'preview'>> & {close(how?: CloseOptions): Promise<void>};

/** Creates the pipeline rollbacker for one project. */
export function createGitlabRollbacker(config: GitlabRollbackConfig, secrets: ProviderSecrets, deps: ProviderDeps = {}): GitlabRollbacker {
  // A run's time is read against the app's clock, which follows the backends'.
  const now = appNow(deps);
  const label = `gitlab ${config.project}`;
  const projectPath = `/projects/${projectSegment(config.project)}`;
  const client = createCiClient({url: config.apiUrl, insecureSkipVerify: config.insecureSkipVerify, timeout: config.timeout}, secrets, {deps});
  const book = createRunBook<RollbackPlan>();
  const pipelinesCheck = `the pipelines of ${config.project} at ${gitlabWebUrl(config.apiUrl)}/${config.project}/-/pipelines`;
  const hint = (f: HttpFailure): string | null => {
    if (f.status === 401 || f.status === 403) return 'the token needs the api scope and Developer access to the project';
    if (f.status === 400) return `check that ref ${config.ref} exists and the variables are allowed`;
    return null;
  };

  async function start(plan: RollbackPlan): Promise<RollbackRun> {
    const rendered = renderTemplateMap(config.inputs, templateValues(plan));
    if (!rendered.ok) throw new SourceFailure('bad-response', `${label}: rollback template: ${rendered.error}`);
    const variables = Object.entries(rendered.value).map(([key, value]) => ({key, value}));
    let body: unknown;
    try {
      body = await client.postJson(`${projectPath}/pipeline`, {ref: config.ref, variables});
    } catch (error) {
      // A timeout, 5xx or reset may come after GitLab created the pipeline: its outcome is unknown.
      throw dispatchFailure(error, label, pipelinesCheck, hint);
    }
    let pipeline;
    try {
      pipeline = decodeWire(gitlabPipelineSchema, body, `${label} pipeline`);
    } catch (error) {
      // GitLab answered 2xx: the pipeline was created, but which one cannot be read.
      const failure = ciFailure(error, label);
      throw new RollbackOutcomeUnknown(failure.kind, failure.message, pipelinesCheck);
    }
    book.remember(pipeline.id, plan);
    return runOf(pipeline.id, plan, gitlabPipelineStatus(pipeline.status), pipeline.web_url, pipeline.updated_at ?? now());
  }

  return {
    rollback: (plan) => book.once(plan, () => start(plan)),

    preview: (plan) => [
      `pipeline of ${config.project} on ref ${config.ref}`,
      callLine('POST', config.apiUrl, `${projectPath}/pipeline`),
      ...inputLines('variable', config.inputs, plan),
    ],

    async getRun(id: string): Promise<RollbackRun> {
      const plan = book.recall(id) ?? unknownPlan(id, 'gitlab');
      try {
        const body = await client.getJson(`${projectPath}/pipelines/${encodeURIComponent(id)}`);
        const pipeline = decodeWire(gitlabPipelineSchema, body, `${label} pipeline ${id}`);
        return runOf(id, plan, gitlabPipelineStatus(pipeline.status), pipeline.web_url, pipeline.updated_at ?? now());
      } catch (error) {
        throw ciFailure(error, label, hint);
      }
    },

    close: (how) => client.close(how),
  };
}
