/**
 * The CLI command equivalent of a configured rollback (`c` on a deploy): `gh workflow run`,
 * `glab ci run`, `argocd app rollback`, `curl` for a webhook, or the configured command itself.
 * Tokens are never in it: the CLI's token variable is set from the variable the config names
 * (`GH_TOKEN="$MY_TOKEN"`), or read from the configured file. Nor is a webhook's URL, whose path
 * is often the hook's secret: `curl` reads it from a variable the user sets.
 */
import type {RollbackPlan} from '../domain/deploy.ts';
import {renderTemplate, renderTemplateMap, templateValues} from '../domain/rollback-template.ts';
import type {EnvFromEnv, ShellArg} from '../domain/shell-command.ts';
import {CORRELATION_INPUT} from './github/github-actions-rollback.ts';
import type {RollbackProviderConfig} from './deploy-providers.ts';

/** A command to show: its arguments, variables set from other variables, and what to know before running it. */
export interface CommandLine {
  argv: ShellArg[];
  env: EnvFromEnv[];
  /** Said beside the command (what it leaves out), or null. */
  note: string | null;
}

/** Where a provider config's secret lives (the config keys; only names and paths, never values). */
export interface SecretRefs {
  tokenEnv?: string;
  tokenFile?: string;
  secretEnv?: string;
}

function tokenFrom(refs: SecretRefs, cliVariable: string, cli: string): {env: EnvFromEnv[]; note: string | null} {
  if (refs.tokenEnv) return {env: [{name: cliVariable, fromEnv: refs.tokenEnv}], note: null};
  if (refs.tokenFile) return {env: [], note: `set ${cliVariable} from ${refs.tokenFile} (or log ${cli} in) first`};
  return {env: [], note: null};
}

/**
 * The variable the `curl` line of a webhook rollback reads the URL from. The config holds the
 * URL inline, and the screen and the OSC 52 copy are often recorded (a bastion's session log, a
 * shared terminal): the line names the variable, never the path.
 */
export const WEBHOOK_URL_ENV = 'ONCALL_WEBHOOK_URL';

/** ` (https://host/…)`: the origin of a URL whose path may be a secret, or nothing when it does not parse. */
function originOnly(url: string): string {
  try {
    return ` (${new URL(url).origin}/…)`;
  } catch {
    return '';
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * The command for `plan` under `config`, or a reason it cannot be written (a template that does
 * not render). `targetId` is the id of the deploy rolled back to (Argo CD: `app#historyId`).
 */
export function rollbackCommandLine(config: RollbackProviderConfig & SecretRefs, plan: RollbackPlan, targetId?: string): CommandLine | {error: string} {
  const values = templateValues(plan);
  switch (config.provider) {
    case 'github-actions': {
      const inputs = renderTemplateMap(Object.fromEntries(Object.entries(config.inputs).filter(([k]) => k !== CORRELATION_INPUT)), values);
      if (!inputs.ok) return {error: inputs.error};
      const all = Object.hasOwn(config.inputs, CORRELATION_INPUT) ? {...inputs.value, [CORRELATION_INPUT]: plan.idempotencyKey} : inputs.value;
      const host = hostOf(config.apiUrl);
      const repo = host === 'api.github.com' ? config.repo : `${host.replace(/^api\./, '')}/${config.repo}`;
      const token = tokenFrom(config, 'GH_TOKEN', 'gh');
      const argv = ['gh', 'workflow', 'run', config.workflow, '--repo', repo, '--ref', config.ref.replace(/^refs\/(heads|tags)\//, ''), ...Object.entries(all).flatMap(([k, v]) => ['-f', `${k}=${v}`])];
      return {argv, env: token.env, note: token.note};
    }
    case 'gitlab': {
      const inputs = renderTemplateMap(config.inputs, values);
      if (!inputs.ok) return {error: inputs.error};
      const token = tokenFrom(config, 'GITLAB_TOKEN', 'glab');
      const host = hostOf(config.apiUrl);
      const argv = ['glab', 'ci', 'run', '--repo', host === 'gitlab.com' ? config.project : `${host}/${config.project}`, '--branch', config.ref, ...Object.entries(inputs.value).flatMap(([k, v]) => ['--variables', `${k}:${v}`])];
      return {argv, env: token.env, note: token.note};
    }
    case 'argocd': {
      const id = /#(\d+)$/.exec(targetId ?? '')?.[1];
      const token = tokenFrom(config, 'ARGOCD_AUTH_TOKEN', 'argocd');
      const argv = ['argocd', 'app', 'rollback', config.app, ...(id ? [id] : []), '--server', hostOf(config.apiUrl), '--grpc-web'];
      const note = id ? token.note : `the history id of ${plan.toVersion} is in \`argocd app history ${config.app}\`; without it argocd rolls back one step`;
      return {argv, env: token.env, note};
    }
    case 'webhook': {
      const inputs = renderTemplateMap(config.inputs, values);
      if (!inputs.ok) return {error: inputs.error};
      const body = JSON.stringify({service: plan.service, environment: plan.environment, fromVersion: plan.fromVersion, toVersion: plan.toVersion, idempotencyKey: plan.idempotencyKey, inputs: inputs.value});
      const argv = ['curl', '--fail', '-X', 'POST', {fromEnv: WEBHOOK_URL_ENV}, '-H', 'Content-Type: application/json', '-H', `Idempotency-Key: ${plan.idempotencyKey}`, '--data', body];
      const headers = Object.keys(config.headers);
      const left = [...(config.secretEnv ? ['the X-Oncall-Signature header (HMAC-SHA256 of the body with $' + config.secretEnv + ')'] : []), ...(headers.length > 0 ? [`the configured headers (${headers.join(', ')})`] : [])];
      const setUrl = `set ${WEBHOOK_URL_ENV} to this context's rollback.url${originOnly(config.url)}`;
      return {argv, env: [], note: left.length > 0 ? `${setUrl}; add ${left.join(' and ')}` : setUrl};
    }
    case 'command': {
      const argv: string[] = [];
      for (const arg of config.command) {
        const r = renderTemplate(arg, values);
        if (!r.ok) return {error: r.error};
        argv.push(r.value);
      }
      return {argv, env: [], note: null};
    }
  }
}
