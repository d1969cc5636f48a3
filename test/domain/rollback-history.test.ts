import {describe, expect, it} from 'vitest';
import type {SourceHealth} from '../../src/domain/health.ts';
import {staleHistoryReason} from '../../src/domain/rollback-history.ts';

const NOW = Date.parse('2026-05-04T10:00:00Z');
const ok: SourceHealth = {name: 'github', kind: 'deploys', last: 'ok', error: null, updatedAt: NOW - 3_000, warnings: [], retrying: true, staleAt: NOW + 7_000};

describe('staleHistoryReason', () => {
  it('is null for a fresh history, and for none at all (a context with only a rollback provider)', () => {
    expect(staleHistoryReason([ok], NOW, 'checkout')).toBeNull();
    expect(staleHistoryReason([], NOW, 'checkout')).toBeNull();
  });

  it('a last read that failed after a good one: stale, how old, the kind of failure, the command that needs no history', () => {
    const failed: SourceHealth = {...ok, last: 'failed', error: 'unavailable: github acme/shop: GET http://ci.example/repos/acme/shop/deployments: server error (HTTP 503)', updatedAt: NOW - 4 * 60_000};
    expect(staleHistoryReason([failed], NOW, 'checkout')).toBe('deploy history is stale (4m old; its last read failed: unavailable) — use oncall rollback checkout --to VERSION');
  });

  it('a history that never answered, or answers no more (a hang), or is still pending', () => {
    const never: SourceHealth = {...ok, last: 'failed', error: 'timeout: no answer within 10000 ms', updatedAt: null};
    expect(staleHistoryReason([never], NOW, 'checkout')).toBe('deploy history could not be read (timeout) — use oncall rollback checkout --to VERSION');
    const hung: SourceHealth = {...ok, updatedAt: NOW - 5 * 60_000, staleAt: NOW - 4 * 60_000};
    expect(staleHistoryReason([hung], NOW, 'checkout')).toBe('deploy history is stale (5m old; no answer since) — use oncall rollback checkout --to VERSION');
    expect(staleHistoryReason([{...ok, last: 'none', updatedAt: null}], NOW, 'checkout')).toBe('deploy history not read yet');
  });

  it('names the service sanitized, or SERVICE when the row has none', () => {
    const failed: SourceHealth = {...ok, last: 'failed', error: 'auth: 401', updatedAt: NOW - 60_000};
    const evil = staleHistoryReason([failed], NOW, 'evil\u001b[2J');
    expect(evil).toContain('use oncall rollback evil␛[2J --to VERSION');
    expect(evil).not.toContain('\u001b');
    expect(staleHistoryReason([failed], NOW)).toContain('use oncall rollback SERVICE --to VERSION');
  });
});
