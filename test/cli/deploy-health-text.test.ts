/**
 * An Argo CD sync that left its application Degraded is the live deploy (`success`), its health
 * said apart. The text outputs say so too: over SSH, `oncall status` must not print a plain
 * `success` for an app that is down right now.
 */
import {describe, expect, it} from 'vitest';
import {deployLines} from '../../src/cli/deploy-commands.ts';
import {deployStatusText, statusText} from '../../src/cli/status-text.ts';
import {buildStatusDocument} from '../../src/domain/status-document.ts';
import {appDeploys, applicationSchema} from '../../src/sources/argocd/argocd-wire.ts';
import {argoApp} from '../helpers/fake-ci-bodies.ts';

const NOW = Date.parse('2026-05-04T10:00:00Z');
const MIN = 60_000;
const SHA = (c: string) => c.repeat(40);

function docFor(health: string) {
  const app = applicationSchema.parse(
    argoApp({
      name: 'checkout',
      health,
      history: [
        {id: 1, revision: SHA('a'), deployedAt: new Date(NOW - 24 * 60 * MIN).toISOString()},
        {id: 2, revision: SHA('b'), deployedAt: new Date(NOW - 5 * MIN).toISOString()},
      ],
    }),
  );
  const {deploys} = appDeploys(app, {name: 'checkout', service: 'checkout', url: 'https://argocd.example/applications/checkout'});
  return buildStatusDocument({context: 'prod', now: NOW, sources: [], slos: [], alerts: [], deploys, suspectWindowMs: 30 * MIN});
}

const lineOf = (text: string, version: string) => text.split('\n').find((l) => l.includes(version)) ?? '';

describe('a Degraded or Missing Argo CD sync in the text outputs', () => {
  it('`oncall deploys` lists it as success with its health, the entry before as plain success', () => {
    const text = deployLines(docFor('Degraded'), NOW);
    expect(lineOf(text, 'bbbbbbb')).toMatch(/ bbbbbbb {2}success \(⚠ degraded\) {2}checkout {2}5m ago/);
    expect(lineOf(text, 'aaaaaaa')).toMatch(/ aaaaaaa {2}success {2,}checkout/);
    expect(lineOf(deployLines(docFor('Missing'), NOW), 'bbbbbbb')).toContain('success (⚠ missing)');
  });

  it('`oncall status` says it the same way; a healthy app is plain success', () => {
    expect(lineOf(statusText(docFor('Degraded'), NOW, 'argocd'), 'bbbbbbb')).toContain(' bbbbbbb success (⚠ degraded) checkout 5m ago');
    expect(lineOf(statusText(docFor('Healthy'), NOW, 'argocd'), 'bbbbbbb')).toContain(' bbbbbbb success checkout 5m ago');
  });

  it('shows health only beside a success, and sanitizes it', () => {
    expect(deployStatusText({status: 'in_progress', health: 'degraded'})).toBe('in_progress');
    expect(deployStatusText({status: 'success', health: 'x\x1b[2J'})).toBe('success (⚠ x␛[2J)');
  });
});
