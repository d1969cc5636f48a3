import {readFileSync} from 'node:fs';
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {formatConfigErrors} from '../../../src/config/config-errors.ts';
import {parseConfig} from '../../../src/config/config-load.ts';
import {loadConfigSloFiles, loadContextSloFiles, loadSloFiles, sloFileNotes} from '../../../src/config/slo-files/slo-files-load.ts';

const SLOTH = (service: string) => `version: prometheus/v1
service: ${service}
slos:
  - name: availability
    objective: 99.9
    sli: {events: {error_query: 'e[{{.window}}]', total_query: 't[{{.window}}]'}}
`;

describe('loadSloFiles', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oncall-slo-files-'));
    await mkdir(join(dir, 'slos', 'nested.yaml'), {recursive: true});
    await writeFile(join(dir, 'slos', 'b.yaml'), SLOTH('b'));
    await writeFile(join(dir, 'slos', 'a.yml'), SLOTH('a'));
    await writeFile(join(dir, 'slos', 'broken.yaml'), 'version: prometheus/v1\nservice: c\nslos:\n  - name: x\n    objective: 101\n');
    await writeFile(join(dir, 'slos', 'notes.txt'), 'not matched');
  });
  afterAll(async () => {
    await rm(dir, {recursive: true, force: true});
  });

  it('expands globs in name order, reads each file once, and collects every error', async () => {
    const result = await loadSloFiles([join(dir, 'slos', '*.{yaml,yml}'), join(dir, 'slos', 'b.yaml')]);
    expect(result.definitions.map((d) => d.name)).toEqual(['a-availability', 'b-availability']);
    expect(formatConfigErrors(result.errors)).toBe(
      [
        `${join(dir, 'slos', 'broken.yaml')}:4:5: slos[0].sli: missing required key "sli"`,
        `${join(dir, 'slos', 'broken.yaml')}:5:16: slos[0].objective: objective must be a percentage between 0 and 100, exclusive, e.g. 99.9 (got 101)`,
      ].join('\n'),
    );
  });

  it('reports patterns that match nothing, missing files and directories', async () => {
    const result = await loadSloFiles([join(dir, 'none', '*.yaml'), join(dir, 'missing.yaml'), join(dir, 'slos', 'nested.yaml')]);
    expect(result.definitions).toEqual([]);
    expect(formatConfigErrors(result.errors)).toBe(
      [
        `${join(dir, 'none', '*.yaml')}: sloFiles: pattern matches no file`,
        `${join(dir, 'missing.yaml')}: sloFiles: file not found`,
        `${join(dir, 'slos', 'nested.yaml')}: sloFiles: is a directory; name the files, e.g. slos/*.yaml`,
      ].join('\n'),
    );
  });

  it('loads per context, only for contexts with sloFiles, checking names against their own slos', async () => {
    const files = [join(dir, 'slos', 'b.yaml')];
    const loaded = await loadConfigSloFiles({
      contexts: [
        {name: 'none', sloFiles: [], slos: []},
        {name: 'prod', sloFiles: files, slos: []},
        {name: 'clash', sloFiles: files, slos: [{name: 'b-availability'}]},
      ],
    });
    expect([...loaded.keys()]).toEqual(['prod', 'clash']);
    expect(loaded.get('prod')?.definitions.map((d) => d.name)).toEqual(['b-availability']);
    expect(loaded.get('clash')?.definitions).toEqual([]);
    expect(loaded.get('clash')?.errors.map((e) => e.message)).toEqual(['duplicate SLO name "b-availability" (already used by an SLO in the config (slos))']);
  });

  it('loads the SLO files of examples/config.yaml, its sloFiles line uncommented, next to its native SLOs', async () => {
    // The example keeps the line commented out (it must validate copied alone); in its own folder,
    // beside examples/slos/, uncommenting it reads one file of each format.
    const file = fileURLToPath(new URL('../../../examples/config.yaml', import.meta.url));
    const text = readFileSync(file, 'utf8');
    const uncommented = text.replace('    # sloFiles: [slos/*.yaml]', '    sloFiles: [slos/*.yaml]');
    expect(uncommented).not.toBe(text);
    const config = parseConfig(uncommented, file);
    if (!config.ok) throw new Error(formatConfigErrors(config.errors));
    const ctx = config.config.contexts.find((c) => c.name === 'prod-eu');
    if (!ctx) throw new Error('no prod-eu context');
    const result = await loadContextSloFiles(ctx);
    expect(result.errors).toEqual([]);
    expect(result.definitions.map((d) => d.name)).toEqual([
      'catalog-availability',
      'catalog-image-cache',
      'api-errors',
      'api-latency',
      'payments-gateway-requests-availability',
      'payments-gateway-webhook-delivery',
      'checkout-requests-availability',
      'checkout-requests-latency',
      'search-query-errors',
    ]);
  });
});

describe('sloFileNotes', () => {
  const error = (line: number) => ({file: 's.yaml', line, column: 3, path: 'spec.target', message: 'bad'});

  it('shows the first problems and points at config validate for the rest', () => {
    expect(sloFileNotes([error(1), error(2), error(3), error(4), error(5)])).toEqual([
      'sloFiles: s.yaml:1:3: spec.target: bad',
      'sloFiles: s.yaml:2:3: spec.target: bad',
      'sloFiles: s.yaml:3:3: spec.target: bad',
      'sloFiles: 2 more problems; "oncall config validate" lists them all',
    ]);
    expect(sloFileNotes([error(1), error(2)], 1)).toEqual(['sloFiles: s.yaml:1:3: spec.target: bad', 'sloFiles: 1 more problem; "oncall config validate" lists them all']);
    expect(sloFileNotes([])).toEqual([]);
  });
});
