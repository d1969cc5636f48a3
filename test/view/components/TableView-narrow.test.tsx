import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {TableView} from '../../../src/view/components/TableView.tsx';
import {noColorPalette} from '../../../src/view/components/palette.ts';
import {evaluatePanel} from '../../../src/domain/panel.ts';
import type {TimelineEvent} from '../../../src/domain/timeline.ts';
import {perPane} from '../../../src/actions/panes.ts';
import {mergeContextTables, type ContextTables} from '../../../src/view/context-tables.ts';
import {alertTable, type AckProgress} from '../../../src/view/rows/alert-rows.ts';
import {deployTable} from '../../../src/view/rows/deploy-rows.ts';
import {panelTable} from '../../../src/view/rows/panel-rows.ts';
import {timelineTable} from '../../../src/view/rows/timeline-rows.ts';
import type {Table} from '../../../src/view/rows/row-types.ts';
import {cellWidth} from '../../../src/view/text-fit.ts';
import {makeAlert} from '../../domain/alert-fixture.ts';
import {makeDeploy, T0} from '../../queries/fakes.ts';
import {buildTables} from '../fixtures.ts';

afterEach(() => cleanup());

/** The table drawn `width` cells wide, without colour; every line checked to fit. */
function draw(table: Table, width: number): string {
  const frame = render(<TableView table={table} width={width} height={8} selected={-1} focused palette={noColorPalette} empty="" />).lastFrame() ?? '';
  for (const line of frame.split('\n')) expect(cellWidth(line)).toBeLessThanOrEqual(width);
  return frame;
}

// The alert's own row, not its group's header (`▸ CheckoutDown`).
const alertRow = (frame: string) => frame.split('\n').find((l) => l.includes('CheckoutDown') && !l.includes('▸'))!;

const checkout = () => makeAlert({fingerprint: 'f1', name: 'CheckoutDown', severity: 'critical', labels: {alertname: 'CheckoutDown', service: 'checkout'}, startsAt: T0 - 600_000});

describe('an alert pane too narrow for the ACK column', () => {
  // [progress status, the ACK column's words when wide, the STATE cell's words when narrow]
  const cases = [
    [{action: 'ack', status: 'failed', attempts: 3}, 'ACK FAILED (a)', 'ACK FAIL'],
    [{action: 'ack', status: 'unknown', attempts: 3}, 'ACK UNKNOWN (a)', 'ACK ?'],
    [{action: 'ack', status: 'partial', attempts: 3}, 'ACK PARTIAL (a)', 'ACK PART'],
    [{action: 'unack', status: 'failed', attempts: 3}, 'UNACK FAILED (u)', 'UNACK FAIL'],
    [{action: 'ack', status: 'retrying', attempts: 2}, 'ACK retry 2…', 'ACKING…'],
  ] as const;
  for (const [progress, wide, narrow] of cases) {
    it(`says ${narrow} in the STATE cell where ${wide} has no room (58 and 38 cells)`, () => {
      const table = alertTable([checkout()], T0, ['alertname'], new Map<string, AckProgress>([['f1', progress]]));
      expect(draw(table, 98)).toContain(wide);
      for (const width of [58, 38]) {
        const row = alertRow(draw(table, width));
        expect(row).toContain(`CRIT   ${narrow}`);
        expect(row).not.toContain('firing');
      }
    });
  }

  it('says NOT EXT where the keeper could not extend an ack and NOT EXTENDED has no room', () => {
    const acked = makeAlert({fingerprint: 'f1', name: 'CheckoutDown', severity: 'critical', startsAt: T0 - 600_000, ack: {by: 'primary', until: T0 + 240_000, silenceId: 's1', comment: 'on it'}});
    const table = alertTable([acked], T0, ['alertname'], new Map<string, AckProgress>([['f1', {action: 'extend', status: 'failed', attempts: 0, endsAt: T0 + 240_000}]]));
    expect(draw(table, 98)).toContain('NOT EXTENDED 4m');
    expect(alertRow(draw(table, 58))).toContain('NOT EXT');
  });

  it('says ACK PART for an ack only some Alertmanagers hold, with no ack of ours in flight', () => {
    const ack = {by: 'primary', until: T0 + 240_000, silenceId: 's1', comment: 'on it'};
    const table = alertTable([makeAlert({fingerprint: 'f1', name: 'CheckoutDown', severity: 'critical', startsAt: T0 - 600_000, partialAck: {...ack, missing: ['am-2'], holding: ['am-1'], matchers: []}})], T0, ['alertname']);
    expect(alertRow(draw(table, 98))).toContain('ACK PARTIAL (a)');
    expect(alertRow(draw(table, 58))).toContain('ACK PART');
  });

  it('stands in for the ACK column in a pane merged across contexts too (its cells one column on)', () => {
    const progress = new Map<string, AckProgress>([['f1', {action: 'ack', status: 'failed', attempts: 3}]]);
    const context = (name: string, alerts: ReturnType<typeof makeAlert>[]): ContextTables => {
      const built = buildTables({now: T0});
      return {name, production: false, alertKey: `am ${name}`, built: {...built, tables: {...built.tables, alerts: alertTable(alerts, T0, ['alertname'], progress)}}};
    };
    const merged = mergeContextTables([context('eu', [checkout()]), context('us', [])], perPane(() => []));
    const row = alertRow(draw(merged.tables.alerts, 58));
    expect(row).toContain('CRIT   ACK FAIL');
  });

  it('puts the suspect deploy on the group row in place of its count', () => {
    const table = alertTable([checkout()], T0, ['service'], new Map(), new Map([['checkout', makeDeploy({id: 'd1', service: 'checkout', version: 'v2.14.0'})]]));
    expect(draw(table, 98)).toContain('⚑ v2.14.0 (R)');
    const group = draw(table, 58).split('\n').find((l) => l.includes('▸ checkout'))!;
    expect(group).toContain('⚑ v2.14.0');
  });

  it('draws a plain firing alert as before: no stand-in text without an ack in trouble', () => {
    const row = alertRow(draw(alertTable([checkout()], T0, ['alertname']), 58));
    expect(row).toContain('CRIT   firing');
  });

  it('keeps SEV, STATE and the name at 40 columns (a terminal of 80 split in two)', () => {
    const frame = draw(alertTable([checkout()], T0, ['alertname']), 38);
    expect(frame.split('\n')[0]).toMatch(/SEV +STATE +ALERT/);
    expect(frame).toContain('CRIT   firing');
  });
});

describe('narrow deploy, panel and timeline panes keep their status column', () => {
  it('stale deploys at 40 columns say STALE and failed', () => {
    const frame = draw(deployTable([makeDeploy({id: 'd1', status: 'failure'})], T0, new Set(), 12_000), 38);
    expect(frame).toContain('STALE 12s ✖ failed');
  });

  it('unknown panels at 40 columns say UNKNOWN, cut after the word', () => {
    const readings = [evaluatePanel({name: 'queue-depth', query: 'q', unit: 'count', warn: 10, crit: 20}, {points: [{value: 5}], series: 1})];
    const frame = draw(panelTable(readings, {kind: 'unknown', reason: 'prometheus unavailable'}), 38);
    const row = frame.split('\n').find((l) => l.includes('queue'))!;
    expect(row).toMatch(/\? UNKNOWN.*…/);
  });

  it('a timeline at 40 columns keeps its time column', () => {
    const event: TimelineEvent = {at: T0 - 60_000, kind: 'alert-firing', context: 'prod', service: 'checkout', text: 'CheckoutDown', source: 'prometheus'};
    const table = timelineTable([event], T0);
    expect(draw(table, 38).split('\n')[0]).toContain('TIME (UTC)');
  });
});
