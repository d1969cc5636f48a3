/** Shared by the SLO file tests: native config equivalents and example files. */
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {expect} from 'vitest';
import {parseConfig} from '../../../src/config/config-load.ts';
import {toSloDefinitions} from '../../../src/config/config-slos.ts';
import {parseSloFiles, type SloFilesResult} from '../../../src/config/slo-files/slo-files-parse.ts';
import type {SloDefinition, SloSource} from '../../../src/domain/slo.ts';

/**
 * The definitions a native config with these `slos:` entries produces (written as a YAML list
 * indented by six spaces), relabelled with the source of the file format they stand in for.
 */
export function nativeSlos(slosYaml: string, source: SloSource): SloDefinition[] {
  const text = `current-context: prod\ncontexts:\n  - name: prod\n    prometheus: {url: http://127.0.0.1:9090}\n    slos:\n${slosYaml}`;
  const result = parseConfig(text, 'config.yaml');
  if (!result.ok) throw new Error(`native equivalent is invalid: ${JSON.stringify(result.errors)}`);
  const ctx = result.config.contexts[0];
  if (!ctx) throw new Error('no context');
  return toSloDefinitions(ctx).map((d) => ({...d, source}));
}

/** The text of a file under examples/slos/. */
export function exampleText(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../../examples/slos/${name}`, import.meta.url)), 'utf8');
}

/** Parses one text as the named file, expecting no errors. */
export function parsedOk(file: string, text: string): SloDefinition[] {
  const result = parseSloFiles([{file, text}]);
  expect(result.errors).toEqual([]);
  return result.definitions;
}

/** Parses one text as the named file and returns its errors as `line:col: path: message` lines. */
export function errorLines(file: string, text: string, nativeNames: readonly string[] = []): string[] {
  return linesOf(parseSloFiles([{file, text}], nativeNames));
}

/** Errors of a result as `file:line:col: path: message` lines. */
export function linesOf(result: SloFilesResult): string[] {
  return result.errors.map((e) => `${e.file}:${e.line ?? '-'}:${e.column ?? '-'}: ${e.path}: ${e.message}`);
}
