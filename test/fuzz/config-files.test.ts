/**
 * Fuzzing the file decoders: the config loader (YAML, schema, rules, secrets) and the SLO file
 * readers (Sloth, Pyrra, OpenSLO). Inputs: arbitrary bytes and text, YAML bombs, and the shipped
 * examples with one to three nodes replaced by arbitrary (often hostile) values. They never throw:
 * the result is the decoded value or errors naming the file, and the printed errors and the SLOs
 * that loaded are drawn without a control, escape or bidi character.
 */
import {readFileSync} from 'node:fs';
import fc from 'fast-check';
import {parseAllDocuments, parse, stringify} from 'yaml';
import {describe, expect, it} from 'vitest';
import {formatConfigErrors, type ConfigError} from '../../src/config/config-errors.ts';
import {parseConfig} from '../../src/config/config-load.ts';
import {toSloDefinitions} from '../../src/config/config-slos.ts';
import {parseSloFiles} from '../../src/config/slo-files/slo-files-parse.ts';
import {anyBytes, anyText, mutated} from './arbitraries.ts';
import {drawnSlos, expectDrawnSafe} from './drawn.ts';
import {fuzz, RUNS, settle} from './fuzz-run.ts';

const example = (path: string) => readFileSync(new URL(`../../examples/${path}`, import.meta.url), 'utf8');
const CONFIG = parse(example('config.yaml')) as unknown;
const SLO_FILES = ['slos/sloth.yaml', 'slos/sloth-k8s.yaml', 'slos/pyrra.yaml', 'slos/openslo.yaml'].map((f) => parseAllDocuments(example(f)).map((d) => d.toJS() as unknown));

/**
 * Deeply nested flow or block collections (up to a few tens of kB: reading them is linear), and
 * alias bombs: YAML that is costly to read.
 */
const yamlBomb = fc.oneof(
  fc.integer({min: 1, max: 2_000}).map((d) => `${'['.repeat(d)}${']'.repeat(d)}`),
  fc.integer({min: 1, max: 300}).map((d) => Array.from({length: d}, (_, i) => `${' '.repeat(i)}k:`).join('\n')),
  fc.integer({min: 2, max: 12}).map((n) => ['a: &a [x, x, x, x, x, x, x, x, x]', ...Array.from({length: n}, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join('\n')),
);

/** Any text a config file could hold: bytes, text, bombs, or YAML of a mutated valid document. */
function fileText(valid: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.oneof(
    {arbitrary: mutated(valid).map((v) => stringify(v) ?? ''), weight: 6},
    {arbitrary: anyBytes.map((b) => Buffer.from(b).toString('utf8')), weight: 1},
    {arbitrary: anyText, weight: 1},
    {arbitrary: yamlBomb, weight: 1},
  );
}

/** Every error names the file, a position that exists, and a message, and prints sanitized. */
function expectClearErrors(errors: readonly ConfigError[], files: readonly string[]): void {
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) {
    expect(files).toContain(e.file);
    expect(e.message.length).toBeGreaterThan(0);
    if (e.line !== null) expect(e.line).toBeGreaterThanOrEqual(1);
  }
  expectDrawnSafe(formatConfigErrors([...errors]).split('\n'), 'config errors');
}

describe('the config loader', () => {
  it('reads the example as it is', () => {
    expect(parseConfig(example('config.yaml'), 'config.yaml').ok).toBe(true);
  });

  it('gives a config or errors naming the file, for any file text', () => {
    fuzz(RUNS.file, [fileText(fc.constant(CONFIG))], (text) => {
      const result = settle(() => parseConfig(text, '/etc/oncall/config.yaml', {home: '/home/oncall'}));
      expect(result.ok, result.ok ? '' : String(result.error)).toBe(true);
      if (!result.ok) return;
      if (!result.value.ok) return expectClearErrors(result.value.errors, ['/etc/oncall/config.yaml']);
      expect(result.value.config.contexts.length).toBeGreaterThan(0);
      expectDrawnSafe(drawnSlos(result.value.config.contexts.flatMap((c) => toSloDefinitions(c))), 'config SLOs');
    });
  });
});

describe('the SLO file readers', () => {
  it('read the examples as they are', () => {
    const result = parseSloFiles(SLO_FILES.map((docs, i) => ({file: `slo-${i}.yaml`, text: docs.map((d) => stringify(d)).join('---\n')})));
    expect(result.errors).toEqual([]);
    expect(result.definitions.length).toBeGreaterThan(4);
  });

  it('give definitions and errors naming the file, for any set of files', () => {
    const oneFile = fc.integer({min: 0, max: SLO_FILES.length - 1}).chain((i) => fc.array(fileText(fc.constantFrom(...SLO_FILES[i]!)), {minLength: 1, maxLength: 3}));
    fuzz(RUNS.file, [fc.array(oneFile, {minLength: 1, maxLength: 3})], (files) => {
      const texts = files.map((docs, i) => ({file: `slos/${i}.yaml`, text: docs.join('\n---\n')}));
      const result = settle(() => parseSloFiles(texts, ['checkout-availability']));
      expect(result.ok, result.ok ? '' : String(result.error)).toBe(true);
      if (!result.ok) return;
      const {definitions, errors} = result.value;
      if (errors.length > 0) expectClearErrors(errors, texts.map((t) => t.file));
      for (const d of definitions) expect(d.objective > 0 && d.objective < 100).toBe(true);
      expectDrawnSafe(drawnSlos(definitions), 'SLOs from files');
    });
  });
});
