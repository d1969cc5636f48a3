import {describe, expect, it} from 'vitest';
import {evaluateSlo} from '../../../src/domain/slo-math.ts';
import type {SloDefinition, SloReport, WindowRatio} from '../../../src/domain/slo.ts';
import {budgetBar, burnTone, sloTable, trendLine} from '../../../src/view/rows/slo-rows.ts';
import {flatRatios, makeSlo, T0, PAGING_RATIOS} from '../../queries/fakes.ts';
import {HOSTILE, rawControl} from '../hostile.ts';

function report(def: SloDefinition, ratios: WindowRatio[]): SloReport {
  return evaluateSlo(def, {slo: def.name, at: T0, ratios});
}

const pagingRatios = [...PAGING_RATIOS];

const cells = (r: {cells: Array<{text: string; tone?: string}>}) => r.cells.map((c) => [c.text, c.tone]);

describe('sloTable', () => {
  it('has the documented columns: status, name, objective, SLI, budget, seven windows, exhaustion, trend', () => {
    const table = sloTable([]);
    expect(table.columns.map((c) => c.header)).toEqual(['STATUS', 'SLO', 'OBJ', 'SLI', 'BUDGET LEFT', '5m', '30m', '1h', '2h', '6h', '1d', '3d', 'EXHAUSTS', '1h BURN 6h']);
    expect(table.columns.filter((c) => c.flex).map((c) => c.id)).toEqual(['name']);
    expect(table.rows).toEqual([]);
  });

  it('writes a paging SLO with exact cells and tones, the tripping pair in words', () => {
    const table = sloTable([report(makeSlo({name: 'api-availability'}), pagingRatios)]);
    expect(table.rows).toHaveLength(1);
    const row = table.rows[0]!;
    expect(row.key).toBe('api-availability');
    expect(row.tone).toBe('critical');
    expect(cells(row)).toEqual([
      ['✖ PAGE 1h&5m', 'critical'],
      ['api-availability', 'text'],
      ['99.9%', 'muted'],
      ['99.960%', 'text'],
      ['█████░░░ 60.0%', 'ok'],
      ['20.0×', 'critical'],
      ['20.0×', 'critical'],
      ['20.0×', 'critical'],
      ['5.00×', 'warn'],
      ['3.00×', 'warn'],
      ['1.00×', 'ok'],
      ['0.50×', 'ok'],
      ['21h 36m', 'critical'],
      ['', 'critical'],
    ]);
  });

  it('widens the status column to show a long pair whole (Pyrra windows scaled to a 30-day period), up to 24 cells', () => {
    const paging = report(makeSlo({name: 'api-availability'}), pagingRatios);
    const statusWidth = (reports: SloReport[]) => sloTable(reports).columns.find((c) => c.id === 'status')!.width;
    expect(statusWidth([paging])).toBe(16);
    const scaled = {...paging, status: 'ticket' as const, trippedBy: '1d1h43m&2h9m'};
    expect(sloTable([scaled]).rows[0]!.cells[0]!.text).toBe('▲ TICKET 1d1h43m&2h9m');
    expect(statusWidth([paging, scaled])).toBe('▲ TICKET 1d1h43m&2h9m'.length);
    expect(statusWidth([{...scaled, trippedBy: '4d6h51m12s&6h26m30s'}])).toBe(24);
  });

  it('writes no data as such, never as zero', () => {
    const row = sloTable([report(makeSlo({name: 'quiet'}), flatRatios(null))]).rows[0]!;
    expect(row.tone).toBe('muted');
    expect(cells(row)).toEqual([
      ['? NO DATA', 'muted'],
      ['quiet', 'text'],
      ['99.9%', 'muted'],
      ['—', 'text'],
      ['—', 'muted'],
      ...Array.from({length: 7}, () => ['—', 'muted']),
      ['—', 'muted'],
      ['', 'muted'],
    ]);
  });

  it('says an SLO whose own query was refused apart from a quiet no data, in the critical tone', () => {
    const def = makeSlo({name: 'grpc-latency'});
    const refused = evaluateSlo(def, {slo: def.name, at: T0, ratios: flatRatios(null), error: 'Prometheus refused its query (HTTP 400): unknown function'});
    expect(refused).toMatchObject({status: 'unknown', error: 'Prometheus refused its query (HTTP 400): unknown function'});
    const row = sloTable([refused]).rows[0]!;
    expect(row.tone).toBe('critical');
    expect(row.cells[0]).toEqual({text: '✖ QUERY REFUSED', tone: 'critical'});
  });

  it('says an SLO left unknown by windows it could not read apart from a refused query; a page read still pages', () => {
    const def = makeSlo({name: 'checkout'});
    const unread = (ratios: readonly WindowRatio[]): WindowRatio[] =>
      ratios.map((r) => (r.window === '3d' || r.window === 'period' ? {window: r.window, ratio: null, unread: 'prom /api/v1/query: no answer within 15000 ms'} : r));
    const calm = evaluateSlo(def, {slo: def.name, at: T0, ratios: unread(flatRatios(0.0001))});
    expect(calm).toMatchObject({status: 'unknown', unread: ['3d', 'period']});
    // UNKNOWN, as for a source that did not answer, with the windows: PARTIAL says a partial response.
    expect(sloTable([calm]).rows[0]!.cells[0]).toEqual({text: '? UNKNOWN (3d, period unread)', tone: 'critical', narrow: '? UNKNOWN'});
    // The column grows to say the windows whole.
    expect(sloTable([calm]).columns.find((c) => c.id === 'status')!.width).toBe('? UNKNOWN (3d, period unread)'.length);
    const paging = evaluateSlo(def, {slo: def.name, at: T0, ratios: unread([...PAGING_RATIOS])});
    // It pages on what was read, its figures missing the unread windows: `◐` says so.
    expect(paging.status).toBe('page');
    expect(paging.unread).toEqual(['3d', 'period']);
    expect(sloTable([paging]).rows[0]!.cells[0]).toEqual({text: '✖ PAGE ◐ 1h&5m', tone: 'critical'});
    const ticketing = evaluateSlo(def, {slo: def.name, at: T0, ratios: unread(flatRatios(0.004))});
    expect(ticketing).toMatchObject({status: 'ticket', unread: ['3d', 'period']});
    expect(sloTable([ticketing]).rows[0]!.cells[0]).toMatchObject({text: expect.stringMatching(/^▲ TICKET ◐ \S/), tone: 'warn'});
    // Read whole, no mark.
    const whole = evaluateSlo(def, {slo: def.name, at: T0, ratios: [...PAGING_RATIOS]});
    expect(sloTable([whole]).rows[0]!.cells[0]).toEqual({text: '✖ PAGE 1h&5m', tone: 'critical'});
  });

  it('says an SLO whose 5m window emptied while 1h burns past 14.4 (the service stopped reporting) unknown, naming the empty window', () => {
    const def = makeSlo({name: 'gone'});
    const ratios = PAGING_RATIOS.map((r) => (r.window === '5m' ? {window: r.window, ratio: null} : r));
    const gone = evaluateSlo(def, {slo: def.name, at: T0, ratios});
    expect(gone).toMatchObject({status: 'unknown', undecided: ['5m'], error: '5m has no series while 1h burns 20.0× (1h&5m may page)'});
    expect(sloTable([gone]).rows[0]!.cells[0]).toEqual({text: '? UNKNOWN (5m no series)', tone: 'critical', narrow: '? UNKNOWN'});
    // Not a refused query, and never a green OK.
    expect(sloTable([gone]).rows[0]!.cells[0]!.text).not.toMatch(/REFUSED|OK/);
  });

  it('marks the rows of an answer read in part: an ok or no data is PARTIAL and not green, a page stays a page', () => {
    const ok = report(makeSlo({name: 'ok'}), flatRatios(0.0001));
    const quiet = report(makeSlo({name: 'quiet'}), flatRatios(null));
    const paging = report(makeSlo({name: 'paging'}), pagingRatios);
    const byName = (partial: boolean) => new Map(sloTable([ok, quiet, paging], new Map(), undefined, partial).rows.map((r) => [r.key, r.cells[0]]));
    const partial = byName(true);
    expect(partial.get('ok')).toEqual({text: '◐ OK PARTIAL', tone: 'warn'});
    expect(partial.get('quiet')).toEqual({text: '? NO DATA PARTIAL', tone: 'warn'});
    expect(partial.get('paging')).toMatchObject({text: expect.stringMatching(/^✖ PAGE .* PARTIAL$/), tone: 'critical'});
    expect(byName(false).get('ok')).toEqual({text: '✔ OK', tone: 'ok'});
  });

  it('orders worst first and draws the 6-hour history as a 12-cell sparkline', () => {
    const ok = report(makeSlo({name: 'b-ok'}), flatRatios(0.0001));
    const ticket = report(makeSlo({name: 'c-ticket'}), flatRatios(0.0035));
    const page = {...report(makeSlo({name: 'z-page'}), pagingRatios), history: [0, 0.5, 1, 2, 4, 8, 14.4, 20].map((burnRate, i) => ({at: T0 + i, burnRate}))};
    const table = sloTable([ok, ticket, page]);
    expect(table.rows.map((r) => r.key)).toEqual(['z-page', 'c-ticket', 'b-ok']);
    expect(table.rows.map((r) => r.cells[0]!.text)).toEqual(['✖ PAGE 1h&5m', '▲ TICKET 1d&2h', '✔ OK']);
    expect(table.rows[0]!.cells[13]!.text).toBe('    ▁▂▂▂▃▄▇█');
    expect(table.rows[1]!.cells[13]!.text).toBe('');
  });

  it('escapes control and bidi characters in SLO names', () => {
    const row = sloTable([report(makeSlo({name: HOSTILE}), flatRatios(0.0001))]).rows[0]!;
    expect(row.cells[1]!.text).toBe('pwn␛[2J␛]52;c;ZWNobyBoaQ==\\x07bell\\x07cr\\x0drtl\\u202egnp.exe');
    for (const c of row.cells) expect(rawControl(c.text)).toBeNull();
  });
});

describe('burnTone', () => {
  it('colours by the table thresholds: above 6× critical, above 1× warn, else ok, unknown muted', () => {
    expect([null, 0, 1, 1.01, 6, 6.01, 14.4, 14.5].map(burnTone)).toEqual(['muted', 'ok', 'ok', 'warn', 'warn', 'critical', 'critical', 'critical']);
  });
});

describe('budgetBar', () => {
  it('draws eight cells and the percentage, and marks an overspent budget', () => {
    expect(budgetBar(null)).toBe('—');
    expect(budgetBar(1)).toBe('████████ 100.0%');
    expect(budgetBar(0.571)).toBe('█████░░░ 57.1%');
    expect(budgetBar(0)).toBe('░░░░░░░░ 0.0%');
    expect(budgetBar(-0.5)).toBe('░░░░░░░░ -50.0%!');
    expect(budgetBar(-9.99)).toBe('░░░░░░░░ -999%!');
    // Always within the 16-cell column, overspent marker included.
    expect(Math.max(...[1, 0.571, -0.5, -0.999, -1, -9.99, -99].map((r) => budgetBar(r).length))).toBe(16);
  });
});

describe('the trend column and the suspect deploy', () => {
  const MIN = 60_000;
  const deploy = {id: 'd', service: 'api', version: 'v2', environment: 'p', status: 'success' as const, startedAt: 0, author: 'a', url: null};
  // Six hours at five-minute steps: calm at 0.5×, then a burn of 20× in the last three points.
  const history = Array.from({length: 72}, (_, i) => ({at: T0 - (71 - i) * 5 * MIN, burnRate: i >= 69 ? 20 : 0.5}));

  it('puts ⚑ between the cells before and after a recent deploy, keeping the newest cell (the spike) visible', () => {
    const recent = {...deploy, startedAt: T0 - 12 * MIN};
    const trend = sloTable([{...report(makeSlo({name: 'api-availability'}), pagingRatios), history}], new Map([['checkout', recent]])).rows[0]!.cells.at(-1)!.text;
    expect([...trend]).toHaveLength(12);
    expect(trend).toBe('▂▂▂▂▂▂▂▂▂▂⚑█');
  });

  it('draws both sides on one scale and nothing extra for a deploy outside the span or none', () => {
    expect(trendLine(history, {...deploy, startedAt: T0 - 3 * 3_600_000})).toBe('▂▂▂▂▂⚑▂▂▂▂▂█');
    expect(trendLine(history, {...deploy, startedAt: T0 - 7 * 3_600_000})).toBe('▂▂▂▂▂▂▂▂▂▂▂█');
    expect(trendLine(history, undefined)).toBe('▂▂▂▂▂▂▂▂▂▂▂█');
  });
});
