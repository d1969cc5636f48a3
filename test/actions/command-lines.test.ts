import {describe, expect, it} from 'vitest';
import {rollbackCommands} from '../../src/actions/command-lines.ts';
import type {SelectionInfo} from '../../src/actions/keymap.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';

const plan = {service: 'checkout', environment: 'production', fromVersion: 'v2', toVersion: 'v1', description: 'workflow_dispatch rollback.yml', idempotencyKey: 'k'};
const services = {rollbacker: {name: 'github-actions', capabilities: {commandLine: () => ({argv: ['gh', 'workflow', 'run', 'rollback.yml']})}}} as unknown as ContextServices;

describe('rollbackCommands', () => {
  it('copies nothing from a stale history, saying why', () => {
    const target: SelectionInfo = {kind: 'deploy', id: '1', label: 'checkout', rollbackPlan: plan, historyRefusal: 'deploy history is stale (2m0s old; no answer since) — use oncall rollback checkout --to VERSION'};
    expect(rollbackCommands(target, [], services)).toEqual({error: 'no rollback command copied: deploy history is stale (2m0s old; no answer since) — use oncall rollback checkout --to VERSION'});
  });

  it('writes the command from a fresh history', () => {
    const target: SelectionInfo = {kind: 'deploy', id: '1', label: 'checkout', rollbackPlan: plan};
    expect(rollbackCommands(target, [], services)).toMatchObject({commands: ['gh workflow run rollback.yml']});
  });
});
