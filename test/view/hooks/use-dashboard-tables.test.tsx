import type {QueryClient} from '@tanstack/query-core';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {alertKey} from '../../../src/queries/alert-queries.ts';
import {clockKey} from '../../../src/queries/clock-queries.ts';
import {createQueryClient} from '../../../src/queries/query-client.ts';
import type {ContextServices} from '../../../src/sources/capabilities.ts';
import {SourceFailure} from '../../../src/sources/capabilities.ts';
import {useDashboardData} from '../../../src/view/hooks/use-dashboard-data.ts';
import {sloDetails} from '../../../src/view/rows/detail-lines.ts';
import {useDashboardTables, type DashboardTables} from '../../../src/view/hooks/use-dashboard-tables.ts';
import {makeAlert} from '../../domain/alert-fixture.ts';
import {emptyServices, fakeAlertSource, fakeDeploySource, fakeSloReader, flatRatios, makeDeploy, makeSlo, T0} from '../../queries/fakes.ts';
import {until} from './until.ts';

let client: QueryClient;

afterEach(() => {
  cleanup();
  client.clear();
  client.unmount();
});

const INTERVALS = {slos: 60_000, history: 60_000, alerts: 60_000, deploys: 60_000, panels: 60_000};
const FILTERS = {slos: '', alerts: '', deploys: '', panels: ''};
const GROUP_BY = ['alertname', 'service'];

// The tables of one context as the feed builds them, every render kept.
function Probe({services, clock, out, nows = []}: {services: ContextServices; clock: {now: number}; out: DashboardTables[]; nows?: number[]}) {
  const data = useDashboardData(client, services, {now: () => clock.now, paused: false, intervals: INTERVALS, ackPrefix: 'ACK!'});
  nows.push(data.now);
  out.push(useDashboardTables(data, FILTERS, GROUP_BY, 30 * 60_000));
  return null;
}

describe('useDashboardTables', () => {
  it("keeps the SLO table (the same object) through another source's answer and the clock's seconds, and rebuilds it for an SLO answer", async () => {
    client = createQueryClient({retry: 0});
    const clock = {now: T0};
    let burning = false;
    const reader = fakeSloReader((s, at) => ({value: s.map((d) => ({slo: d.name, at, ratios: flatRatios(burning ? 0.05 : 0.0001)}))}));
    let alerts = [makeAlert({fingerprint: 'f1'})];
    const am = fakeAlertSource(() => ({value: alerts}));
    const services = emptyServices({
      slos: [makeSlo({name: 'checkout-availability'}), makeSlo({name: 'search-latency'})],
      sloReader: {name: 'prometheus', kind: 'prometheus', capabilities: reader.reader},
      alertSources: [{name: 'am', kind: 'alertmanager', capabilities: am.capabilities}],
    });
    const out: DashboardTables[] = [];
    const {rerender} = render(<Probe services={services} clock={clock} out={out} />);
    const last = () => out.at(-1)!;
    await until(() => last().reports.size === 2 && [...last().reports.values()].every((r) => r.sli !== null) && last().alerts.size === 1);
    const slos = last().tables.slos;
    // Another source answers: the alert table changes, the SLO table is the same object.
    alerts = [makeAlert({fingerprint: 'f1'}), makeAlert({fingerprint: 'f2', labels: {alertname: 'Other', service: 'search'}})];
    await client.refetchQueries({queryKey: alertKey(services.context)});
    await until(() => last().alerts.size === 2);
    expect(last().tables.slos).toBe(slos);
    // Seconds pass (the clock is drawn, the alerts' ages move): still the same SLO table.
    for (let s = 1; s <= 3; s++) {
      clock.now = T0 + s * 1000;
      rerender(<Probe services={services} clock={clock} out={out} />);
    }
    await until(() => out.length > 0 && last().tables.alerts.rows.length > 0);
    expect(last().tables.slos).toBe(slos);
    // An SLO answer that changes: a new SLO table, which shows it.
    burning = true;
    await client.refetchQueries({queryKey: ['slos']});
    await until(() => last().tables.slos !== slos);
    expect(JSON.stringify(last().tables.slos.rows)).not.toBe(JSON.stringify(slos.rows));
  });

  it('keeps the deploy table (the same object) through clock seconds that change no age in it', async () => {
    client = createQueryClient({retry: 0});
    const clock = {now: T0};
    const deploys = [makeDeploy({id: 'd1', startedAt: T0 - 3 * 3_600_000}), makeDeploy({id: 'd2', startedAt: T0 - 12 * 60_000 - 30_000})];
    const source = fakeDeploySource(() => ({value: deploys}));
    const services = emptyServices({deploySource: {name: 'ci', kind: 'github', capabilities: source.capabilities}});
    const out: DashboardTables[] = [];
    const nows: number[] = [];
    render(<Probe services={services} clock={clock} out={out} nows={nows} />);
    const last = () => out.at(-1)!;
    await until(() => last().tables.deploys.rows.length === 2);
    const table = last().tables.deploys;
    // The dashboard's clock ticks three seconds: the ages read 3h and 12m throughout.
    for (let s = 1; s <= 3; s++) {
      clock.now = T0 + s * 1000;
      await client.refetchQueries({queryKey: clockKey});
      await until(() => nows.at(-1) === clock.now);
    }
    expect(last().tables.deploys).toBe(table);
    // Half a minute later the second deploy's age turns from 12m to 13m: a new table.
    clock.now = T0 + 31_000;
    await client.refetchQueries({queryKey: clockKey});
    await until(() => last().tables.deploys !== table);
    // Newest first: the 12-minute-old deploy is the first row.
    expect(last().tables.deploys.rows[0]!.cells[4]!.text).toBe('13m');
  });

  it("says why an SLO was never read: its details are `unknown` with the source's error, not `no-data`", async () => {
    client = createQueryClient({retry: 0});
    const reader = fakeSloReader(() => ({error: new SourceFailure('unavailable', 'POST http://prom/api/v1/query: connection refused')}));
    const services = emptyServices({slos: [makeSlo({name: 'checkout-availability'})], sloReader: {name: 'prometheus', kind: 'prometheus', capabilities: reader.reader}});
    const out: DashboardTables[] = [];
    render(<Probe services={services} clock={{now: T0}} out={out} />);
    const last = () => out.at(-1)!;
    await until(() => last().tables.slos.rows[0]?.cells[0]?.text.startsWith('? UNKNOWN') === true);
    const report = [...last().reports.values()][0]!;
    expect(report.status).toBe('unknown');
    const lines = sloDetails(report);
    expect(lines.find((l) => l.label === 'status')?.value).toBe('unknown');
    expect(lines.find((l) => l.label === 'error')?.value).toBe('never read: prometheus: unavailable: POST http://prom/api/v1/query: connection refused');
  });
});

