/**
 * Rollback by running a GitLab pipeline (`POST /projects/:id/pipeline`) with the config's inputs
 * as CI/CD variables, then following that pipeline.
 */
import type {RollbackPlan, RollbackRun} from '../../domain/deploy.ts';
import {renderTemplateMap, templateValues} from '../../domain/rollback-template.ts';
import {SourceFailure, type Rollbacker, type RunWatcher} from '../capabilities.ts';
import {ciFailure, createCiClient, type ProviderDeps, type ProviderSecrets} from '../ci/ci-http.ts';
import {callLine, inputLines} from '../ci/ci-preview.ts';
import {createRunBook, runOf, unknownPlan} from '../ci/ci-runs.ts';
import {decodeWire} from '../http/decode.ts';
import type {HttpFailure} from '../http/http-errors.ts';
import {gitlabPipelineSchema, gitlabPipelineStatus, projectSegment} from './gitlab-wire.ts';

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
export type GitlabRollbacker = Rollbacker & RunWatcher & Required<Pick<Rollbacker, 'preview'>> & {close(): Promise<void>};

/** Creates the pipeline rollbacker for one project. */
export function createGitlabRollbacker(config: GitlabRollbackConfig, secrets: ProviderSecrets, deps: ProviderDeps = {}): GitlabRollbacker {
  const now = deps.now ?? Date.now;
  const label = `gitlab ${config.project}`;
  const projectPath = `/projects/${projectSegment(config.project)}`;
  const client = createCiClient({url: config.apiUrl, insecureSkipVerify: config.insecureSkipVerify, timeout: config.timeout}, secrets, {deps});
  const book = createRunBook<RollbackPlan>();
  const hint = (f: HttpFailure): string | null => {
    if (f.status === 401 || f.status === 403) return 'the token needs the api scope and Developer access to the project';
    if (f.status === 400) return `check that ref ${config.ref} exists and the variables are allowed`;
    return null;
  };

  async function start(plan: RollbackPlan): Promise<RollbackRun> {
    const rendered = renderTemplateMap(config.inputs, templateValues(plan));
    if (!rendered.ok) throw new SourceFailure('bad-response', `${label}: rollback template: ${rendered.error}`);
    const variables = Object.entries(rendered.value).map(([key, value]) => ({key, value}));
    try {
      const body = await client.postJson(`${projectPath}/pipeline`, {ref: config.ref, variables});
      const pipeline = decodeWire(gitlabPipelineSchema, body, `${label} pipeline`);
      book.remember(pipeline.id, plan);
      return runOf(pipeline.id, plan, gitlabPipelineStatus(pipeline.status), pipeline.web_url, pipeline.updated_at ?? now());
    } catch (error) {
      const failure = ciFailure(error, label, hint);
      if (failure.kind === 'timeout' || failure.kind === 'unavailable') {
        throw new SourceFailure(failure.kind, `${failure.message}; the pipeline may have started anyway: check the project's pipelines before retrying`);
      }
      throw failure;
    }
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

    close: () => client.close(),
  };
}
