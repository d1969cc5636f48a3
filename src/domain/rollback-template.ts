/**
 * Rollback templates: the `{{service}}`-style placeholders a config writes into workflow inputs,
 * pipeline variables, webhook inputs and command arguments. Rendering is strict: a placeholder we
 * do not know, or a `{{` that does not close, is an error — a rollback that silently sends an
 * empty version to a deploy pipeline is worse than one that refuses to start.
 */
import {isCommitSha, type RollbackPlan} from './deploy.ts';

/** The placeholders a rollback template may use. */
export const TEMPLATE_PLACEHOLDERS = ['service', 'version', 'sha', 'environment'] as const;

/** One placeholder name. */
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

/**
 * Values of the placeholders. `sha` is `null` when the target has no known commit: a template
 * asking for it is then an error rather than a tag passed off as a sha.
 */
export type TemplateValues = Record<'service' | 'version', string> & {sha: string | null; environment: string | null};

/** A rendered template, or why it could not be rendered. */
export type TemplateResult = {ok: true; value: string} | {ok: false; error: string};

// `{{ name }}` with optional spaces inside the braces; the name part is checked separately.
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * The commit a rollback goes to: the target deploy's own sha, else its version when that is a
 * hex sha (a history that names deploys by commit, or `--to a84d88e`), else none. Never a guess:
 * a wrong sha would roll back to the wrong commit.
 */
function targetSha(plan: RollbackPlan): string | null {
  if (isCommitSha(plan.toSha)) return plan.toSha;
  return isCommitSha(plan.toVersion) ? plan.toVersion : null;
}

/** The placeholder values of a plan: the version rolled back *to* is the one a template means. */
export function templateValues(plan: RollbackPlan): TemplateValues {
  return {
    service: plan.service,
    version: plan.toVersion,
    sha: targetSha(plan),
    // A rollback planned without an environment (none was needed, see `templateUses`).
    environment: plan.environment === '' ? null : plan.environment,
  };
}

/** True when `template` has the placeholder `name` (spaces inside the braces allowed). */
export function templateUses(template: string, name: TemplatePlaceholder): boolean {
  return [...template.matchAll(PLACEHOLDER)].some((m) => m[1] === name);
}

function isPlaceholder(name: string): name is TemplatePlaceholder {
  return (TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name);
}

/**
 * Renders `template`, replacing every placeholder. Text without placeholders is returned as is.
 * @returns the rendered text, or an error naming the first bad placeholder
 */
export function renderTemplate(template: string, values: TemplateValues): TemplateResult {
  let error: string | null = null;
  const value = template.replace(PLACEHOLDER, (whole, name: string) => {
    if (error !== null) return whole;
    if (!isPlaceholder(name)) {
      error = `unknown placeholder ${whole}; known: ${TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`;
      return whole;
    }
    const v = values[name];
    if (v === null) {
      error =
        name === 'environment'
          ? '{{environment}} needs an environment, and this rollback has none; give --environment ENV or set deploys.environment'
          : `{{sha}} needs a commit sha, but the target version is ${JSON.stringify(values.version)}; use {{version}}`;
      return whole;
    }
    return v;
  });
  if (error !== null) return {ok: false, error};
  // Whatever braces are left did not form a placeholder: `{{service}` or a stray `{{`.
  if (template.replace(PLACEHOLDER, '').includes('{{')) {
    return {ok: false, error: `unclosed placeholder in ${JSON.stringify(template)}; write e.g. {{version}}`};
  }
  return {ok: true, value};
}

/**
 * Checks a template without a plan, e.g. when the config is loaded: only the placeholder names
 * are checked (whether `{{sha}}` fits is known only once the target version is).
 * @returns the problem, or `null` when the template is fine
 */
export function templateProblem(template: string): string | null {
  const probe = renderTemplate(template, {service: 's', version: 'v', sha: '0000000', environment: 'e'});
  return probe.ok ? null : probe.error;
}

/**
 * Renders every value of a map (workflow inputs, pipeline variables), keeping the keys.
 * @returns the rendered map, or an error naming the key whose template is wrong
 */
export function renderTemplateMap(templates: Readonly<Record<string, string>>, values: TemplateValues): {ok: true; value: Record<string, string>} | {ok: false; error: string} {
  const out: Record<string, string> = {};
  for (const [key, template] of Object.entries(templates)) {
    const result = renderTemplate(template, values);
    if (!result.ok) return {ok: false, error: `input ${key}: ${result.error}`};
    out[key] = result.value;
  }
  return {ok: true, value: out};
}
