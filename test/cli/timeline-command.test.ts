import {afterAll, describe, expect, it} from 'vitest';
import {configText, run, tempDir} from './cli-fixtures.ts';

describe('oncall timeline, handover and status --at: usage', () => {
  const files = tempDir();
  // Nothing listens there: a part that cannot be read must be named, never silently empty.
  const config = files.write('config.yaml', configText('http://127.0.0.1:9'));
  afterAll(() => files.cleanup());

  it('refuses a range it cannot read, naming the flag (exit 2)', async () => {
    expect(await run(['timeline', '--since', '2h', '--from', '1h', '--config', config], {HOME: files.dir})).toMatchObject({code: 2, err: '--since cannot be combined with --from/--to\n'});
    const noZone = await run(['timeline', '--from', '2026-12-04T03:00:00', '--config', config], {HOME: files.dir});
    expect(noZone.code).toBe(2);
    expect(noZone.err).toContain('--from: "2026-12-04T03:00:00" is neither an RFC 3339 time with a zone');
    expect(await run(['status', '--at', 'yesterday', '--config', config], {HOME: files.dir})).toMatchObject({code: 2});
    // The dashboard refuses it the same way, before it takes the terminal.
    expect(await run(['demo', '--at', 'yesterday'], {HOME: files.dir})).toMatchObject({code: 2, err: expect.stringContaining('--at: "yesterday" is neither an RFC 3339 time')});
    // A future instant has no data yet: refused by both, naming the flag, before any screen or document.
    expect(await run(['status', '--at', '2999-01-01T00:00:00Z', '--config', config], {HOME: files.dir})).toMatchObject({code: 2, out: '', err: expect.stringContaining('--at: 2999-01-01T00:00:00.000Z is in the future')});
    expect(await run(['demo', '--at', '2999-01-01T00:00:00Z'], {HOME: files.dir})).toMatchObject({code: 2, out: '', err: expect.stringContaining('--at: 2999-01-01T00:00:00.000Z is in the future')});
    expect((await run(['timeline', '--format', 'pdf', '--config', config], {HOME: files.dir})).code).toBe(2);
    // Seven runs of the CLI: room for a loaded machine.
  }, 60_000);

  it('refuses a --service nothing names, as whoison does: exit 2, the known services on stderr, nothing on stdout', async () => {
    const typo = await run(['timeline', '--demo', '--service', 'chekout'], {HOME: files.dir});
    expect(typo.code).toBe(2);
    expect(typo.out).toBe('');
    expect(typo.err).toMatch(/^timeline: no configured service and no event in the range is named chekout \(known: [^)]*\bcheckout\b[^)]*\)\n$/);
    // A name the demo's SLOs use is no typo.
    const known = await run(['timeline', '--demo', '--service', 'checkout'], {HOME: files.dir});
    expect(known.code).toBe(0);
    expect(known.out).toContain('checkout');
  }, 60_000);

  it('says which part is missing when Prometheus cannot be reached (exit 3)', async () => {
    const {code, out} = await run(['timeline', '--since', '1h', '--format', 'json', '--config', config], {HOME: files.dir});
    expect(code).toBe(3);
    const doc = JSON.parse(out) as {missing: Array<{part: string; source: string; reason: string}>; events: unknown[]};
    expect(doc.missing.map((g) => [g.part, g.source])).toEqual([['alerts', 'prometheus'], ['slos', 'prometheus']]);
    expect(doc.missing[0]?.reason).toMatch(/unavailable|refused/i);
    const md = await run(['handover', '--config', config], {HOME: files.dir});
    expect(md.code).toBe(3);
    expect(md.out).toContain('> **Missing:** alerts from prometheus:');
    // Each section read from it says so where it is read, never "nothing".
    expect(md.out).toContain('\n### Paged: unknown (prometheus unavailable)\n### Still firing: unknown (prometheus unavailable)\n');
    expect(md.out).toContain('\n### SLO budget spent: unknown (prometheus unavailable)\n');
    const past = await run(['status', '--at', '30m', '--config', config], {HOME: files.dir});
    expect(past.code).toBe(3);
    expect(past.out).toContain('\nAlerts: UNKNOWN, no alert source could be read (prometheus)\n');
  }, 60_000);

  it('reads every context of the selection, each gap naming its context', async () => {
    const {code, out} = await run(['timeline', '--all-contexts', '--since', '1h', '--format', 'json', '--config', config], {HOME: files.dir});
    expect(code).toBe(3);
    const doc = JSON.parse(out) as {missing: Array<{part: string; context: string; source: string}>};
    expect(doc.missing.map((g) => [g.context, g.part, g.source])).toEqual([
      ['local', 'alerts', 'prometheus'],
      ['local', 'slos', 'prometheus'],
      ['staging', 'alerts', ''],
      ['staging', 'silences', 'am-staging'],
    ]);
  }, 60_000);
});
