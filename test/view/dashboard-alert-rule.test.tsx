/**
 * The alert's rule in its details, through the real Dashboard on the demo environment with its
 * rules read replaced: read once when details first open (not before, not per alert), shown
 * with its expression, and a failed read said with its reason while the rest of the details stay.
 */
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import type {AlertingRule} from '../../src/domain/rule-runbook.ts';
import {SourceFailure, type ContextServices} from '../../src/sources/capabilities.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard, type Harness} from './dashboard-harness.tsx';

dashboardTestHooks();

// ink-testing-library keeps the OSC 8 sequences of a hyperlink in the frame: read the text.
const plain = (frame: string) => frame.replace(/\u001b\]8;;[^\u0007\u001b]*(?:\u0007|\u001b\\)/g, '');

const EXPR = 'sum(rate(checkout_requests_total{code=~"5.."}[1m])) / sum(rate(checkout_requests_total[1m])) > 0.01';
const RULES: AlertingRule[] = [
  {name: 'CheckoutHighErrorRate', labels: {severity: 'critical'}, annotations: {}, shown: {query: EXPR, forSeconds: 120, keepFiringForSeconds: 0, group: 'checkout-slo', file: 'checkout.yml', health: 'ok', lastError: null, lastEvaluation: null}},
  {name: 'CheckoutHighErrorRate', labels: {severity: 'warning'}, annotations: {}, shown: {query: 'warning_expr > 0', forSeconds: 600, keepFiringForSeconds: 0, group: 'checkout-slo', file: 'checkout.yml', health: 'ok', lastError: null, lastEvaluation: null}},
];

/** The demo's services with the rules read replaced by `read`, counting the reads. */
function withRules(read: () => Promise<{value: AlertingRule[]; warnings: string[]}>): {services: ContextServices; reads: () => number} {
  const services = createDemoEnvironment({now: () => Date.now()}).services;
  let reads = 0;
  const reader = services.sloReader!;
  const readAlertingRules = () => ((reads += 1), read());
  return {reads: () => reads, services: {...services, sloReader: {...reader, capabilities: {...reader.capabilities, readAlertingRules}}}};
}

/** Selects the CheckoutHighErrorRate alert row of the alert pane. */
async function selectAlert(h: Harness): Promise<void> {
  await h.waitFor((f) => f.includes('CheckoutHighErrorRate') && f.includes('checkout-availability'), 'demo data');
  await h.press('2');
  for (let i = 0; i < 10 && !/║›.*firing +CheckoutHighErrorRate/.test(h.lastFrame()); i++) await h.press('j');
  expect(h.lastFrame()).toMatch(/║›.*firing +CheckoutHighErrorRate/);
}

describe("an alert's rule in its details", () => {
  it('reads the rules once when details first open and shows the rule its labels pick out, wrapped within the view', {timeout: 60_000}, async () => {
    const {services, reads} = withRules(async () => ({value: RULES, warnings: []}));
    const h = await renderDashboard(services, {rows: 50, columns: 80});
    await selectAlert(h);
    // Nothing read while only the panes show.
    await h.waitFor(() => true, 'a few polls', 200);
    expect(reads()).toBe(0);
    await h.press('\r');
    const frame = await h.waitFor((f) => f.includes('Alert details') && f.includes('expr'), 'the rule');
    expect(reads()).toBe(1);
    const lines = plain(frame).split('\n');
    // Every line of the frame within its 80 columns; the expression's pieces, in order, are the rule's.
    for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(80);
    const at = lines.findIndex((l) => l.includes('expr '));
    const pieces = lines.slice(at, at + 3).map((l) => l.slice(1, -1).slice(15).trimEnd());
    expect(pieces.join('').startsWith(EXPR)).toBe(true);
    expect(frame).toMatch(/for +2m/);
    expect(frame).toMatch(/group +checkout-slo \(checkout\.yml\)/);
    expect(frame).not.toContain('warning_expr');
    // Closed and opened again, on another alert too: the answer of a minute ago is used. Each
    // Esc is seen closing the details before the next key: an Esc and the key after it in one
    // read are Esc, then that key (they once were dropped together, details left open).
    const closed = (f: string) => !f.includes('Alert details');
    const onAlert = (f: string) => /║›.*firing +\S/.test(f) && !/║›.*firing +CheckoutHighErrorRate/.test(f);
    await h.press('\u001b');
    await h.waitFor(closed, 'details closed');
    for (let i = 0; i < 10 && !onAlert(h.lastFrame()); i++) await h.press('j');
    expect(onAlert(h.lastFrame())).toBe(true);
    await h.press('\r');
    await h.waitFor((f) => f.includes('Alert details'), 'details again');
    await h.press('\u001b');
    await h.waitFor(closed, 'details closed again');
    for (let i = 0; i < 10 && !/║›.*firing +CheckoutHighErrorRate/.test(h.lastFrame()); i++) await h.press('k');
    await h.press('\r');
    await h.waitFor((f) => f.includes('Alert details') && f.includes('expr'), 'the rule again');
    expect(reads()).toBe(1);
    h.unmount();
  });

  it('says "reading rules…" until the answer, and a failed read with its reason while the labels still show', {timeout: 60_000}, async () => {
    let fail: (e: Error) => void = () => {};
    const {services} = withRules(() => new Promise((_, reject) => (fail = reject)));
    const h = await renderDashboard(services, {rows: 60, columns: 100});
    await selectAlert(h);
    await h.press('\r');
    await h.waitFor((f) => f.includes('Alert details') && f.includes('reading rules…'), 'loading');
    fail(new SourceFailure('unavailable', 'connection refused'));
    const frame = await h.waitFor((f) => f.includes('rules not read'), 'the failure');
    expect(frame).toContain('rules not read: unavailable: connection refused');
    expect(frame).toMatch(/service +checkout/);
    expect(frame).toMatch(/summary +Checkout is failing/);
    h.unmount();
  });

  it("shows a group header's rules of its alertname, none claimed as its alerts'", {timeout: 60_000}, async () => {
    const {services} = withRules(async () => ({value: RULES, warnings: []}));
    const h = await renderDashboard(services, {rows: 60, columns: 100});
    await h.waitFor((f) => f.includes('CheckoutHighErrorRate') && f.includes('checkout-availability'), 'demo data');
    await h.press('2');
    // Up to the header of the alert's group (the row above the alert's own).
    for (let i = 0; i < 10 && !/║›.*firing +CheckoutHighErrorRate/.test(h.lastFrame()); i++) await h.press('j');
    await h.press('k');
    await h.press('\r');
    const frame = await h.waitFor((f) => f.includes('Alert group details') && f.includes('warning_expr'), 'both rules');
    expect(frame).toContain('2 rules named CheckoutHighErrorRate');
    expect(frame).toMatch(/rule +severity=critical\s/);
    expect(frame).not.toContain('matches its labels');
    h.unmount();
  });

  it("in the past, says the rule is today's, which may have changed since", {timeout: 60_000}, async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const reader = demo.services.sloReader!;
    const services = {...demo.services, sloReader: {...reader, capabilities: {...reader.capabilities, readAlertingRules: async () => ({value: RULES, warnings: []})}}};
    const h = await renderDashboard(services, {rows: 60, columns: 100, initialAt: demo.startedAt - 60_000});
    await h.waitFor((f) => f.includes('THE PAST') && f.includes('CheckoutHighErrorRate'), 'the past');
    await h.press('2');
    for (let i = 0; i < 10 && !/║›.*firing +CheckoutHighErrorRate/.test(h.lastFrame()); i++) await h.press('j');
    await h.press('\r');
    const frame = await h.waitFor((f) => f.includes('Alert details') && f.includes('expr'), 'the rule');
    expect(frame).toContain("rule (today's: the rule may have changed since)");
    h.unmount();
  });
});
