/**
 * The past banner on a narrow pane (a terminal split) when the instant carries a date: even the
 * shortest wording with the full instant is wider than 40 cells, and the terminal cut what came
 * last, the way back (Esc). The instant is what gets shortened, never "Esc: live".
 */
import {describe, expect, it} from 'vitest';
import {pastBanner} from '../../../src/view/hooks/use-time-travel.ts';
import {pastBannerText} from '../../../src/view/components/PastBanner.tsx';
import {cellWidth} from '../../../src/view/text-fit.ts';

describe('the past banner on a narrow terminal', () => {
  it('keeps the way back (Esc) within the width when the instant carries a date', () => {
    const live = Date.parse('2026-05-01T10:00:00Z');
    const text = pastBanner(live - 11 * 24 * 3600_000, live);
    for (const width of [20, 30, 40, 44, 48]) {
      const line = pastBannerText(text, width);
      expect(cellWidth(line), `width ${width}: ${line}`).toBeLessThanOrEqual(width);
      expect(line, `width ${width}`).toContain('Esc: live');
    }
  });

  it('keeps the instant whole where it fits', () => {
    const live = Date.parse('2026-05-01T10:00:00Z');
    const text = pastBanner(live - 11 * 24 * 3600_000, live);
    expect(pastBannerText(text, 80)).toContain(text);
  });
});

describe('the past banner without the age', () => {
  // Dropping the age and the year both left `AT 04-20 10:00Z`, which for an instant of an
  // earlier year reads as this year's.
  it('keeps the year once the age is left out', () => {
    const live = Date.parse('2026-05-01T10:00:00Z');
    const text = pastBanner(Date.parse('2023-04-20T10:00:00Z'), live);
    const line = pastBannerText(text, 40);
    expect(line).toContain('2023-04-20');
    expect(line).toContain('Esc: live');
    expect(cellWidth(line)).toBeLessThanOrEqual(40);
  });
});
