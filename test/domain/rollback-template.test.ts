import {describe, expect, it} from 'vitest';
import type {RollbackPlan} from '../../src/domain/deploy.ts';
import {renderTemplate, renderTemplateMap, templateProblem, templateValues} from '../../src/domain/rollback-template.ts';

const plan: RollbackPlan = {
  service: 'checkout',
  environment: 'prod',
  fromVersion: 'v2.14.0',
  toVersion: 'a84d88e',
  description: '',
  idempotencyKey: 'k',
};
const values = templateValues(plan);

describe('renderTemplate', () => {
  it('replaces every placeholder, with or without inner spaces, and leaves other text alone', () => {
    expect(renderTemplate('deploy {{service}}@{{ version }} to {{environment}} ({{sha}})', values)).toEqual({ok: true, value: 'deploy checkout@a84d88e to prod (a84d88e)'});
    expect(renderTemplate('plain', values)).toEqual({ok: true, value: 'plain'});
    expect(renderTemplate('', values)).toEqual({ok: true, value: ''});
  });

  it('does not re-expand braces that come from a value', () => {
    expect(renderTemplate('{{version}}', templateValues({...plan, toVersion: '{{service}}'}))).toEqual({ok: true, value: '{{service}}'});
  });

  it('refuses unknown, empty and unclosed placeholders instead of rendering them empty', () => {
    expect(renderTemplate('{{image}}', values)).toEqual({ok: false, error: 'unknown placeholder {{image}}; known: {{service}}, {{version}}, {{sha}}, {{environment}}'});
    expect(renderTemplate('x{{}}', values)).toEqual({ok: false, error: 'unknown placeholder {{}}; known: {{service}}, {{version}}, {{sha}}, {{environment}}'});
    expect(renderTemplate('{{service}', values)).toEqual({ok: false, error: 'unclosed placeholder in "{{service}"; write e.g. {{version}}'});
    expect(renderTemplate('{{version}} {{', values)).toEqual({ok: false, error: 'unclosed placeholder in "{{version}} {{"; write e.g. {{version}}'});
  });

  it('gives {{sha}} only when the target version is a commit sha', () => {
    expect(templateValues({...plan, toVersion: 'v2.13.2'}).sha).toBeNull();
    expect(templateValues({...plan, toVersion: '0123456789abcdef0123456789abcdef01234567'}).sha).toBe('0123456789abcdef0123456789abcdef01234567');
    expect(renderTemplate('{{sha}}', templateValues({...plan, toVersion: 'v2.13.2'}))).toEqual({ok: false, error: '{{sha}} needs a commit sha, but the target version is "v2.13.2"; use {{version}}'});
  });
});

describe('renderTemplateMap and templateProblem', () => {
  it('renders a map or names the key that failed', () => {
    expect(renderTemplateMap({a: '{{service}}', b: 'x'}, values)).toEqual({ok: true, value: {a: 'checkout', b: 'x'}});
    expect(renderTemplateMap({a: '{{service}}', b: '{{nope}}'}, values)).toEqual({ok: false, error: 'input b: unknown placeholder {{nope}}; known: {{service}}, {{version}}, {{sha}}, {{environment}}'});
  });

  it('checks names without a plan, accepting {{sha}}', () => {
    expect(templateProblem('{{sha}} {{service}}')).toBeNull();
    expect(templateProblem('{{ver}}')).toBe('unknown placeholder {{ver}}; known: {{service}}, {{version}}, {{sha}}, {{environment}}');
  });
});
