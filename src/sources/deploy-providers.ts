/**
 * One entry point per capability for the CI/CD side of a context: the `deploys:` config becomes
 * a {@link DeployLister}, the `rollback:` config a {@link Rollbacker} + {@link RunWatcher}.
 *
 * The config types live in `config/`, which `sources/` may not import; each adapter declares the
 * fields it reads instead, and the unions below are what `DeploysConfig`/`RollbackConfig` must
 * stay assignable to (a type test checks it).
 */
import {ownValue} from '../domain/own-value.ts';
import {templateProblem, templateUses, type TemplatePlaceholder} from '../domain/rollback-template.ts';
import {createArgocdDeploySource, type ArgocdDeploysConfig} from './argocd/argocd-deploys.ts';
import {createArgocdRollbacker, type ArgocdRollbackConfig} from './argocd/argocd-rollback.ts';
import type {RollbackPlan} from '../domain/deploy.ts';
import type {DeployLister, Rollbacker, RunWatcher} from './capabilities.ts';
import {rollbackCommandLine, type SecretRefs} from './rollback-command.ts';
import type {ProviderDeps, ProviderSecrets} from './ci/ci-http.ts';
import {createCommandRollbacker, type CommandRollbackConfig} from './command/command-rollback.ts';
import {createGithubActionsRollbacker, CORRELATION_INPUT, type GithubActionsRollbackConfig} from './github/github-actions-rollback.ts';
import {createGithubDeploySource, type GithubDeploysConfig} from './github/github-deploys.ts';
import {createGithubWorkflowDeploySource} from './github/github-workflow-deploys.ts';
import {createGitlabDeploySource, type GitlabDeploysConfig} from './gitlab/gitlab-deploys.ts';
import {createGitlabRollbacker, type GitlabRollbackConfig} from './gitlab/gitlab-rollback.ts';
import {createJsonDeploySource, type JsonDeploysConfig} from './json-deploys/json-deploys-source.ts';
import {createWebhookRollbacker, type WebhookRollbackConfig} from './webhook/webhook-rollback.ts';
import type {CloseOptions} from './http/http-client.ts';

export type {ProviderDeps, ProviderSecrets} from './ci/ci-http.ts';

/** A `deploys:` config, by provider. */
export type DeploysProviderConfig = GithubDeploysConfig | ArgocdDeploysConfig | GitlabDeploysConfig | JsonDeploysConfig;

/** A `rollback:` config, by provider. */
export type RollbackProviderConfig = GithubActionsRollbackConfig | ArgocdRollbackConfig | GitlabRollbackConfig | WebhookRollbackConfig | CommandRollbackConfig;

/** A deploy source and its connections. */
export type DeploySource = DeployLister & {close(how?: CloseOptions): Promise<void>};

/** A rollback backend: triggers and follows runs. */
export type RollbackBackend = Rollbacker & RunWatcher & Required<Pick<Rollbacker, 'preview'>> & {close(how?: CloseOptions): Promise<void>};

/**
 * Creates the deploy history source of a context. `rollback` is the context's rollback config:
 * a GitHub workflow history also reads the runs of a separate rollback workflow in the same
 * repo (see {@link rollbackRunsWorkflow}), so the rollbacks it starts show as deploys.
 */
export function createDeploySource(config: DeploysProviderConfig, secrets: ProviderSecrets, deps: ProviderDeps = {}, rollback: RollbackProviderConfig | null = null): DeploySource {
  switch (config.provider) {
    case 'github': {
      // Teams that deploy with a workflow have runs, not Deployment objects.
      const {workflow} = config;
      if (workflow === undefined) return createGithubDeploySource(config, secrets, deps);
      return createGithubWorkflowDeploySource({...config, workflow, rollbackWorkflow: rollbackRunsWorkflow(config, rollback)}, secrets, deps);
    }
    case 'argocd':
      return createArgocdDeploySource(config, secrets, deps);
    case 'gitlab':
      return createGitlabDeploySource(config, secrets, deps);
    case 'json':
      return createJsonDeploySource(config, secrets, deps);
  }
}

/** A github-actions rollback to another workflow of the repo whose runs are the deploy history. */
function separateRollbackWorkflow(deploys: DeploysProviderConfig, rollback: RollbackProviderConfig | null): GithubActionsRollbackConfig | null {
  if (deploys.provider !== 'github' || deploys.workflow === undefined || rollback?.provider !== 'github-actions') return null;
  // Another API (GitHub Enterprise beside github.com) is another repo, whatever its name.
  const api = (url: string) => url.replace(/\/+$/, '');
  if (api(deploys.apiUrl) !== api(rollback.apiUrl) || deploys.repo.toLowerCase() !== rollback.repo.toLowerCase()) return null;
  return rollback.workflow === deploys.workflow ? null : rollback;
}

/**
 * The rollback workflow whose runs a GitHub workflow history reads besides its own: a
 * github-actions rollback to another workflow file of the same repo, sending the request id
 * (`oncall_request_id`). Without the id its runs cannot be told from others, so none is read.
 */
export function rollbackRunsWorkflow(deploys: DeploysProviderConfig, rollback: RollbackProviderConfig | null): string | undefined {
  const other = separateRollbackWorkflow(deploys, rollback);
  return other && Object.hasOwn(other.inputs, CORRELATION_INPUT) ? other.workflow : undefined;
}

/**
 * Why a separate rollback workflow's runs cannot join the deploy history, one line, for the
 * context's notes: without the request id a rollback would never show there. A warning, not a
 * refusal (unlike the same workflow, where a rollback run would be misread as a deploy).
 */
export function rollbackHistoryProblems(deploys: DeploysProviderConfig, rollback: RollbackProviderConfig | null): string[] {
  const other = separateRollbackWorkflow(deploys, rollback);
  if (!other || Object.hasOwn(other.inputs, CORRELATION_INPUT)) return [];
  return [`rollbacks through ${other.workflow} will not show in the deploy history: add ${CORRELATION_INPUT} to rollback.inputs and show it in that workflow's run-name`];
}

/**
 * The service an Argo CD rollback's application deploys, as the context's deploy history names
 * it: its entry in `deploys.services`, else, for an Argo CD history (which lists an unmapped
 * application under its own name), the application's name. Null when the history cannot say.
 */
export function argocdRollbackService(rollback: ArgocdRollbackConfig, deploys: DeploysProviderConfig | null): string | null {
  if (deploys === null) return null;
  const mapped = ownValue(deploys.services, rollback.app);
  if (mapped !== undefined) return mapped;
  return deploys.provider === 'argocd' ? rollback.app : null;
}

/**
 * A note for a context whose deploy history is a whole Argo CD project while its rollback names
 * one application: `oncall rollback` and `R` of every other service of the project are refused.
 */
export function rollbackScopeProblems(deploys: DeploysProviderConfig | null, rollback: RollbackProviderConfig | null): string[] {
  if (deploys?.provider !== 'argocd' || deploys.project === undefined || rollback?.provider !== 'argocd') return [];
  const service = argocdRollbackService(rollback, deploys) ?? rollback.app;
  return [`rolls back application ${rollback.app} (service ${service}) only: a rollback of another service of project ${deploys.project} is refused; roll those back in Git or with argocd app rollback`];
}

/**
 * Creates the rollback backend of a context; it also tells what its templates use
 * (`templatesUsing`). `deploys` is the context's history config: an Argo CD rollback learns from
 * it which service its application deploys, and refuses plans of other services.
 */
export function createRollbacker(config: RollbackProviderConfig, secrets: ProviderSecrets, deps: ProviderDeps = {}, deploys: DeploysProviderConfig | null = null): RollbackBackend {
  const scoped = config.provider === 'argocd' ? {...config, service: argocdRollbackService(config, deploys) ?? undefined} : config;
  return Object.assign(providerRollbacker(scoped, secrets, deps), {
    templatesUsing: (placeholder: TemplatePlaceholder) => rollbackTemplatesUsing(config, placeholder),
    // The config object also holds the secret references (tokenEnv …) the schema allows.
    commandLine: (plan: RollbackPlan, targetId?: string) => rollbackCommandLine(config as RollbackProviderConfig & SecretRefs, plan, targetId),
  });
}

function providerRollbacker(config: RollbackProviderConfig, secrets: ProviderSecrets, deps: ProviderDeps): RollbackBackend {
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
 * Every template a rollback config renders, named as the config names it (`input env`,
 * `command argument 3`). A webhook's body always carries the environment: it counts as a use.
 */
function rollbackTemplates(config: RollbackProviderConfig): Array<[string, string]> {
  if (config.provider === 'command') return config.command.map((arg, i): [string, string] => [`command argument ${i + 1}`, arg]);
  if (config.provider === 'argocd') return [];
  const inputs = Object.entries(config.inputs)
    // The correlation input's value is replaced by the idempotency key, never rendered.
    .filter(([key]) => !(config.provider === 'github-actions' && key === CORRELATION_INPUT))
    .map(([key, value]): [string, string] => [`input ${key}`, value]);
  return config.provider === 'webhook' ? [...inputs, ['body field environment', '{{environment}}']] : inputs;
}

/**
 * Problems of a rollback config's templates (unknown placeholders, unclosed braces), one line
 * each, so they can be shown when the config loads instead of at the first rollback.
 */
export function rollbackTemplateProblems(config: RollbackProviderConfig): string[] {
  return rollbackTemplates(config).flatMap(([where, text]) => {
    const problem = templateProblem(text);
    return problem ? [`rollback ${where}: ${problem}`] : [];
  });
}

/** Where a rollback config's templates use `placeholder` (`rollback input env`), none when they do not. */
export function rollbackTemplatesUsing(config: RollbackProviderConfig, placeholder: TemplatePlaceholder): string[] {
  return rollbackTemplates(config)
    .filter(([, text]) => templateUses(text, placeholder))
    .map(([where]) => `rollback ${where}`);
}
