/**
 * One SLO verdict, read by every view: the row's cells, the detail lines and `status --json` all
 * take status, pair, burn rates and each window's level from `evaluateSlo`, never re-deciding.
 */
import {describe, expect, it} from 'vitest';
import {evaluateSlo} from '../../../src/domain/slo-math.ts';
import type {SloDefinition, SloReport, WindowRatio} from '../../../src/domain/slo.ts';
import {sanitize} from '../../../src/domain/sanitize.ts';
import {buildStatusDocument} from '../../../src/domain/status-document.ts';
import {sloDetails} from '../../../src/view/rows/detail-lines.ts';
import {levelTone, sloTable} from '../../../src/view/rows/slo-rows.ts';
import {flatRatios, makeSlo, PAGING_RATIOS, T0} from '../../queries/fakes.ts';
import {HOSTILE, rawControl} from '../hostile.ts';

const judge = (def: SloDefinition, ratios: WindowRatio[], error?: string): SloReport =>
  evaluateSlo(def, {slo: def.name, at: T0, ratios, ...(error === undefined ? {} : {error})});

// A Pyrra SLO (99 %, 28 days) burning 6.5× everywhere: above Pyrra's 2× ticket factor, under its 7× page factor.
const pyrra = makeSlo({name: 'pyrra-6.5x', objective: 99, window: '28d', source: 'pyrra'});
const pyrraAt65 = () => judge(pyrra, [...flatRatios(0.065), {window: '4d', ratio: 0.065}]);

const burnCells = (r: SloReport) => sloTable([r]).rows[0]!.cells.slice(5, 12);
const detailWindows = (r: SloReport) => sloDetails(r).filter((l) => /^ {2}\S/.test(l.label) && l.value.includes('error ratio'));

describe('the SLO verdict read by rows, details and status --json', () => {
  it('paints a Pyrra SLO at 6.5× by its own factors: a ticket, no cell critical (its page factor is 7)', () => {
    const r = pyrraAt65();
    expect([r.status, r.trippedBy, r.table.name]).toEqual(['ticket', '1d&2h', 'pyrra']);
    const row = sloTable([r]).rows[0]!;
    expect(row.cells[0]).toEqual({text: '▲ TICKET 1d&2h', tone: 'warn'});
    expect(burnCells(r).map((c) => [c.text, c.tone])).toEqual(Array.from({length: 7}, () => ['6.50×', 'warn']));
    // The same rate against the Workbook's 6× does page, and its cells are critical.
    const workbook = judge(makeSlo({name: 'wb-6.5x', objective: 99}), flatRatios(0.065));
    expect([workbook.status, workbook.trippedBy]).toEqual(['page', '6h&30m']);
    expect(burnCells(workbook).map((c) => c.tone)).toEqual(Array.from({length: 7}, () => 'critical'));
  });

  it("names a Pyrra SLO's pairs and factors in its details and tones each window by its level", () => {
    const r = pyrraAt65();
    const lines = sloDetails(r);
    expect(lines.find((l) => l.label === 'burn table')?.value).toBe("Pyrra's: page 1h&5m > 14×, page 6h&30m > 7×, ticket 1d&2h > 2×, ticket 4d&6h > 1×");
    expect(detailWindows(r).map((l) => [l.label.trim(), l.tone])).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d', '4d'].map((w) => [w, 'warn']));
    // The Workbook is the default the README states: no line for it.
    expect(sloDetails(judge(makeSlo({name: 'wb'}), [...PAGING_RATIOS])).some((l) => l.label === 'burn table')).toBe(false);
  });

  it('names the scaled Workbook factors of an SLO whose window is not 30 days', () => {
    const lines = sloDetails(judge(makeSlo({name: 'wb-28d', window: '28d'}), [...PAGING_RATIOS]));
    expect(lines.find((l) => l.label === 'burn table')?.value).toBe("the Workbook's for 28d: page 1h&5m > 13.44×, page 6h&30m > 5.6×, ticket 1d&2h > 2.8×, ticket 3d&6h > 0.93×");
  });

  it('shows the measured error ratio of a 100 % objective, never NaN, and an infinite burn that pages everywhere', () => {
    const r = judge(makeSlo({name: 'perfect', objective: 100}), flatRatios(0.001));
    const byLabel = Object.fromEntries(sloDetails(r).map((l) => [l.label, l.value]));
    expect(byLabel['objective']).toBe('100% over 30d (error budget 0.000%)');
    expect(byLabel['  1h']).toBe('∞  (error ratio 0.1000%)');
    expect(sloDetails(r).some((l) => /NaN/.test(l.value))).toBe(false);
    expect([r.status, r.trippedBy]).toEqual(['page', '1h&5m']);
    // status --json has no infinity: not null ("no data"), but the largest number, above every factor.
    const doc = buildStatusDocument({context: 'c', now: T0, sources: [], slos: [r], alerts: [], deploys: [], suspectWindowMs: 0});
    expect(doc.slos[0]!.burnRates['1h']).toBe(Number.MAX_VALUE);
    expect(JSON.parse(JSON.stringify(doc)).slos[0].burnRates['1h']).toBeGreaterThan(14.4);
    expect(doc.slos[0]!.errorBudgetRemaining).toBe(-Number.MAX_VALUE);
  });

  it('agrees on status, pair, burn rates and window levels for page, ticket, ok, no data and unknown', () => {
    const reports = [
      judge(makeSlo({name: 'a-page'}), [...PAGING_RATIOS]),
      pyrraAt65(),
      judge(makeSlo({name: 'c-ok'}), flatRatios(0.0001)),
      judge(makeSlo({name: 'd-quiet'}), flatRatios(null)),
      judge(makeSlo({name: 'e-refused'}), [], 'Prometheus refused its query (HTTP 400): parse error'),
    ];
    const doc = buildStatusDocument({context: 'c', now: T0, sources: [], slos: reports, alerts: [], deploys: [], suspectWindowMs: 0});
    const rows = new Map(sloTable(reports).rows.map((row) => [row.key, row]));
    const words = {page: '✖ PAGE', ticket: '▲ TICKET', ok: '✔ OK', 'no-data': '? NO DATA', unknown: '✖ QUERY REFUSED'};
    for (const [i, r] of reports.entries()) {
      const json = doc.slos[i]!;
      const row = rows.get(r.definition.name)!;
      const status = sloDetails(r).find((l) => l.label === 'status')!.value;
      expect([json.status, json.trippedBy], r.definition.name).toEqual([r.status, r.trippedBy]);
      expect(status).toBe(r.trippedBy ? `${r.status} (tripped by ${r.trippedBy})` : r.status);
      expect(row.cells[0]!.text).toBe(r.trippedBy ? `${words[r.status]} ${r.trippedBy}` : words[r.status]);
      expect(Object.entries(json.burnRates)).toEqual(r.windows.map((v) => [v.window, v.burnRate]));
      expect(burnCells(r).map((c) => c.tone)).toEqual(r.windows.slice(0, 7).map((v) => levelTone(v.level)));
      expect(detailWindows(r).map((l) => l.tone)).toEqual(r.windows.map((v) => levelTone(v.level)));
    }
    expect(doc.slos.map((s) => s.status)).toEqual(['page', 'ticket', 'ok', 'no-data', 'unknown']);
  });

  it("says in the details which windows a page was judged without, and why, as the row's ◐ does not", () => {
    const timeout = 'prom /api/v1/query: no answer within 15000 ms';
    const why: Record<string, string> = {'3d': timeout, period: timeout, '1d': `refused: ${HOSTILE}`};
    const unread = (ratios: readonly WindowRatio[]) => ratios.map((r) => (why[r.window] === undefined ? r : {window: r.window, ratio: null, unread: why[r.window]}));
    const paging = judge(makeSlo({name: 'checkout'}), unread(PAGING_RATIOS));
    expect(paging.status).toBe('page');
    expect(sloTable([paging]).rows[0]!.cells[0]!.text).toBe('✖ PAGE ◐ 1h&5m');
    const lines = sloDetails(paging).filter((l) => l.label === 'unread');
    // One line per reason, the windows in the report's order, a backend's words sanitized.
    expect(lines.map((l) => l.value)).toEqual([
      `the 1d window, judged without it: refused: ${sanitize(HOSTILE)}`,
      `the 3d, period windows, judged without them: ${timeout}`,
    ]);
    expect(lines.every((l) => l.tone === 'warn' && !rawControl(l.value))).toBe(true);
    // Left unknown by them, its error says them already: not said twice.
    const calm = judge(makeSlo({name: 'calm'}), unread(flatRatios(0.0001)));
    expect(calm.status).toBe('unknown');
    expect(sloDetails(calm).filter((l) => l.label === 'unread')).toEqual([]);
    expect(sloDetails(calm).find((l) => l.label === 'error')?.value).toContain('3d');
    // Read whole: no such line.
    expect(sloDetails(judge(makeSlo({name: 'whole'}), [...PAGING_RATIOS])).some((l) => l.label === 'unread')).toBe(false);
  });
});
