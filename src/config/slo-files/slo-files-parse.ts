/**
 * SLO file texts → SLO definitions, pure (no file is read here, so every rule is tested on
 * strings). Each YAML document (files often hold several, split by `---`) is recognised by its
 * `version` (Sloth) or `apiVersion` + `kind`, converted by its format's reader, and checked for
 * names already taken. Problems are collected, never thrown: a broken SLO is reported and left
 * out, and the others still load.
 */
import {LineCounter, parseAllDocuments, type YAMLError} from 'yaml';
import type {SloDefinition} from '../../domain/slo.ts';
import {quote, type ConfigError} from '../config-errors.ts';
import {makeLocator} from '../config-locate.ts';
import {OPENSLO_KINDS, opensloSlos, type OpenSloDoc} from './openslo-spec.ts';
import {opensloV1alphaSlos} from './openslo-v1alpha.ts';
import {pyrraSlos} from './pyrra-spec.ts';
import {docReader, isRecord, type DocReader, type FoundSlo} from './slo-files-doc.ts';
import {slothSlos} from './sloth-spec.ts';

/** One SLO file's name (used in messages) and text. */
export interface SloFileText {
  file: string;
  text: string;
}

/** What a set of SLO files yields: the SLOs that loaded, and every problem, in file order. */
export interface SloFilesResult {
  definitions: SloDefinition[];
  errors: ConfigError[];
}

const KNOWN = 'oncall reads Sloth (version: prometheus/v1, or sloth.slok.dev/v1 PrometheusServiceLevel), Pyrra (pyrra.dev/v1alpha1 ServiceLevelObjective) and OpenSLO (openslo/v1, and openslo/v1alpha SLO)';
// Valid OpenSLO kinds that carry no SLO oncall can show.
const OPENSLO_OTHER = ['Service', 'AlertPolicy', 'AlertCondition', 'AlertNotificationTarget'];

function fileError(file: string, message: string): ConfigError {
  return {file, line: null, column: null, path: '', message};
}

function yamlError(file: string, lines: LineCounter, err: YAMLError): ConfigError {
  const {line, col} = lines.linePos(err.pos[0]);
  return {file, line, column: col, path: '', message: `YAML syntax error: ${err.message}`};
}

/** Routes one document to its format; OpenSLO documents wait for the others (references). */
function readDocument(r: DocReader, openslo: OpenSloDoc[]): FoundSlo[] {
  const data = r.doc.data;
  if (!isRecord(data)) return r.fail([], 'an SLO document must be a mapping (or, in a list-form file, each entry)') ?? [];
  const {version, apiVersion, kind} = data;
  if (version !== undefined && apiVersion === undefined) {
    if (version === 'prometheus/v1') return slothSlos(r, 'prometheus/v1');
    return r.fail(['version'], `unsupported Sloth spec version ${quote(version)}; oncall reads prometheus/v1`) ?? [];
  }
  if (apiVersion === undefined) return r.fail([], `not an SLO document: no apiVersion or version; ${KNOWN}`) ?? [];
  const expect = (wanted: string, read: () => FoundSlo[]): FoundSlo[] =>
    kind === wanted ? read() : (r.fail(['kind'], `unknown kind ${quote(kind ?? null)} for ${String(apiVersion)}; expected ${wanted}`) ?? []);
  switch (apiVersion) {
    case 'sloth.slok.dev/v1':
      return expect('PrometheusServiceLevel', () => slothSlos(r, 'kubernetes'));
    case 'pyrra.dev/v1alpha1':
      return expect('ServiceLevelObjective', () => pyrraSlos(r));
    case 'openslo/v1': {
      const known = OPENSLO_KINDS.find((k) => k === kind);
      if (known !== undefined) openslo.push({r, kind: known});
      else if (!OPENSLO_OTHER.includes(String(kind))) {
        r.fail(['kind'], `unknown OpenSLO kind ${quote(kind ?? null)}; expected SLO, SLI or DataSource`);
      }
      return [];
    }
    case 'openslo/v1alpha':
      return opensloV1alphaSlos(r);
    default:
      return r.fail(['apiVersion'], `unknown apiVersion ${quote(apiVersion)}; ${KNOWN}`) ?? [];
  }
}

/** Splits one file into documents and reads the Sloth and Pyrra ones. */
function readFile(file: SloFileText, errors: ConfigError[], openslo: OpenSloDoc[]): FoundSlo[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(file.text, {lineCounter: lines, prettyErrors: false, merge: true, uniqueKeys: true});
  const list = Array.isArray(docs) ? docs : [];
  const found: FoundSlo[] = [];
  let empty = true;
  for (const doc of list) {
    if (doc.errors.length > 0) {
      errors.push(...doc.errors.map((e) => yamlError(file.file, lines, e)));
      continue;
    }
    let data: unknown;
    try {
      data = doc.toJS({maxAliasCount: 100});
    } catch (err) {
      // Only alias expansion throws here (a "billion laughs" document).
      errors.push(fileError(file.file, `YAML error: ${err instanceof Error ? err.message : String(err)}`));
      continue;
    }
    // An empty document (a trailing `---`, or only comments) holds nothing to read.
    if (data === null || data === undefined) continue;
    const locate = makeLocator(doc, lines);
    // OpenSLO also allows a file whose top level is a list of documents.
    const entries = Array.isArray(data) ? data.map((entry, i) => ({data: entry, prefix: [i]})) : [{data, prefix: []}];
    for (const entry of entries) {
      empty = false;
      found.push(...readDocument(docReader({file: file.file, data: entry.data, locate, prefix: entry.prefix}, errors), openslo));
    }
  }
  if (empty && errors.every((e) => e.file !== file.file)) errors.push(fileError(file.file, 'file has no SLO documents'));
  return found;
}

/**
 * Keeps the first SLO of each name. Names must be unique in a context (they key the PromQL
 * results), across the config's own `slos` and every SLO file.
 */
function dropDuplicates(found: FoundSlo[], nativeNames: readonly string[], errors: ConfigError[]): SloDefinition[] {
  const seen = new Map<string, string>(nativeNames.map((n) => [n, 'an SLO in the config (slos)']));
  const out: SloDefinition[] = [];
  for (const {definition, origin} of found) {
    const first = seen.get(definition.name);
    if (first !== undefined) {
      errors.push({...origin, message: `duplicate SLO name ${quote(definition.name)} (already used by ${first})`});
      continue;
    }
    const where = origin.line === null ? origin.file : `${origin.file}:${origin.line}`;
    seen.set(definition.name, where);
    out.push(definition);
  }
  return out;
}

/** Orders by file (in the given order), then by position, then as found. */
function byFile<T extends {file: string; line: number | null; column: number | null}>(items: T[], files: readonly SloFileText[]): T[] {
  const rank = new Map(files.map((f, i) => [f.file, i]));
  const key = (x: T) => [rank.get(x.file) ?? files.length, x.line ?? Number.MAX_SAFE_INTEGER, x.column ?? 0] as const;
  return [...items].sort((a, b) => {
    const [fa, la, ca] = key(a);
    const [fb, lb, cb] = key(b);
    return fa - fb || la - lb || ca - cb;
  });
}

/**
 * Reads a set of SLO files together (an OpenSLO SLO may use an SLI from another file).
 * `nativeNames` are the names of the config's own SLOs, which files may not reuse.
 */
export function parseSloFiles(files: readonly SloFileText[], nativeNames: readonly string[] = []): SloFilesResult {
  const errors: ConfigError[] = [];
  const openslo: OpenSloDoc[] = [];
  const found = files.flatMap((f) => readFile(f, errors, openslo));
  found.push(...opensloSlos(openslo));
  const ordered = byFile(found.map((f) => ({...f, file: f.origin.file, line: f.origin.line, column: f.origin.column})), files);
  const definitions = dropDuplicates(ordered, nativeNames, errors);
  return {definitions, errors: byFile(errors, files)};
}
