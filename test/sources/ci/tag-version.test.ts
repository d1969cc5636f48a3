import {describe, expect, it} from 'vitest';
import {versionOf} from '../../../src/sources/ci/ci-wire.ts';

const SHA = '5f0c2d1e9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d';

describe('GitHub Deployments version: ref that is a tag', () => {
  it('a deployment created with ref refs/tags/v2.14.0 (what `ref: github.ref` gives on a tag push) is named by its tag', () => {
    // Taken for a branch, it showed the short sha 5f0c2d1 and the release name was gone.
    expect(versionOf('refs/tags/v2.14.0', SHA)).toBe('v2.14.0');
    expect(versionOf('refs/tags/stable', SHA)).toBe('stable');
  });
  it('a monorepo tag checkout/v1.4.2 is a release tag like checkout@1.4.2', () => {
    expect(versionOf('checkout/v1.4.2', SHA)).toBe('checkout/v1.4.2');
  });
  it('v1.2.3-rc.1 is a tag; release-2.14, release/2.14 and refs/heads/v2 are branches', () => {
    expect(versionOf('v1.2.3-rc.1', SHA)).toBe('v1.2.3-rc.1');
    expect(versionOf('release-2.14', SHA)).toBe('5f0c2d1');
    expect(versionOf('release/2.14', SHA)).toBe('5f0c2d1');
    expect(versionOf('refs/heads/v2', SHA)).toBe('5f0c2d1');
  });
});
