/** Builds the dashboard's derived data (tables and lookups) the way the hook does, for pure tests. */
import type {Alert} from '../../src/domain/alert.ts';
import type {Deploy} from '../../src/domain/deploy.ts';
import {suspectByService} from '../../src/domain/rollback-plan.ts';
import type {SloReport} from '../../src/domain/slo.ts';
import type {DashboardTables} from '../../src/view/hooks/use-dashboard-tables.ts';
import {alertTable} from '../../src/view/rows/alert-rows.ts';
import {deployTable} from '../../src/view/rows/deploy-rows.ts';
import {sloTable} from '../../src/view/rows/slo-rows.ts';
import {panelRowKey, panelTable} from '../../src/view/rows/panel-rows.ts';
import type {PanelReading} from '../../src/domain/panel.ts';

/** The tables and lookups of a dashboard showing these reports, alerts and deploys. */
export function buildTables(input: {reports?: SloReport[]; alerts?: Alert[]; deploys?: Deploy[]; panels?: PanelReading[]; suspects?: string[]; now: number}): DashboardTables {
  const panels = input.panels ?? [];
  const reports = input.reports ?? [];
  const alerts = input.alerts ?? [];
  const deploys = input.deploys ?? [];
  const suspects = new Set(input.suspects ?? []);
  return {
    tables: {slos: sloTable(reports), alerts: alertTable(alerts, input.now, ['alertname', 'service']), deploys: deployTable(deploys, input.now, suspects), panels: panelTable(panels)},
    reports: new Map(reports.map((r) => [r.definition.name, r])),
    alerts: new Map(alerts.map((a) => [`a:${a.fingerprint}`, a])),
    deploys,
    items: {panels: new Map(panels.map((r) => [panelRowKey(r.definition.name), r]))},
    suspects,
    suspectByService: suspectByService(deploys, suspects, input.now),
    filterErrors: {},
    hiddenAlerts: {acked: 0, silenced: 0, inhibited: 0},
  };
}
