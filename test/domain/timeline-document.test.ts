/**
 * markdownText: backend text in the timeline/handover Markdown. CommonMark (GitHub, GitLab, wiki
 * importers) decodes character references in text, so a label or silence author written
 * `&rlm;` or `&ZeroWidthSpace;` would put back into the rendered postmortem the very characters
 * sanitize escapes: reordering who acked, or hiding text.
 */
import {describe, expect, it} from 'vitest';
import {markdownText} from '../../src/domain/timeline-document.ts';

// A character reference CommonMark would decode: `&name;`, `&#123;`, `&#x1F;`, not after a backslash.
const REFERENCE = /(?<!\\)&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});/;

describe('markdownText and character references', () => {
  it('leaves none a Markdown renderer would decode', () => {
    for (const text of ['&#x202E;ecila', 'check&#8203;out', 'a&rlm;b', 'x&ZeroWidthSpace;y', 'a&amp;rlm;b']) {
      expect.soft(markdownText(text), text).not.toMatch(REFERENCE);
    }
    expect(markdownText('a&rlm;b')).toBe('a\\&rlm;b');
  });

  it('leaves an ampersand that starts no reference as it is', () => {
    expect(markdownText('pages by 1h&5m, R&D & ops')).toBe('pages by 1h&5m, R&D & ops');
  });
});
