/**
 * One entry point per capability for the CI/CD side of a context: the `deploys:` config becomes
 * a {@link DeployLister}, the `rollback:` config a {@link Rollbacker} + {@link RunWatcher}.
 *
 * The config types live in `config/`, which `sources/` may not import; each adapter declares the
 * fields it reads instead, and the unions below are what `DeploysConfig`/`RollbackConfig` must
 * stay assignable to (a type test checks it).
 */
import {templateProblem} from '../domain/rollback-template.ts';
import {createArgocdDeploySource, type ArgocdDeploysConfig} from './argocd/argocd-deploys.ts';
import {createArgocdRollbacker, type ArgocdRollbackConfig} from './argocd/argocd-rollback.ts';
import type {DeployLister, Rollbacker, RunWatcher} from './capabilities.ts';
import type {ProviderDeps, ProviderSecrets} from './ci/ci-http.ts';
import {createCommandRollbacker, type CommandRollbackConfig} from './command/command-rollback.ts';
import {createGithubActionsRollbacker, CORRELATION_INPUT, type GithubActionsRollbackConfig} from './github/github-actions-rollback.ts';
import {createGithubDeploySource, type GithubDeploysConfig} from './github/github-deploys.ts';
import {createGithubWorkflowDeploySource} from './github/github-workflow-deploys.ts';
import {createGitlabDeploySource, type GitlabDeploysConfig} from './gitlab/gitlab-deploys.ts';
import {createGitlabRollbacker, type GitlabRollbackConfig} from './gitlab/gitlab-rollback.ts';
import {createJsonDeploySource, type JsonDeploysConfig} from './json-deploys/json-deploys-source.ts';
import {createWebhookRollbacker, type WebhookRollbackConfig} from './webhook/webhook-rollback.ts';

export type {ProviderDeps, ProviderSecrets} from './ci/ci-http.ts';

/** A `deploys:` config, by provider. */
export type DeploysProviderConfig = GithubDeploysConfig | ArgocdDeploysConfig | GitlabDeploysConfig | JsonDeploysConfig;

/** A `rollback:` config, by provider. */
export type RollbackProviderConfig = GithubActionsRollbackConfig | ArgocdRollbackConfig | GitlabRollbackConfig | WebhookRollbackConfig | CommandRollbackConfig;

/** A deploy source and its connections. */
export type DeploySource = DeployLister & {close(): Promise<void>};

/** A rollback backend: triggers and follows runs. */
export type RollbackBackend = Rollbacker & RunWatcher & Required<Pick<Rollbacker, 'preview'>> & {close(): Promise<void>};

/** Creates the deploy history source of a context. */
export function createDeploySource(config: DeploysProviderConfig, secrets: ProviderSecrets, deps: ProviderDeps = {}): DeploySource {
  switch (config.provider) {
    case 'github': {
      // Teams that deploy with a workflow have runs, not Deployment objects.
      const {workflow} = config;
      return workflow === undefined ? createGithubDeploySource(config, secrets, deps) : createGithubWorkflowDeploySource({...config, workflow}, secrets, deps);
    }
    case 'argocd':
      return createArgocdDeploySource(config, secrets, deps);
    case 'gitlab':
      return createGitlabDeploySource(config, secrets, deps);
    case 'json':
      return createJsonDeploySource(config, secrets, deps);
  }
}

/** Creates the rollback backend of a context. */
export function createRollbacker(config: RollbackProviderConfig, secrets: ProviderSecrets, deps: ProviderDeps = {}): RollbackBackend {
  switch (config.provider) {
    case 'github-actions':
      return createGithubActionsRollbacker(config, secrets, deps);
    case 'argocd':
      return createArgocdRollbacker(config, secrets, deps);
    case 'gitlab':
      return createGitlabRollbacker(config, secrets, deps);
    case 'webhook':
      return createWebhookRollbacker(config, secrets, deps);
    case 'command':
      return createCommandRollbacker(config, deps);
  }
}

/**
 * Problems of a rollback config's templates (unknown placeholders, unclosed braces), one line
 * each, so they can be shown when the config loads instead of at the first rollback.
 */
export function rollbackTemplateProblems(config: RollbackProviderConfig): string[] {
  const templates: Array<[string, string]> =
    config.provider === 'command'
      ? config.command.map((arg, i): [string, string] => [`command argument ${i + 1}`, arg])
      : config.provider === 'argocd'
        ? []
        : Object.entries(config.inputs)
            // The correlation input's value is replaced by the idempotency key, never rendered.
            .filter(([key]) => !(config.provider === 'github-actions' && key === CORRELATION_INPUT))
            .map(([key, value]): [string, string] => [`input ${key}`, value]);
  return templates.flatMap(([where, text]) => {
    const problem = templateProblem(text);
    return problem ? [`rollback ${where}: ${problem}`] : [];
  });
}
