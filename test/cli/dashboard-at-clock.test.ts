/**
 * `oncall --at 30m` on a machine whose clock is off: the dashboard's past instant is counted back
 * from the backends' clock. Before, it was counted by this machine's clock before any answer, and
 * the past view does not poll live, so 10 minutes behind showed 40 minutes ago all session.
 * runDashboard is replaced to catch the instant the dashboard would start at.
 */
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {Runtime} from '../../src/cli/runtime.ts';
import {BACKENDS_CLOCK_WAIT_MS} from '../../src/cli/backends-clock.ts';
import {startLocalServer, type LocalServer} from '../sources/http/local-server.ts';
import {prodConfigText, run, tempDir} from './cli-fixtures.ts';

const started: Array<number | undefined> = [];

vi.mock('../../src/cli/dashboard-command.tsx', () => ({
  runDashboard: async (runtime: Runtime, _args: unknown, _env: unknown, initialAt?: number) => {
    started.push(initialAt);
    await runtime.close();
    return 0;
  },
}));

const MIN = 60_000;
// The Date header's resolution, the skew's rounding and the test's own time.
const SLACK_MS = 3_000;

let tmp: ReturnType<typeof tempDir>;
let server: LocalServer | null = null;

beforeEach(() => {
  tmp = tempDir();
  started.length = 0;
});

afterEach(async () => {
  tmp.cleanup();
  await server?.close();
  server = null;
});

/** A stand-in Prometheus whose clock is `aheadMs` ahead of this machine's, answering after `delayMs`. */
async function startPrometheus(aheadMs: number, delayMs = 0): Promise<string> {
  server = await startLocalServer((_req, res) => {
    setTimeout(() => {
      res.writeHead(200, {'content-type': 'application/json', date: new Date(Date.now() + aheadMs).toUTCString()});
      res.end(JSON.stringify({status: 'success', data: ['__name__', 'job']}));
    }, delayMs);
  });
  return server.url;
}

async function dashboardAt(at: string, prometheusUrl: string): Promise<number | undefined> {
  const config = tmp.write('config.yaml', prodConfigText(prometheusUrl));
  const {code, err} = await run(['--at', at, '--config', config], {HOME: tmp.dir});
  expect(code, err).toBe(0);
  expect(started).toHaveLength(1);
  return started[0];
}

describe('the dashboard started with --at on a machine whose clock is off', () => {
  it('10 minutes behind: --at 30m is 30 minutes before the backends\' clock, not 40', async () => {
    const url = await startPrometheus(10 * MIN);
    const at = await dashboardAt('30m', url);
    expect(at).toBeDefined();
    expect(Math.abs(at! - (Date.now() + 10 * MIN - 30 * MIN))).toBeLessThan(SLACK_MS);
  });

  it('an absolute --at stays exactly as given, and waits for no backend', async () => {
    const url = await startPrometheus(10 * MIN);
    const at = await dashboardAt('2026-01-06T10:00:00Z', url);
    expect(at).toBe(Date.parse('2026-01-06T10:00:00Z'));
    expect(server!.requests).toEqual([]);
  });

  it('a Prometheus slower than the wait: the dashboard starts after the wait, by this machine\'s clock', async () => {
    // It answers in the end: the stand-in dashboard's close waits for the read in flight.
    const url = await startPrometheus(10 * MIN, BACKENDS_CLOCK_WAIT_MS + 1_500);
    const before = Date.now();
    const at = await dashboardAt('30m', url);
    // Counted when the wait ended: this machine's clock then, 30 minutes back.
    expect(at! - (before - 30 * MIN)).toBeGreaterThanOrEqual(BACKENDS_CLOCK_WAIT_MS - 100);
    expect(at! - (before - 30 * MIN)).toBeLessThan(BACKENDS_CLOCK_WAIT_MS + 1_000);
    expect(server!.requests.length).toBeGreaterThan(0);
  });
});
