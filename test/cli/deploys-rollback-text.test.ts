import {describe, expect, it} from 'vitest';
import {deployLines} from '../../src/cli/deploy-commands.ts';
import {statusText} from '../../src/cli/status-text.ts';
import type {Deploy} from '../../src/domain/deploy.ts';
import {buildStatusDocument} from '../../src/domain/status-document.ts';

const T = Date.parse('2026-05-04T12:00:00Z');
const MIN = 60_000;
const base = {service: 'checkout', environment: 'production', author: 'ci', url: null} as const;
const deploys: Deploy[] = [
  {...base, id: '3', version: 'v2.13.0', status: 'success', startedAt: T - 5 * MIN, rollbackOf: '2'},
  {...base, id: '2', version: 'v2.14.0', status: 'success', startedAt: T - 20 * MIN},
  {...base, id: '1', version: 'v2.13.0', status: 'success', startedAt: T - 2 * 24 * 60 * MIN},
];

describe('deploys: oncall deploys says which deploy is a rollback', () => {
  const doc = buildStatusDocument({context: 'prod', now: T, sources: [], slos: [], alerts: [], deploys, suspectWindowMs: 30 * MIN});

  it('the text form marks the rollback as the pane does ("v2.13.0 (rollback)")', () => {
    // The newest line read like an ordinary deploy of v2.13.0: nothing said v2.14.0 was rolled back.
    const text = deployLines(doc, T);
    const first = text.split('\n')[1] ?? '';
    expect(first).toMatch(/ v2\.13\.0 \(rollback\) {2}success /);
    expect(text.split('\n')[2]).not.toMatch(/rollback/);
  });

  it('the JSON form says it too (rollbackOf), only on the rollback', () => {
    expect(doc.deploys[0]).toHaveProperty('rollbackOf', '2');
    expect(doc.deploys[1]).not.toHaveProperty('rollbackOf');
  });

  it('`oncall status` marks it the same way', () => {
    expect(statusText(doc, T, 'ci')).toContain(' checkout v2.13.0 (rollback) success production 5m ago');
  });
});
