/**
 * The timeline and the handover carry backend strings (alert labels, silence authors and
 * comments, deploy authors, CI links, notes) into Markdown a postmortem is pasted from, and onto
 * the terminal: no raw control, escape or bidi character may come through, and no backend text
 * may open a Markdown link of its own.
 */
import fc from 'fast-check';
import {describe, it} from 'vitest';
import {handoverMarkdown} from '../../src/domain/handover-markdown.ts';
import {buildHandover} from '../../src/domain/handover.ts';
import {silenceEvents} from '../../src/domain/timeline-silences.ts';
import {timelineMarkdown} from '../../src/domain/timeline-document.ts';
import {alertEvents} from '../../src/domain/timeline-alerts.ts';
import {deployEvents} from '../../src/domain/timeline-deploys.ts';
import {actionEvents, noteEntry} from '../../src/domain/timeline-actions.ts';
import {buildTimeline, historyGrid} from '../../src/domain/timeline.ts';
import {hostileText} from './arbitraries.ts';
import {expectDrawnSafe, NOW} from './drawn.ts';
import {fuzz, RUNS} from './fuzz-run.ts';

describe('timeline and handover text with hostile backend strings', () => {
  it('draws no raw control, escape or bidi character, and opens no link from backend text', () => {
    fuzz(RUNS.valid, [hostileText, hostileText, hostileText], (a, b, c) => {
      const grid = historyGrid(NOW - 10 * 60_000, NOW, 60);
      const alerts = alertEvents([{labels: {alertname: a, service: b, severity: 'critical', alertstate: 'firing'}, points: grid.slice(2, 5).map((at) => ({at, value: 1}))}], grid, {context: c, source: 'prometheus'});
      const matchers = [{name: 'service', value: b, isRegex: false, isEqual: true}];
      const silences = [{source: c, silence: {id: a, state: 'active' as const, matchers, startsAt: NOW - 5 * 60_000, endsAt: NOW + 60_000, createdBy: b, comment: `ACK! ${c}`}}];
      const deploys = deployEvents([{id: a, service: b, version: c, environment: '', status: 'success', startedAt: NOW - 9 * 60_000, finishedAt: NOW - 8 * 60_000, author: a, url: `https://ci.example/${c}`}], {context: c, source: 'ci'});
      const notes = actionEvents([noteEntry({at: NOW - 60_000, context: c, text: `[x](https://evil.example) ${a}`, by: b, service: b})], {context: c, source: 'action log'});
      const timeline = buildTimeline({from: NOW - 10 * 60_000, to: NOW, stepSeconds: 60, sloStepSeconds: 60, parts: [{events: [...alerts, ...silenceEvents(silences, {context: c, ackPrefix: 'ACK!'}), ...deploys, ...notes], gaps: [{part: 'slos', context: c, source: a, reason: b}]}]});
      const budgets = [{slo: a, service: b, spent: 0.1}];
      const md = timelineMarkdown({context: c, timeline, budgets});
      const handover = handoverMarkdown(buildHandover({context: c, timeline, slosAtEnd: [], alertsAtEnd: [{labels: {alertname: a, service: b}, state: 'firing'}], silences, budgets}));
      // Multi-line documents: each line is drawn on its own.
      expectDrawnSafe([...md.split('\n'), ...handover.split('\n')], 'timeline/handover Markdown');
      // The note's brackets arrive escaped (`\[x\]`): Markdown shows them as text.
      for (const doc of [md, handover]) if (/(?<!\\)\]\(https:\/\/evil\.example\)/.test(doc)) throw new Error(`backend text opened a link: ${doc}`);
    });
  });
});
