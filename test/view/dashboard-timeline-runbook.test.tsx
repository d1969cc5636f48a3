/**
 * `o` and `y` in the dashboard's timeline, through the real Dashboard on the demo environment:
 * an alert event's runbook is opened (over SSH: shown) and copied as on an alert row, linked by
 * today's rule of its name (said so) or by the context's template, each event by its own
 * context; an event without one says why `o` does nothing.
 */
import {describe, expect, it} from 'vitest';
import {osc52} from '../../src/platform/terminal-links.ts';
import {SourceFailure, type ContextServices} from '../../src/sources/capabilities.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard, type Harness} from './dashboard-harness.tsx';

dashboardTestHooks();

const RUNBOOK = 'https://runbooks.example.com/checkout/high-error-rate';
const lines = (frame: string) => frame.split('\n');
const footer = (frame: string) => lines(frame).at(-1) ?? '';
// ink-testing-library keeps the OSC 8 sequences of a hyperlink in the frame: read the text.
const plain = (frame: string) => frame.replace(/\u001b\]8;;[^\u0007\u001b]*(?:\u0007|\u001b\\)/g, '');

/** The demo's services with its rules read replaced, counting the reads. */
function withRules(services: ContextServices, read?: () => Promise<never>): {services: ContextServices; reads: () => number} {
  let reads = 0;
  const reader = services.sloReader!;
  const own = reader.capabilities.readAlertingRules!;
  const readAlertingRules = () => ((reads += 1), read ? read() : own());
  return {reads: () => reads, services: {...services, sloReader: {...reader, capabilities: {...reader.capabilities, readAlertingRules}}}};
}

/** Opens checkout's timeline and selects its first alert-firing event of CheckoutHighErrorRate (of `context`, when given). */
async function selectFiring(h: Harness, context?: string): Promise<string> {
  await h.waitFor((f) => f.includes('checkout-availability') && f.includes('PAGE'), 'demo data');
  await h.press('t');
  const frame = await h.waitFor((f) => f.includes('Timeline of checkout') && f.includes('✖ FIRING'), 'checkout timeline');
  const rows = lines(frame).filter((l) => /\d\d:\d\d:\d\dZ/.test(l));
  const target = rows.findIndex((l) => l.includes('✖ FIRING') && l.includes('CheckoutHighErrorRate') && (context === undefined || l.includes(context)));
  expect(target).toBeGreaterThanOrEqual(0);
  if (target > 0) await h.press('j'.repeat(target));
  return h.waitFor((f) => lines(f).some((l) => /›.*✖ FIRING/.test(l) && (context === undefined || l.includes(context))), 'firing event selected');
}

describe('o in the timeline', () => {
  it('is listed with y in the title, named as the footer names keys', {timeout: 60_000}, async () => {
    const h = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services, {rows: 30, columns: 180});
    await h.waitFor((f) => f.includes('checkout-availabil') && f.includes('PAGE'), 'demo data');
    await h.press('t');
    const frame = await h.waitFor((f) => f.includes('Timeline of checkout') && f.includes('✖ FIRING'), 'checkout timeline');
    const title = lines(frame).find((l) => l.includes('Timeline of checkout')) ?? '';
    expect(title).toContain('(y copy, / filter, enter go back to then, o runbook, esc back)');
  });

  it("opens an alert event's runbook as on an alert row, said to be today's rule's, shows it under the events, and y copies it; the rules are read once", {timeout: 60_000}, async () => {
    const copied: string[] = [];
    const {services, reads} = withRules(createDemoEnvironment({now: () => Date.now()}).services);
    // Wide enough for the whole message in the footer.
    const h = await renderDashboard(services, {rows: 30, columns: 200, terminal: {writeRaw: (bytes) => copied.push(bytes)}});
    let frame = await selectFiring(h);
    expect(footer(frame)).toContain('o runbook');
    // The details line under the events: the link, as a hyperlink, and whose it is.
    expect(plain(frame)).toContain(`runbook of today's rule: ${RUNBOOK}`);
    expect(frame).toContain(`\u001b]8;;${RUNBOOK}`);
    await h.press('o');
    frame = await h.waitFor((f) => footer(f).startsWith('runbook: '), 'the link flash');
    // Over SSH nothing opens: the link is shown, with the way to copy it.
    expect(footer(frame)).toMatch(/^runbook: https:\/\/runbooks\.example\.com\/checkout\/high-error-rate +\(remote session \(SSH\).*y copies it; from today's rule\)/);
    await h.press('y');
    frame = await h.waitFor((f) => footer(f).startsWith('copied runbook link'), 'the copy flash');
    expect(copied).toEqual([osc52(RUNBOOK)]);
    // One rules read for the whole timeline, however many alert events it holds.
    await h.press('T');
    frame = await h.waitFor((f) => f.includes('Timeline of every service') && f.includes('PaymentsUpstreamLatency'), 'every service');
    expect(lines(frame).filter((l) => /FIRING|PENDING|RESOLVED/.test(l) && !l.includes('SLO')).length).toBeGreaterThan(2);
    expect(reads()).toBe(1);
    h.unmount();
  });

  it('says why it does nothing on an alert event without a runbook (rules not read, no template), and on an event that is no alert', {timeout: 60_000}, async () => {
    const {services} = withRules(createDemoEnvironment({now: () => Date.now()}).services, async () => {
      throw new SourceFailure('unavailable', 'connection refused');
    });
    const h = await renderDashboard(services, {rows: 30});
    let frame = await selectFiring(h);
    // The events stay; only their links are missing (a line above the events says why), and the
    // footer (no colour: no struck-through hints) offers no `o`.
    expect(frame).toContain("ℹ runbooks of today's rules not read (");
    expect(plain(frame).replace(/runbooks of today's rules not read.*/, '')).not.toContain('runbook');
    expect(footer(frame)).not.toContain('o runbook');
    await h.press('o');
    frame = await h.waitFor((f) => footer(f).startsWith('runbook: no runbook known'), 'the disabled reason');
    expect(footer(frame)).toContain("no runbook known for this alert (none from today's rule or runbookTemplate)");
    const rows = lines(frame).filter((l) => /\d\d:\d\d:\d\dZ/.test(l));
    const selected = rows.findIndex((l) => l.includes('›'));
    await h.press('j'.repeat(rows.findIndex((l) => l.includes('⇡ DEPLOY')) - selected));
    await h.waitFor((f) => /›.*⇡ DEPLOY/.test(f), 'deploy selected');
    await h.press('o');
    frame = await h.waitFor((f) => footer(f).startsWith('runbook: only alert events'), 'not an alert');
    h.unmount();
  });

  it("links by the template when today's rules cannot be read, and each event by its own context's template", {timeout: 60_000}, async () => {
    const failing = async (): Promise<never> => {
      throw new SourceFailure('unavailable', 'connection refused');
    };
    const ctx = (context: string) => ({services: withRules({...createDemoEnvironment({now: () => Date.now()}).services, context}, failing).services, runbookTemplate: `https://${context}.runbooks.example.com/{{alertname}}`});
    const eu = ctx('prod-eu');
    const us = ctx('prod-us');
    const h = await renderDashboard(eu.services, {rows: 30, contexts: [eu, us], runbookTemplate: 'https://default.example.com/{{alertname}}'});
    let frame = await selectFiring(h, 'prod-us');
    expect(plain(frame)).toContain('runbook: https://prod-us.runbooks.example.com/CheckoutHighErrorRate');
    await h.press('o');
    frame = await h.waitFor((f) => footer(f).startsWith('prod-us: runbook: '), 'the link flash, naming the context');
    expect(footer(frame)).toContain('https://prod-us.runbooks.example.com/CheckoutHighErrorRate');
    expect(footer(frame)).not.toContain("today's rule");
    h.unmount();
  });
});
