import {describe, expect, it} from 'vitest';
import {unexpectedErrorLine} from '../../src/cli/main.ts';

describe('the line an uncaught error leaves on stderr', () => {
  it('never carries a terminal escape from the error message', () => {
    const line = unexpectedErrorLine(new Error('bad body: \u001b]52;c;aGk=\u0007\u001b[2J from the backend'));
    expect(line).not.toMatch(/[\u001b\u0007]/);
    expect(line).toMatch(/^oncall: unexpected error: bad body: .*from the backend\n$/);
  });

  it('reads a thrown non-Error as text, sanitized the same way', () => {
    expect(unexpectedErrorLine('plain \u009b31m')).not.toMatch(/\u009b/);
  });
});
