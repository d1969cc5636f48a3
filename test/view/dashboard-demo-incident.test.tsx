/**
 * The demo's scripted incident, end to end through the real Dashboard: the suspect deploy is
 * marked, the rollback is confirmed with the keys a user presses, the run progresses, and as the
 * clock moves on the burn rate recovers and the alert resolves. One fake clock drives both the
 * demo environment and the dashboard (vitest fakes Date and the timers query-core polls with).
 */
import {describe, expect, it, vi} from 'vitest';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard, type Harness} from './dashboard-harness.tsx';

let harness: Harness | null = null;

dashboardTestHooks();

const line = (frame: string, ...parts: string[]) => frame.split('\n').find((l) => parts.every((p) => l.includes(p))) ?? '';

/** The 5m, 30m and 1h burn cells of the checkout-availability row, and its status. */
function checkoutSlo(frame: string): {status: string; burn5m: string; burn30m: string; burn1h: string} {
  const row = line(frame, 'checkout-availability');
  const m = /[›\s]\s?(.+?)\s{2,}checkout-availability\s+\S+ [\d.]+%\s+(\S+)\s+(\S+)\s+(\S+)/.exec(row);
  if (!m) throw new Error(`no checkout-availability row in:\n${frame}`);
  return {status: m[1]!.trim(), burn5m: m[2]!, burn30m: m[3]!, burn1h: m[4]!};
}

/**
 * Moves the fake clock to `at`; every poll due on the way runs (query-core's timers are fake),
 * and the screen is redrawn every 30 s of clock. The panes then show the last poll before `at`:
 * at most 5 s old for SLOs and alerts, 2 s for the run.
 */
async function advanceTo(at: number): Promise<string> {
  while (Date.now() < at) {
    await vi.advanceTimersByTimeAsync(Math.min(30_000, at - Date.now()));
    await harness!.settle();
  }
  return harness!.lastFrame();
}

describe('oncall demo: the scripted incident resolves end to end', () => {
  // About 7 s on a quiet machine; the limit is for a loaded one (seen: 35–55 s with other test runs beside it).
  it('suspect marked → rollback confirmed → run queued, running, done → burn recovers → alert resolves', {timeout: 120_000}, async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    // 80x24-style: the focused pane is expanded, the others are one-line summaries.
    harness = await renderDashboard(demo.services, {rows: 24});
    let frame = await harness.waitFor((f) => f.includes('checkout-availability') && f.includes('2 Alerts (7)'), 'demo data');
    expect(checkoutSlo(frame)).toEqual({status: '✖ PAGE 1h&5m', burn5m: '100×', burn30m: '40.2×', burn1h: '20.3×'});
    await harness.press('2');
    frame = await harness.waitFor((f) => f.includes('CheckoutHighErrorRate'), 'alerts');

    // What changed? The bad release is marked, its predecessor is not.
    await harness.press('3');
    frame = await harness.waitFor((f) => f.includes('▶ 3 Deploys') && f.includes('v2.13.2'), 'deploys');
    expect(line(frame, 'checkout', 'v2.14.0', 'production')).toMatch(/⚑ SUSPECT║$/);
    expect(line(frame, 'checkout', 'v2.13.2', 'production')).not.toContain('SUSPECT');

    // R on the suspect deploy: the preview, then the typed confirmation.
    await harness.press('R');
    frame = await harness.waitFor((f) => f.includes('ROLL BACK checkout?'), 'rollback preview');
    expect(frame).toContain('from → to     v2.14.0 → v2.13.2');
    expect(frame).toContain('sends         the demo CI, simulated: nothing leaves this machine');
    expect(frame).toContain('              queued for 2s, then running, done 10s after the confirmation');
    await harness.press('checkout');
    await harness.press('\r');
    frame = await harness.waitFor((f) => f.includes('rollback of checkout to v2.13.2 started (queued)'), 'started');
    const triggeredAt = (await demo.ci.getRun('demo-run-1')).updatedAt;
    const fixedAt = triggeredAt + 10_000;

    // The run in the deploy pane: queued for 2 s, running until 10 s, then done.
    expect(frame).toContain('ROLLBACK … queued: checkout v2.14.0 → v2.13.2 (0s ago)  https://ci.example.com/checkout/rollbac');
    frame = await harness.waitFor((f) => f.includes('ROLLBACK ↻ running: checkout v2.14.0 → v2.13.2'), 'running', 3000);
    expect(Date.now()).toBeGreaterThanOrEqual(triggeredAt + 2000);
    frame = await advanceTo(fixedAt - 2000);
    expect(frame).toContain('ROLLBACK ↻ running: checkout v2.14.0 → v2.13.2');
    frame = await advanceTo(fixedAt);
    expect(frame).toContain('ROLLBACK ✔ done: checkout v2.14.0 → v2.13.2');
    // The rollback is now the newest deploy of checkout.
    expect(line(frame, 'checkout', 'v2.13.2', 'production')).toContain('oncall (r');

    // The alert fires on the 1m error ratio: it clears half a minute after the fix.
    await harness.press('2');
    frame = await advanceTo(fixedAt + 60_000);
    expect(frame).not.toContain('CheckoutHighErrorRate');
    // The incident it paged resolved with it (Alertmanager sent the resolve).
    expect(frame).not.toContain('PD #4217');
    // The payments symptom it inhibited went with it; the unrelated alerts stay.
    expect(frame).not.toContain('PaymentsUpstreamLatency');
    expect(frame).toContain('▶ 2 Alerts (4)');
    expect(frame).toContain('SearchLatencyBudgetBurn');

    // Four minutes after the fix the 5m window still holds a minute of 2 % errors: still paging.
    await harness.press('1');
    frame = await advanceTo(fixedAt + 4 * 60_000);
    expect(checkoutSlo(frame).status).toBe('✖ PAGE 1h&5m');
    // From 4m18s the 5m burn is under 14.4×: 1h&5m no longer both exceed it, the page is gone
    // (the SLO read shown at 4m30s is from 4m25s at the earliest).
    frame = await advanceTo(fixedAt + 4.5 * 60_000);
    const halfway = checkoutSlo(frame);
    expect(Number.parseFloat(halfway.burn5m)).toBeLessThan(14.4);
    expect(Number.parseFloat(halfway.burn1h)).toBeGreaterThan(14.4);
    expect(halfway.status).not.toContain('PAGE');
    // After five minutes the 5m window is clean: back to the 0.4× baseline (read at 5m or later).
    frame = await advanceTo(fixedAt + 5 * 60_000 + 5000);
    const recovered = checkoutSlo(frame);
    expect(recovered.burn5m).toBe('0.40×');
    expect(recovered.status).toBe('✔ OK');
    expect(frame).not.toContain('CheckoutHighErrorRate');
  });
});
