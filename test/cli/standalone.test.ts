import {describe, expect, it} from 'vitest';
import {isStandalone, versionText} from '../../src/cli/standalone.ts';

describe('versionText', () => {
  it('is the bare version under node, so scripts reading `oncall --version` of the bundle keep working', () => {
    expect(isStandalone()).toBe(false);
    expect(versionText('1.2.3')).toBe('1.2.3');
  });

  it('names the standalone build, the Node inside and the platform in the single executable', () => {
    expect(versionText('1.2.3', true)).toBe(`1.2.3 (standalone build: Node ${process.versions.node} inside, ${process.platform}-${process.arch})`);
  });
});
