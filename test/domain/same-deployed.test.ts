import {describe, expect, it} from 'vitest';
import {sameDeployed} from '../../src/domain/correlation.ts';

const A = 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d';
const B = '5f0c2d1e9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d';

describe('sameDeployed', () => {
  it('two known, different commits are two things under one name; one commit is one thing under two', () => {
    expect(sameDeployed({version: 'release-2.14', sha: A}, {version: 'release-2.14', sha: B})).toBe(false);
    expect(sameDeployed({version: 'v2.14.0', sha: A}, {version: 'a84d88e', sha: A.slice(0, 7)})).toBe(true);
  });

  it('the name decides when a commit is missing, or not believed (shared by the whole history)', () => {
    expect(sameDeployed({version: 'v2.14.0', sha: A}, {version: 'v2.14.0'})).toBe(true);
    expect(sameDeployed({version: 'v2.14.0', sha: A}, {version: 'v2.14.0', sha: B}, new Set([A]))).toBe(true);
    expect(sameDeployed({version: 'v2.14.0', sha: A}, {version: 'v2.13.0', sha: A}, new Set([A]))).toBe(false);
  });
});
