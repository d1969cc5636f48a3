/**
 * The unreadable-run line at the deploy pane's real width in the wide layout (140–159 columns):
 * the pane wraps a notice to three rows of its inner width and cuts the rest. The run's link is
 * what the engineer needs while the tool cannot read the run: it is drawn whole, as on the
 * "↻ running" line of the same run.
 */
import {describe, expect, it} from 'vitest';
import {computeLayout} from '../../../src/view/layout.ts';
import {runLines} from '../../../src/view/rows/run-lines.ts';
import {wrapText} from '../../../src/view/text-fit.ts';

const plan = {service: 'checkout', environment: 'production', fromVersion: 'v2.14.0', toVersion: 'v2.13.2', description: 'github-actions', idempotencyKey: 'k'};
const url = 'https://github.com/acme-corp/checkout-service/actions/runs/12345678901';
const T0 = Date.parse('2026-05-04T10:42:30Z');
const run = {id: '12345678901', plan, status: 'in_progress' as const, url, updatedAt: T0 - 5 * 60_000};
const unread = {since: T0, failures: 12, error: 'unavailable: github-actions acme-corp/checkout-service rollback.yml: server error (HTTP 503)'};

/** The text as the focused deploy pane draws a notice (TablePane): wrapped to its inner width, three rows at most. */
function drawn(columns: number, text: string): string {
  const box = computeLayout(columns, 40, 'deploys', 3).rows.flat().find((p) => p.id === 'deploys')!.box;
  return wrapText(text, box.width - 4, 3).join('');
}

describe('the unreadable run line in the wide layout', () => {
  for (const columns of [140, 150, 159]) {
    it(`at ${columns} columns draws the run's link whole, as the running line does`, () => {
      expect(drawn(columns, runLines([run], T0)[0]!.text)).toContain(url);
      expect(drawn(columns, runLines([{...run, unread}], T0)[0]!.text)).toContain(url);
    });
  }
});
