/**
 * Pieces every rollbacker's `preview(plan)` shares: the endpoint it will call and the inputs it
 * will send, rendered from the same templates as the real call, so the confirmation shows what
 * goes out. A template that cannot be rendered becomes a line saying so: the preview must show
 * the problem, not hide it behind an exception.
 */
import type {RollbackPlan} from '../../domain/deploy.ts';
import {renderTemplateMap, templateValues} from '../../domain/rollback-template.ts';

/** `POST https://api.example/path`, without a doubled slash and without a query string (it may hold a secret). */
export function callLine(method: string, baseUrl: string, path: string): string {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}${path}`);
  const query = url.search === '' ? '' : '?…';
  return `${method} ${url.origin}${url.pathname}${query}`;
}

/**
 * One line per rendered input, `kind name = "value"`, in config order; `overrides` replace
 * rendered values (the correlation input carries the idempotency key, not its template).
 */
export function inputLines(kind: string, templates: Readonly<Record<string, string>>, plan: RollbackPlan, overrides: Record<string, string> = {}): string[] {
  const own = Object.fromEntries(Object.entries(templates).filter(([key]) => !Object.hasOwn(overrides, key)));
  const rendered = renderTemplateMap(own, templateValues(plan));
  if (!rendered.ok) return [`cannot render the ${kind}s: ${rendered.error}`];
  const values = {...rendered.value, ...overrides};
  const keys = Object.keys(templates);
  if (keys.length === 0) return [`no ${kind}s`];
  return keys.map((key) => `${kind} ${key} = ${JSON.stringify(values[key] ?? '')}`);
}

/** An argument list as a reader would type it: plain words bare, anything else JSON-quoted. */
export function argvText(argv: readonly string[]): string {
  return argv.map((arg) => (/^[\w@%+=:,./{}-]+$/.test(arg) ? arg : JSON.stringify(arg))).join(' ');
}
