import {describe, expect, it} from 'vitest';
import {createDeployTableKeeper, deployTable} from '../../../src/view/rows/deploy-rows.ts';
import {makeDeploy, T0} from '../../queries/fakes.ts';
import {HOSTILE, rawControl} from '../hostile.ts';

const cells = (r: {cells: Array<{text: string; tone?: string}>}) => r.cells.map((c) => [c.text, c.tone]);

describe('deployTable', () => {
  it('has the columns STATUS, SERVICE, VERSION (flex), ENV, AGE, AUTHOR, SUSPECT', () => {
    const {columns} = deployTable([], T0, new Set());
    expect(columns.map((c) => c.header)).toEqual(['STATUS', 'SERVICE', 'VERSION', 'ENV', 'AGE', 'AUTHOR', 'SUSPECT']);
    expect(columns.find((c) => c.flex)?.id).toBe('version');
  });

  it('flags a suspect deploy in words and colours the whole row critical', () => {
    const d = makeDeploy({id: 'd1', version: 'v2.14.0', startedAt: T0 - 12 * 60_000, author: 'storefront-dev'});
    const row = deployTable([d], T0, new Set(['d1'])).rows[0]!;
    expect(row.key).toBe('d1');
    expect(row.tone).toBe('critical');
    expect(cells(row)).toEqual([
      ['✔ ok', 'ok'],
      ['checkout', 'text'],
      ['v2.14.0', 'text'],
      ['production', 'muted'],
      ['12m', 'muted'],
      ['storefront-dev', 'muted'],
      ['⚑ SUSPECT', 'critical'],
    ]);
  });

  it('spells every status with a symbol and marks rollbacks', () => {
    const statuses = ['success', 'failure', 'in_progress', 'queued', 'cancelled', 'unknown'] as const;
    const table = deployTable(
      statuses.map((status, i) => makeDeploy({id: `d${i}`, status, startedAt: T0 - 3_600_000})),
      T0,
      new Set(),
    );
    expect(table.rows.map((r) => [r.cells[0]!.text, r.tone])).toEqual([
      ['✔ ok', 'ok'],
      ['✖ failed', 'critical'],
      ['… running', 'info'],
      ['… queued', 'info'],
      ['– cancel', 'muted'],
      ['? unknown', 'muted'],
    ]);
    expect(table.rows.map((r) => r.cells[6]!.text)).toEqual(['', '', '', '', '', '']);
    const rollback = deployTable([makeDeploy({id: 'r', version: 'v2.13.2', rollbackOf: 'd1'})], T0, new Set()).rows[0]!;
    expect(rollback.cells[2]!.text).toBe('v2.13.2 (rollback)');
    expect(rollback.cells[4]!.text).toBe('0s');
  });

  it('says a live deploy that runs unhealthy (Argo CD Degraded, Missing) by its health, critical, and can still flag it suspect', () => {
    const degraded = makeDeploy({id: 'd9', version: 'v9', health: 'degraded', startedAt: T0 - 12 * 60_000});
    const missing = makeDeploy({id: 'd8', version: 'v8', health: 'missing', startedAt: T0 - 3_600_000});
    const running = makeDeploy({id: 'd7', version: 'v7', health: 'degraded', status: 'in_progress', startedAt: T0 - 7_200_000});
    const table = deployTable([degraded, missing, running], T0, new Set(['d9']));
    expect(table.rows.map((r) => [r.cells[0]!.text, r.cells[0]!.tone, r.cells[6]!.text])).toEqual([
      ['⚠ degraded', 'critical', '⚑ SUSPECT'],
      ['⚠ missing', 'critical', ''],
      ['… running', 'info', ''],
    ]);
  });

  it('escapes control characters in every CI string', () => {
    const d = makeDeploy({id: 'x', service: HOSTILE, version: HOSTILE, environment: HOSTILE, author: HOSTILE});
    const row = deployTable([d], T0, new Set()).rows[0]!;
    for (const c of row.cells) expect(rawControl(c.text)).toBeNull();
    expect(row.cells[5]!.text).toBe('pwn␛[2J␛]52;c;ZWNobyBoaQ==\\x07bell\\x07cr\\x0drtl\\u202egnp.exe');
  });
});

describe('createDeployTableKeeper', () => {
  it('gives back the same table while no age or mark changed, and a new one when one did', () => {
    const keep = createDeployTableKeeper();
    const deploys = [makeDeploy({id: 'd1', startedAt: T0 - 3 * 3_600_000}), makeDeploy({id: 'd2', startedAt: T0 - 12 * 60_000})];
    const first = keep(deploys, T0, new Set());
    // Seconds later every age still reads the same (3h, 12m): the same object, nothing to draw.
    expect(keep(deploys, T0 + 1000, new Set())).toBe(first);
    expect(keep(deploys, T0 + 30_000, new Set())).toBe(first);
    // A minute on, 12m becomes 13m: a new table, with the new age.
    const later = keep(deploys, T0 + 60_000, new Set());
    expect(later).not.toBe(first);
    expect(later.rows[1]!.cells[4]!.text).toBe('13m');
    // A suspect mark, a stale mark: new tables too.
    expect(keep(deploys, T0 + 60_000, new Set(['d1']))).not.toBe(later);
    const stale = keep(deploys, T0 + 60_000, new Set(['d1']), 5000);
    expect(stale.rows[0]!.cells[0]!.text).toContain('STALE');
  });
});
