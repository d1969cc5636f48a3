/** Deploy table rows: newest first, suspect deploys flagged in words as well as colour. */
import {unhealthyAs, type Deploy, type DeployHealth, type DeployStatus} from '../../domain/deploy.ts';
import {formatAge} from '../../domain/duration.ts';
import {sanitize} from '../../domain/sanitize.ts';
import {staleMark} from './freshness.ts';
import type {Column, Row, Table, Tone} from './row-types.ts';

const COLUMNS: Column[] = [
  {id: 'status', header: 'STATUS', width: 10, priority: 0, lead: true},
  {id: 'service', header: 'SERVICE', width: 10, priority: 0},
  {id: 'version', header: 'VERSION', width: 10, flex: true, priority: 0},
  {id: 'env', header: 'ENV', width: 10, priority: 3},
  {id: 'age', header: 'AGE', width: 4, align: 'right', priority: 1},
  {id: 'author', header: 'AUTHOR', width: 10, priority: 4},
  {id: 'suspect', header: 'SUSPECT', width: 9, priority: 1},
];

const STATUS: Record<DeployStatus, {text: string; tone: Tone}> = {
  success: {text: '✔ ok', tone: 'ok'},
  failure: {text: '✖ failed', tone: 'critical'},
  in_progress: {text: '… running', tone: 'info'},
  queued: {text: '… queued', tone: 'info'},
  cancelled: {text: '– cancel', tone: 'muted'},
  unknown: {text: '? unknown', tone: 'muted'},
};

const HEALTH: Record<DeployHealth, {text: string; tone: Tone}> = {
  degraded: {text: '⚠ degraded', tone: 'critical'},
  missing: {text: '⚠ missing', tone: 'critical'},
};

/**
 * Builds the deploy table; `suspects` holds the ids of deploys correlated with a burn or alert.
 * `staleMs`: the history is last good data that old (its source failed): each row says so.
 */
export function deployTable(deploys: Deploy[], now: number, suspects: ReadonlySet<string>, staleMs: number | null = null): Table {
  const rows: Row[] = deploys.map((d) => {
    // A completed deploy that runs unhealthy is live but not "ok": its health takes the cell.
    const health = unhealthyAs(d);
    const fresh = health !== undefined ? HEALTH[health] : STATUS[d.status];
    const status = staleMs === null ? fresh : {text: `${staleMark(staleMs)} ${fresh.text}`, tone: 'muted' as const};
    const suspect = suspects.has(d.id);
    const version = sanitize(d.rollbackOf ? `${d.version} (rollback)` : d.version);
    return {
      key: d.id,
      ...(staleMs === null ? {} : {stale: staleMark(staleMs)}),
      tone: suspect ? 'critical' : status.tone,
      cells: [
        status,
        {text: sanitize(d.service), tone: 'text'},
        {text: version, tone: staleMs === null ? 'text' : 'muted'},
        {text: sanitize(d.environment), tone: 'muted'},
        {text: formatAge(now - d.startedAt), tone: 'muted'},
        {text: sanitize(d.author), tone: 'muted'},
        {text: suspect ? '⚑ SUSPECT' : '', tone: 'critical'},
      ],
    };
  });
  // `STALE 12s ✔ ok` needs a wider status column; the version keeps its room.
  return {columns: staleMs === null ? COLUMNS : COLUMNS.map((c) => (c.id === 'status' ? {...c, width: 18} : c)), rows};
}

const sameCells = (a: Row, b: Row) => a.key === b.key && a.tone === b.tone && a.cells.length === b.cells.length && a.cells.every((c, i) => c.text === b.cells[i]!.text && c.tone === b.cells[i]!.tone);

/**
 * {@link deployTable} that gives back the table it gave last time when nothing in it changed: the
 * clock moves every second, a deploy's age (`3h`) only when it crosses its unit. A new table
 * object each second made the pane, and with several contexts their merged deploy pane, be
 * built and drawn again for nothing.
 */
export function createDeployTableKeeper(): typeof deployTable {
  let last: Table | null = null;
  return (deploys, now, suspects, staleMs = null) => {
    const table = deployTable(deploys, now, suspects, staleMs);
    const same = last !== null && last.columns.length === table.columns.length && last.columns.every((c, i) => c.width === table.columns[i]!.width) && last.rows.length === table.rows.length && last.rows.every((row, i) => sameCells(row, table.rows[i]!));
    if (!same) last = table;
    return last!;
  };
}
