/**
 * Schemas of the CI/CD side of a context: where deploys are read from and how a rollback is
 * triggered. Each provider is its own strict object, so a key that belongs to another provider
 * is reported instead of silently ignored.
 */
import {z} from 'zod';
import {
  commandTimeoutField,
  envNameField,
  filePathField,
  githubEventField,
  nameField,
  repoField,
  secretFileField,
  secretHeadersShape,
  secretPathUrlField,
  stringMapField,
  tlsShape,
  titlePatternField,
  tokenShape,
  webUrlField,
  workflowField,
} from './config-fields.ts';

const GITHUB_API = 'https://api.github.com';
const GITLAB_API = 'https://gitlab.com/api/v4';

/** Keys every deploy provider shares: maps a deploy's name (repo, app) to an SLO/alert service. */
const deployCommon = {
  services: stringMapField.default({}),
};

/** Deploys: where "what changed" comes from. */
export const deploysSchema = z.discriminatedUnion('provider', [
  z.strictObject({
    provider: z.literal('github'),
    apiUrl: webUrlField.default(GITHUB_API),
    repo: repoField,
    environment: nameField.optional(),
    // Set: the history is the runs of this deploy workflow instead of the Deployments API.
    workflow: workflowField.optional(),
    branch: nameField.optional(),
    event: githubEventField.optional(),
    titlePattern: titlePatternField.optional(),
    ...tokenShape,
    ...tlsShape,
    ...deployCommon,
  }),
  z.strictObject({
    provider: z.literal('argocd'),
    apiUrl: webUrlField,
    // One application, or every application of a project; the rules ask for one of the two.
    app: nameField.optional(),
    project: nameField.optional(),
    ...tokenShape,
    ...tlsShape,
    ...deployCommon,
  }),
  z.strictObject({
    provider: z.literal('gitlab'),
    apiUrl: webUrlField.default(GITLAB_API),
    // A numeric id or a path such as `acme/shop`.
    project: nameField,
    environment: nameField.optional(),
    ...tokenShape,
    ...tlsShape,
    ...deployCommon,
  }),
  z.strictObject({
    provider: z.literal('json'),
    // A JSON list of deploys served over HTTP or kept in a file; the rules ask for one of the two.
    url: secretPathUrlField.optional(),
    file: filePathField.optional(),
    headers: stringMapField.default({}),
    ...secretHeadersShape,
    ...tokenShape,
    ...tlsShape,
    ...deployCommon,
  }),
]);

/** Rollback: how the dashboard asks CI/CD to put the previous version back. */
export const rollbackSchema = z.discriminatedUnion('provider', [
  z.strictObject({
    provider: z.literal('github-actions'),
    apiUrl: webUrlField.default(GITHUB_API),
    repo: repoField,
    workflow: nameField,
    ref: nameField.default('main'),
    // Values may use {{service}}, {{version}} and {{environment}}.
    inputs: stringMapField.default({}),
    ...tokenShape,
    ...tlsShape,
  }),
  z.strictObject({
    provider: z.literal('argocd'),
    apiUrl: webUrlField,
    app: nameField,
    ...tokenShape,
    ...tlsShape,
  }),
  z.strictObject({
    provider: z.literal('gitlab'),
    apiUrl: webUrlField.default(GITLAB_API),
    project: nameField,
    ref: nameField.default('main'),
    inputs: stringMapField.default({}),
    ...tokenShape,
    ...tlsShape,
  }),
  z.strictObject({
    provider: z.literal('webhook'),
    url: secretPathUrlField,
    headers: stringMapField.default({}),
    ...secretHeadersShape,
    inputs: stringMapField.default({}),
    secretEnv: envNameField.optional(),
    secretFile: secretFileField.optional(),
    ...tlsShape,
  }),
  z.strictObject({
    provider: z.literal('command'),
    // An argv list, run without a shell: no quoting rules, no injection through {{version}}.
    command: z
      .array(nameField, {
        error: (iss) =>
          typeof iss.input === 'string'
            ? 'command must be a list of arguments, not a string (it runs without a shell), e.g. [kubectl, rollout, undo, deployment/checkout]'
            : undefined,
      })
      .min(1, 'command must be a non-empty list of arguments, e.g. [kubectl, rollout, undo, deployment/checkout]'),
    // A command such as `kubectl rollout undo` may wait for the rollout: allow it longer.
    timeout: commandTimeoutField.default('60s'),
  }),
]);
