/**
 * `oncall deploys` prints one aligned line per deploy. Its columns were measured with
 * String#length and padded with String#padEnd (UTF-16 units): a commit author or a service
 * written in CJK, or with an emoji, takes two terminal cells a character, and pushed every later
 * column of its line out of line with the others. They are measured in cells now, as the
 * dashboard measures them.
 */
import {describe, expect, it} from 'vitest';
import {deployLines} from '../../src/cli/deploy-commands.ts';
import type {Deploy} from '../../src/domain/deploy.ts';
import {buildStatusDocument} from '../../src/domain/status-document.ts';
import {cellWidth} from '../../src/view/text-fit.ts';

const NOW = Date.UTC(2026, 4, 4, 12);
const deploy = (id: string, author: string, service = 'checkout'): Deploy => ({id, service, version: `v${id}`, environment: 'prod', status: 'success', startedAt: NOW - 3_600_000, author, url: `https://ci.example/runs/${id}`});

// The deploy lines (the header line and the final newline left out).
function lines(deploys: Deploy[]): string[] {
  const sources = [{name: 'gh', kind: 'deploys' as const, last: 'ok' as const, error: null, updatedAt: NOW - 5_000, warnings: [], retrying: false, staleAt: null}];
  const doc = buildStatusDocument({context: 'prod', now: NOW, sources, slos: [], alerts: [], deploys, suspectWindowMs: 3_600_000});
  return deployLines(doc, NOW, 'gh').split('\n').slice(1, -1);
}

// The terminal cell where a line's link starts.
const linkCell = (line: string) => cellWidth(line.slice(0, line.indexOf('https://')));

describe('oncall deploys text: columns by display width', () => {
  it('keeps the link column aligned when a commit author is written in CJK', () => {
    const out = lines([deploy('1', '山田太郎'), deploy('2', 'bob')]);
    expect(out).toHaveLength(2);
    expect(linkCell(out[0]!)).toBe(linkCell(out[1]!));
  });

  it('keeps the columns aligned when a service name is CJK or carries an emoji', () => {
    const out = lines([deploy('1', 'alice', '支払い'), deploy('2', 'bob', 'checkout'), deploy('3', 'carol', 'search🔍')]);
    expect(new Set(out.map(linkCell)).size).toBe(1);
    // The version column starts in one cell too: the service column is as wide as its widest.
    expect(new Set(out.map((l) => cellWidth(l.slice(0, l.indexOf(' v'))))).size).toBe(1);
  });
});
