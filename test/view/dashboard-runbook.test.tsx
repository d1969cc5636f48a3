/**
 * `o` on an alert whose runbook is a local Markdown file: with `$PAGER` set the file goes to the
 * pager (through the injected spawner: Ink's terminal hand-over is a no-op off a real terminal),
 * otherwise, or when the pager cannot start, the dashboard shows it in its detail view.
 */
import {EventEmitter} from 'node:events';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {SpawnOptions} from 'node:child_process';
import {cleanup} from 'ink-testing-library';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {PagerSpawn} from '../../src/platform/pager.ts';
import {osc52} from '../../src/platform/terminal-links.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {T0} from '../queries/fakes.ts';
import {FAKED, renderDashboard, type Harness} from './dashboard-harness.tsx';

let harness: Harness | null = null;
let dir: string;

beforeEach(async () => {
  vi.useFakeTimers({now: T0, toFake: [...FAKED]});
  vi.stubEnv('COLUMNS', '100');
  vi.stubEnv('LINES', '40');
  dir = await mkdtemp(join(tmpdir(), 'oncall-runbook-view-'));
  await writeFile(join(dir, 'CheckoutHighErrorRate.md'), '# Checkout errors\n\n1. Check the last deploy\n');
});

afterEach(async () => {
  harness?.unmount();
  harness = null;
  cleanup();
  vi.unstubAllEnvs();
  vi.useRealTimers();
  await rm(dir, {recursive: true, force: true});
});

/**
 * A spawner that records its calls; the child exits at once, fails to start with `fail`, or with
 * `held` stays open until `exit()`.
 */
function fakePager(fail?: NodeJS.ErrnoException, opts: {held?: boolean} = {}) {
  const calls: Array<{argv: string[]; options: SpawnOptions}> = [];
  const children: EventEmitter[] = [];
  const spawn: PagerSpawn = (command, args, options) => {
    calls.push({argv: [command, ...args], options});
    const child = Object.assign(new EventEmitter(), {kill: () => true});
    children.push(child);
    if (!opts.held) setImmediate(() => (fail ? child.emit('error', fail) : child.emit('exit', 0, null)));
    return child;
  };
  return {spawn, calls, exit: () => children.forEach((c) => c.emit('exit', 0, null))};
}

const RUNBOOK_TEXT = '1. Check the last deploy';
const loaded = (f: string) => f.includes('CheckoutHighErrorRate') && f.includes('checkout-availability');
const footer = (f: string) => f.split('\n').at(-1) ?? '';

/** Renders the demo with a local runbook template, selects the CheckoutHighErrorRate alert and presses `o`. */
async function openRunbook(env: Record<string, string>, pager: ReturnType<typeof fakePager>, keys = 'o'): Promise<Harness> {
  harness = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services, {
    runbookTemplate: join(dir, '{{alertname}}.md'),
    terminal: {env, spawnPager: pager.spawn},
  });
  await harness.waitFor(loaded, 'demo data');
  await harness.press('2');
  // Down to the alert's own row (the pane starts on its group's row).
  for (let i = 0; i < 10 && !/║›.*firing +CheckoutHighErrorRate/.test(harness.lastFrame()); i++) await harness.press('j');
  expect(harness.lastFrame()).toMatch(/║›.*firing +CheckoutHighErrorRate/);
  await harness.press(keys);
  return harness;
}

describe('o on a local Markdown runbook', () => {
  it('hands the file to $PAGER as one argument, split on whitespace, with no shell, and opens no detail view', async () => {
    const pager = fakePager();
    const h = await openRunbook({PAGER: 'less -R'}, pager);
    const frame = await h.waitFor((f) => footer(f).startsWith('read in less: runbook'), 'pager flash');
    expect(pager.calls).toEqual([{argv: ['less', '-R', join(dir, 'CheckoutHighErrorRate.md')], options: {stdio: 'inherit', shell: false}}]);
    expect(frame).not.toContain(RUNBOOK_TEXT);
    // The dashboard is still there and takes keys.
    await h.press('1');
    expect(h.lastFrame()).toContain('▶ 1 SLOs');
  });

  it('shows the runbook in the dashboard and says why when $PAGER is not set', async () => {
    const pager = fakePager();
    const h = await openRunbook({PAGER: '  '}, pager);
    const frame = await h.waitFor((f) => f.includes(RUNBOOK_TEXT), 'runbook in the detail view');
    expect(pager.calls).toEqual([]);
    expect(frame).toContain('# Checkout errors');
    expect(footer(frame)).toMatch(/^\$PAGER is not set: runbook /);
    expect(frame).toContain(`runbook ${join(dir, 'CheckoutHighErrorRate.md')}`);
  });

  it('falls back to the dashboard with the reason when the pager cannot start', async () => {
    const pager = fakePager(Object.assign(new Error('spawn nosuchpager ENOENT'), {code: 'ENOENT'}));
    const h = await openRunbook({PAGER: 'nosuchpager --flag'}, pager);
    const frame = await h.waitFor((f) => f.includes(RUNBOOK_TEXT), 'runbook in the detail view');
    expect(pager.calls.map((c) => c.argv)).toEqual([['nosuchpager', '--flag', join(dir, 'CheckoutHighErrorRate.md')]]);
    expect(footer(frame)).toMatch(/^could not start nosuchpager \(ENOENT\): runbook /);
  });

  it('runs one pager for an `oo` that arrives in one read, and nothing opens behind it', async () => {
    const pager = fakePager(undefined, {held: true});
    const h = await openRunbook({PAGER: 'less'}, pager, 'oo');
    await h.waitFor((f) => footer(f).includes('the pager is already open'), 'second o answered');
    expect(pager.calls).toHaveLength(1);
    pager.exit();
    const frame = await h.waitFor((f) => footer(f).startsWith('read in less: runbook'), 'pager flash');
    expect(frame).not.toContain(RUNBOOK_TEXT);
  });

  it('never runs the pager for a runbook file that cannot be read, and shows the alert\'s own link instead', async () => {
    await rm(join(dir, 'CheckoutHighErrorRate.md'));
    const pager = fakePager();
    const h = await openRunbook({PAGER: 'less'}, pager);
    const frame = await h.waitFor((f) => footer(f).startsWith('runbook: https://'), 'the link flash');
    expect(pager.calls).toEqual([]);
    expect(frame).not.toContain('# Checkout errors');
    // The alert's own runbook link is shown instead of nothing (over SSH: shown, not opened);
    // the missing file is said after it, where a 100-column footer may cut it.
    expect(footer(frame)).toMatch(/^runbook: https:\/\/runbooks\.example\.com\/checkout\/high-error-rate +\(no display/);
  });
});

describe('o and y on a group header (where the cursor lands after 2)', () => {
  it("open and copy the group's runbook: two keys from the dashboard to the link", async () => {
    const copied: string[] = [];
    harness = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services, {terminal: {writeRaw: (bytes) => copied.push(bytes)}});
    await harness.waitFor(loaded, 'demo data');
    await harness.press('2');
    let frame = await harness.waitFor((f) => /║›.*▸ CheckoutHighErrorRate/.test(f), 'the group header selected');
    // The footer says what o will open before it is pressed.
    expect(footer(frame)).toContain('o group runbook');
    await harness.press('o');
    frame = await harness.waitFor((f) => footer(f).startsWith('runbook: '), 'the link flash');
    expect(footer(frame)).toMatch(/^runbook: https:\/\/runbooks\.example\.com\/checkout\/high-error-rate +\(remote session \(SSH\)/);
    await harness.press('y');
    frame = await harness.waitFor((f) => footer(f).startsWith('copied runbook link'), 'the copy flash');
    expect(copied).toEqual([osc52('https://runbooks.example.com/checkout/high-error-rate')]);
  });
});
