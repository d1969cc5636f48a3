import {describe, expect, it, vi} from 'vitest';
import {sharingReads} from '../../src/queries/shared-requests.ts';

describe('sharingReads', () => {
  it('asks once for the same read in flight, again once it answered, and apart for other arguments', async () => {
    let answer: (v: unknown) => void = () => {};
    const source = {
      listAlerts: vi.fn(() => new Promise((resolve) => (answer = resolve))),
      readRatios: vi.fn(async (slos: unknown[], windows: unknown[], at: number) => ({slos, windows, at})),
      createSilence: vi.fn(async () => 'id'),
      close: vi.fn(async () => {}),
    };
    const shared = sharingReads(source);
    const a = shared.listAlerts();
    const b = shared.listAlerts();
    expect(source.listAlerts).toHaveBeenCalledTimes(1);
    answer({value: [], warnings: []});
    expect(await a).toBe(await b);
    const c = shared.listAlerts();
    expect(source.listAlerts).toHaveBeenCalledTimes(2);
    answer({value: [], warnings: []});
    await c;
    // Reads of one poll, milliseconds apart in one second, are one question; other SLOs or
    // windows, or another instant (the past of time travel), are another.
    await Promise.all([
      shared.readRatios(['x'], ['1h'], 60_001),
      shared.readRatios(['x'], ['1h'], 60_002),
      shared.readRatios(['y'], ['1h'], 60_001),
      shared.readRatios(['x'], ['1h'], 60_001 - 7_200_000),
    ]);
    expect(source.readRatios.mock.calls.map((c) => [c[0], c[2]])).toEqual([[['x'], 60_001], [['y'], 60_001], [['x'], 60_001 - 7_200_000]]);
    // Writes are never shared.
    await Promise.all([shared.createSilence(), shared.createSilence()]);
    expect(source.createSilence).toHaveBeenCalledTimes(2);
  });

  it('leaves absent what the adapter lacks, and shares a failure with the readers in flight only', async () => {
    const source = {listSilences: vi.fn(async () => Promise.reject(new Error('down')))};
    const shared = sharingReads(source as {listSilences: () => Promise<unknown>; listAlerts?: () => Promise<unknown>});
    expect('listAlerts' in shared).toBe(false);
    const both = await Promise.allSettled([shared.listSilences(), shared.listSilences()]);
    expect(both.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(source.listSilences).toHaveBeenCalledTimes(1);
    await expect(shared.listSilences()).rejects.toThrow('down');
    expect(source.listSilences).toHaveBeenCalledTimes(2);
  });

  it("does not let an action's silence read join a poll's in flight (which may still wait in the request gate)", async () => {
    let answer: (v: unknown) => void = () => {};
    const source = {listSilences: vi.fn((_read?: {forAction?: boolean}) => new Promise((resolve) => (answer = resolve)))};
    const shared = sharingReads(source);
    void shared.listSilences();
    const action = shared.listSilences({forAction: true});
    expect(source.listSilences.mock.calls).toEqual([[], [{forAction: true}]]);
    answer({value: [], warnings: []});
    await action;
  });

  it("sends every action's silence read as its own request: one sent before a write would not show it", async () => {
    const source = {listSilences: vi.fn(async (_read?: {forAction?: boolean}) => ({value: [], warnings: []}))};
    const shared = sharingReads(source);
    await Promise.all([shared.listSilences({forAction: true}), shared.listSilences({forAction: true})]);
    expect(source.listSilences).toHaveBeenCalledTimes(2);
  });

  it("shares the polls of on-calls and of panels in flight too, panels apart when the definitions differ", async () => {
    const source = {
      listOncalls: vi.fn(async () => ({value: [], warnings: []})),
      readPanels: vi.fn(async (panels: unknown[], at: number) => ({panels, at})),
    };
    const shared = sharingReads(source);
    await Promise.all([shared.listOncalls(), shared.listOncalls()]);
    expect(source.listOncalls).toHaveBeenCalledTimes(1);
    // Panels at one instant (to the second) are one question; other panels or another instant are not.
    await Promise.all([
      shared.readPanels([{name: 'rps'}], 1),
      shared.readPanels([{name: 'rps'}], 2),
      shared.readPanels([{name: 'p99'}], 1),
      shared.readPanels([{name: 'rps'}], 1 - 7_200_000),
    ]);
    expect(source.readPanels).toHaveBeenCalledTimes(3);
  });

  it('shares a sparkline read of the same range only: a range ending in the past is its own request', async () => {
    const source = {readHistory: vi.fn(async (slo: string, from: number, to: number, step: number) => ({slo, from, to, step}))};
    const shared = sharingReads(source);
    const NOW = 7_200_500;
    await Promise.all([
      shared.readHistory('api', NOW - 3_600_000, NOW, 300),
      shared.readHistory('api', NOW + 3 - 3_600_000, NOW + 3, 300),
      shared.readHistory('api', NOW - 7_200_000, NOW - 3_600_000, 300),
    ]);
    expect(source.readHistory.mock.calls.map((c) => c[2])).toEqual([NOW, NOW - 3_600_000]);
  });
});
