import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
// @ts-expect-error -- plain ESM script without type declarations
import {lintLayers} from '../../scripts/lint-layers.mjs';

const dirs: string[] = [];
function fixture(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'oncall-lint-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), {recursive: true});
    writeFileSync(join(root, path), text);
  }
  return root;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, {recursive: true, force: true})));

describe('lint-layers', () => {
  it('passes on the real source tree', () => {
    expect(lintLayers(join(import.meta.dirname, '../../src'))).toEqual([]);
  });

  it('rejects a domain file importing the view, and I/O in the domain', () => {
    const root = fixture({
      'domain/a.ts': "import {X} from '../view/X.tsx';\nimport {readFileSync} from 'node:fs';\n",
      'view/X.tsx': 'export const X = 1;\n',
    });
    const problems: string[] = lintLayers(root);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/a\.ts:1: layer "domain" may not import "view"/);
    expect(problems[1]).toMatch(/a\.ts:2: layer "domain" may not import package "node:fs"/);
  });

  it('rejects upward imports and HTTP outside sources, allows downward ones', () => {
    const root = fixture({
      'queries/q.ts': "import type {A} from '../actions/a.ts';\nimport {request} from 'undici';\nimport type {S} from '../sources/s.ts';\n",
      'actions/a.ts': 'export type A = 1;\n',
      'sources/s.ts': 'export type S = 1;\n',
    });
    const problems: string[] = lintLayers(root);
    expect(problems).toEqual([
      expect.stringMatching(/q\.ts:1: layer "queries" may not import "actions"/),
      expect.stringMatching(/q\.ts:2: layer "queries" may not import package "undici"/),
    ]);
  });

  it('exits non-zero from the command line on a violation', () => {
    const root = fixture({'sources/s.ts': "export {x} from '../cli/main.ts';\n", 'cli/main.ts': 'export const x = 1;\n'});
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [join(import.meta.dirname, '../../scripts/lint-layers.mjs'), root], {stdio: 'pipe'});
    } catch (error) {
      const e = error as {status: number; stderr: Buffer};
      status = e.status;
      stderr = e.stderr.toString();
    }
    expect(status).toBe(1);
    expect(stderr).toContain('layer "sources" may not import "cli"');
  });
});
