import {describe, expect, it} from 'vitest';
import {parseConfig} from '../../src/config/config-load.ts';

// Commenting out every override leaves `keys:` with nothing under it, which YAML reads as null;
// that is no overrides, and must not fail the whole config (every command exited 2).
describe('keys: with every override commented out', () => {
  it('loads with no overrides', () => {
    const result = parseConfig('current-context: prod\nkeys:\n  # quit: x\ncontexts:\n  - name: prod\n    prometheus: {url: http://127.0.0.1:9090}\n', 'config.yaml');
    expect(result.ok && result.config.keys).toEqual({});
  });
});
