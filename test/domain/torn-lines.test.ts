import {describe, expect, it} from 'vitest';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import {OPEN_ROLLBACK_MS} from '../../src/domain/open-rollbacks.ts';
import {countTornLines, mayBeOpenRollback, readTornLine} from '../../src/domain/torn-lines.ts';
import {actionLogLine} from '../../src/platform/action-log.ts';

const NOW = Date.parse('2026-05-04T10:00:00Z');
const where = {context: 'prod', service: 'checkout', environment: 'production'};
const rollback = (over: Partial<ActionLogEntry> = {}): ActionLogEntry => ({
  at: new Date(NOW - 60_000).toISOString(),
  action: 'rollback',
  phase: 'attempt',
  context: 'prod',
  source: 'github-actions',
  target: {service: 'checkout', environment: 'production', from: 'v2', to: 'v1', idempotencyKey: 'k'},
  details: {context: 'staging', service: 'other'},
  ...over,
});
/** The line of `entry` cut short just after `upTo` (its first occurrence) is written. */
const cutAfter = (entry: ActionLogEntry, upTo: string) => {
  const line = actionLogLine(entry);
  return line.slice(0, line.indexOf(upTo) + upTo.length);
};

describe('readTornLine', () => {
  it('reads the fields whose value is whole, top-level ones before the target and the target\'s within it', () => {
    const line = actionLogLine(rollback());
    expect(readTornLine(line.slice(0, -2))).toEqual({at: NOW - 60_000, action: 'rollback', context: 'prod', service: 'checkout', environment: 'production'});
  });

  it('a value cut short is not legible (a service named `checkout-eu` may have been cut from a longer one)', () => {
    expect(readTornLine(cutAfter(rollback(), '"service":"check'))).toEqual({at: NOW - 60_000, action: 'rollback', context: 'prod', service: null, environment: null});
    expect(readTornLine(cutAfter(rollback(), '"at":"2026-05-04T09:5'))).toEqual({at: null, action: null, context: null, service: null, environment: null});
  });

  it('never takes the details\' fields for the entry\'s', () => {
    const line = actionLogLine(rollback({target: {}}));
    expect(readTornLine(line.slice(0, -1))).toMatchObject({service: null, environment: null});
  });
});

describe('mayBeOpenRollback', () => {
  const torn = (entry: ActionLogEntry, upTo: string) => readTornLine(cutAfter(entry, upTo));

  it('a recent fragment that may be a rollback of this target may be one', () => {
    expect(mayBeOpenRollback(torn(rollback(), '"at":"2026-05-04T09:5'), where, NOW)).toBe(true);
    expect(mayBeOpenRollback(torn(rollback(), '"action":"rollback"'), where, NOW)).toBe(true);
    expect(mayBeOpenRollback(torn(rollback(), '"service":"checkout"'), where, NOW)).toBe(true);
    expect(mayBeOpenRollback(torn(rollback(), '"environment":"production"'), where, NOW)).toBe(true);
  });

  it('an old fragment, or one legibly another action, context, service or environment, is none', () => {
    const old = rollback({at: new Date(NOW - OPEN_ROLLBACK_MS - 1).toISOString()});
    expect(mayBeOpenRollback(torn(old, '"at":'), where, NOW)).toBe(true);
    expect(mayBeOpenRollback(torn(old, 'Z"'), where, NOW)).toBe(false);
    expect(mayBeOpenRollback(torn(rollback({action: 'ack-extend'}), '"action":"ack-extend"'), where, NOW)).toBe(false);
    expect(mayBeOpenRollback(torn(rollback({context: 'staging'}), '"context":"staging"'), where, NOW)).toBe(false);
    expect(mayBeOpenRollback(torn(rollback({target: {service: 'cart', environment: 'production'}}), '"service":"cart"'), where, NOW)).toBe(false);
    expect(mayBeOpenRollback(torn(rollback({target: {service: 'checkout', environment: 'staging'}}), '"environment":"staging"'), where, NOW)).toBe(false);
  });

  it('a fragment cut inside its time is bounded by the whole entry written after it: older than the window, it is none', () => {
    const cut = torn(rollback(), '"at":');
    expect(mayBeOpenRollback(cut, where, NOW)).toBe(true);
    expect(mayBeOpenRollback({...cut, before: NOW - 60_000}, where, NOW)).toBe(true);
    // Within a minute of the window's edge, writers' clocks may interleave: still maybe.
    expect(mayBeOpenRollback({...cut, before: NOW - OPEN_ROLLBACK_MS - 30_000}, where, NOW)).toBe(true);
    expect(mayBeOpenRollback({...cut, before: NOW - OPEN_ROLLBACK_MS - 61_000}, where, NOW)).toBe(false);
  });

  it('counts every torn line and those that may be a rollback of the target', () => {
    const lines = [torn(rollback(), '"action":"rollback"'), torn(rollback({action: 'ack'}), '"action":"ack"')];
    expect(countTornLines(lines, where, NOW)).toEqual({unreadable: 2, mayBeRollback: 1});
  });
});

describe('tornLinesGap: the timeline says the lines it could not read', () => {
  it('counts the torn lines of the range and context (or of an unknown time or context), none else', async () => {
    const {tornLinesGap} = await import('../../src/domain/torn-lines.ts');
    const line = (at: number | null, context: string | null, before?: number) => ({at, action: 'note', context, service: null, environment: null, ...(before === undefined ? {} : {before})});
    const range = {from: 1000, to: 2000};
    expect(tornLinesGap([line(1500, 'prod'), line(null, null), line(500, 'prod'), line(1500, 'staging'), line(null, 'prod', 900)], range, 'prod')).toMatch(/^2 lines of the action log could not be read/);
    expect(tornLinesGap([line(500, 'prod')], range, 'prod')).toBeNull();
  });
});
