import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {parseConfig} from '../../src/config/config-load.ts';
import {checkConfigRules} from '../../src/config/config-rules.ts';

const DOC = readFileSync(new URL('../../docs/config-reference.md', import.meta.url), 'utf8');

/** The keys the reference's "A context needs at least one of …" sentence names. */
function documentedSources(): string[] {
  const sentence = /A context needs at least one of ([^.]+)\./.exec(DOC);
  expect(sentence, 'docs/config-reference.md states which keys a context needs').not.toBeNull();
  return [...sentence![1]!.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]!);
}

describe('which keys a context needs', () => {
  // A context holding only a PagerDuty entry runs (incidents, whoison); the reference and the
  // loader's message must not send its author to add a Prometheus it does not need.
  it('accepts a context whose only source is an alertSources entry, and the reference says so', () => {
    const text = [
      'current-context: a',
      'contexts:',
      '  - name: a',
      '    alertSources:',
      '      - {kind: pagerduty, tokenEnv: PD_TOKEN, from: alice@example.com, serviceIds: [PIJ90N7]}',
      '',
    ].join('\n');
    expect(parseConfig(text, 'config.yaml').ok).toBe(true);
    expect(documentedSources()).toContain('alertSources');
  });

  it('names the same keys in the reference and in the error for a context with none', () => {
    const findings = checkConfigRules({'current-context': 'a', contexts: [{name: 'a', readOnly: true}]});
    expect(findings).toHaveLength(1);
    const suggested = /configure (.*)$/.exec(findings[0]!.message)![1]!.split(/, | or /);
    expect(suggested).toEqual(documentedSources());
  });
});
