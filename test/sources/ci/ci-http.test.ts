import {describe, expect, it} from 'vitest';
import {SourceFailure} from '../../../src/sources/capabilities.ts';
import {appNow, backendClock, ciFailure, durationMs} from '../../../src/sources/ci/ci-http.ts';
import {createClockSkewLog} from '../../../src/sources/http/clock-skew-log.ts';
import {excerpt, HttpFailure} from '../../../src/sources/http/http-errors.ts';

describe('ciFailure', () => {
  it('keeps the kind, quotes the provider and adds the hint', () => {
    const failure = ciFailure(new HttpFailure('bad-response', 'POST x: HTTP 422', 422, 'No ref found for: nope'), 'github a/b', () => 'check the ref');
    expect([failure.kind, failure.message]).toEqual(['bad-response', 'github a/b: rejected (HTTP 422): No ref found for: nope — check the ref']);
    expect(ciFailure(new HttpFailure('unavailable', 'GET x: HTTP 502', 502, null), 'l').message).toBe('l: server error (HTTP 502)');
    expect(ciFailure(new HttpFailure('unavailable', 'GET x: HTTP 429', 429, 'You have exceeded a secondary rate limit'), 'l').message).toBe('l: rate limited (HTTP 429): You have exceeded a secondary rate limit');
  });

  it('says when a rate-limited call may be tried again, and leaves the token hint out', () => {
    const hint = () => 'the token needs actions:read';
    const reset = Date.UTC(2026, 4, 4, 11, 15);
    // Answered 42 s before the reset, the server's clock agreeing with this machine's.
    const clock = {answeredAt: reset - 42_000, serverOffsetMs: 0};
    const limited = ciFailure(new HttpFailure('auth', 'GET x: HTTP 403', 403, 'API rate limit exceeded for user ID 1.', reset, false, clock), 'l', hint);
    expect([limited.kind, limited.message]).toEqual(['unavailable', "l: rate limited (HTTP 403): API rate limit exceeded for user ID 1. — try again in 42s (at 2026-05-04T11:15:00Z by the server's clock)"]);
    // A spent quota is a rate limit even when a proxy rewrote the message.
    expect(ciFailure(new HttpFailure('auth', 'GET x: HTTP 403', 403, 'Forbidden', reset + 400, false, clock), 'l', hint).message).toBe("l: rate limited (HTTP 403): Forbidden — try again in 43s (at 2026-05-04T11:15:01Z by the server's clock)");
    expect(ciFailure(new HttpFailure('unavailable', 'GET x: HTTP 429', 429, null), 'l').message).toBe('l: rate limited (HTTP 429)');
    expect(ciFailure(new HttpFailure('auth', 'GET x: HTTP 403', 403, 'Resource not accessible by integration'), 'l', hint).message).toBe(
      'l: not authorized (HTTP 403): Resource not accessible by integration — the token needs actions:read',
    );
  });

  it('says the wait by the clock the reset was read by, and the instant by the server\'s clock, never this machine\'s time of day', () => {
    // This machine's clock is an hour behind the server's: the reset, read by it, is at 10:15 here
    // but 11:15 on the server. Neither the wait nor the instant said depends on which is right.
    const here = Date.UTC(2026, 4, 4, 10, 14, 18);
    const failure = ciFailure(new HttpFailure('auth', 'GET x: HTTP 403', 403, 'API rate limit exceeded', here + 42_000, false, {answeredAt: here, serverOffsetMs: 3_600_000}), 'l');
    expect(failure.message).toBe("l: rate limited (HTTP 403): API rate limit exceeded — try again in 42s (at 2026-05-04T11:15:00Z by the server's clock)");
    expect(failure.message).not.toContain('10:15');
    // An answer without a Date: the wait alone.
    expect(ciFailure(new HttpFailure('unavailable', 'GET x: HTTP 429', 429, null, here + 90_000, false, {answeredAt: here, serverOffsetMs: null}), 'l').message).toBe('l: rate limited (HTTP 429) — try again in 1m30s');
  });

  it('prefixes other failures once', () => {
    expect(ciFailure(new SourceFailure('timeout', 'GET x: no answer'), 'l').message).toBe('l: GET x: no answer');
    expect(ciFailure(new SourceFailure('bad-response', 'l: already'), 'l').message).toBe('l: already');
    expect(ciFailure(new Error('boom'), 'l')).toEqual(new SourceFailure('unavailable', 'l: boom'));
  });

  it('reads configured durations with a fallback', () => {
    expect([durationMs('30s'), durationMs(undefined), durationMs('soon'), durationMs(undefined, 60_000)]).toEqual([30_000, 10_000, 10_000, 60_000]);
  });
});

describe('backendClock', () => {
  it("is this machine's clock plus the skew of the provider's own answers, an earlier machine instant converted when used", () => {
    let machine = 1_000_000;
    const clock = backendClock({now: () => machine});
    const sent = clock.machine();
    expect(clock.now()).toBe(1_000_000);
    // The provider's answer (noted by its client through clock.deps) says its server is two minutes behind.
    machine += 500;
    clock.deps.clock!.note(new Date(Date.now() - 120_000).toUTCString(), Date.now());
    expect(clock.now()).toBe(machine - 120_000);
    expect(clock.ofMachine(sent)).toBe(sent - 120_000);
  });

  it("does not take the runtime's skew, the median of every backend's, for the provider's; its answers still feed the runtime's", () => {
    const shared = createClockSkewLog();
    for (let i = 0; i < 15; i++) shared.note(new Date(Date.now() - 120_000).toUTCString(), Date.now());
    const clock = backendClock({now: () => 42, clock: shared});
    // Nothing of the provider's read yet: this machine's clock, not Prometheus'.
    expect(clock.now()).toBe(42);
    for (let i = 0; i < 15; i++) clock.deps.clock!.note(new Date(Date.now()).toUTCString(), Date.now());
    expect(clock.now()).toBe(42);
    expect(shared.skewMs()).toBe(0);
  });
});

describe('appNow', () => {
  it("is this machine's clock plus the runtime's skew, read when used", () => {
    const shared = createClockSkewLog();
    const now = appNow({now: () => 1_000_000, clock: shared});
    expect(now()).toBe(1_000_000);
    shared.note(new Date(Date.now() - 120_000).toUTCString(), Date.now());
    expect(now()).toBe(1_000_000 - 120_000);
    expect(appNow({now: () => 42})()).toBe(42);
  });
});
