import {describe, expect, it} from 'vitest';
import type {RollbackPlan} from '../../src/domain/deploy.ts';
import {renderTemplate, renderTemplateMap, templateProblem, templateUses, templateValues} from '../../src/domain/rollback-template.ts';

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

  it('fills {{sha}} from the target deploy\'s commit, which wins over a hex version', () => {
    const full = '5f0c2d1e9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d';
    expect(renderTemplate('{{version}} {{sha}}', templateValues({...plan, toVersion: 'v1.4.2', toSha: full}))).toEqual({ok: true, value: `v1.4.2 ${full}`});
    // A hex version is only the fallback: the deploy's own sha is the commit it ran.
    expect(templateValues({...plan, toVersion: 'a84d88e', toSha: full}).sha).toBe(full);
  });

  it('falls back to a hex version (7–40 digits) when the target has no sha, and refuses anything else', () => {
    expect(templateValues({...plan, toVersion: 'A84D88E'}).sha).toBe('A84D88E');
    expect(templateValues({...plan, toVersion: 'a84d88'}).sha).toBeNull();
    expect(templateValues({...plan, toVersion: `${'a'.repeat(40)}0`}).sha).toBeNull();
    // A sha that is not hex never passes for one, even when it came with the plan.
    expect(templateValues({...plan, toVersion: 'v1.4.2', toSha: 'main'}).sha).toBeNull();
    expect(renderTemplate('{{sha}}', templateValues({...plan, toVersion: 'v1.4.2', toSha: 'main'}))).toEqual({ok: false, error: '{{sha}} needs a commit sha, but the target version is "v1.4.2"; use {{version}}'});
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

describe('a rollback without an environment', () => {
  const none = templateValues({...plan, environment: ''});

  it('renders templates that do not ask for it and refuses one that does, saying how to give one', () => {
    expect(renderTemplate('{{service}}@{{version}}', none)).toEqual({ok: true, value: 'checkout@a84d88e'});
    expect(renderTemplate('to {{ environment }}', none)).toEqual({ok: false, error: '{{environment}} needs an environment, and this rollback has none; give --environment ENV or set deploys.environment'});
  });

  it('templateUses finds a placeholder with or without inner spaces, and only that one', () => {
    expect(templateUses('to {{ environment }}', 'environment')).toBe(true);
    expect(templateUses('{{environment}}', 'environment')).toBe(true);
    expect(templateUses('{{service}}-environment', 'environment')).toBe(false);
    expect(templateUses('{{environments}}', 'environment')).toBe(false);
  });
});
