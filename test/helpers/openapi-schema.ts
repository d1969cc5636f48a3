/**
 * Validates values against a Swagger 2.0 / OpenAPI definition from the shared contracts, so our
 * request bodies and test fakes are checked against the backend's own description.
 *
 * A small hand-written walker rather than a JSON-schema library: Swagger 2.0 definitions are not
 * standalone JSON-schema documents (refs point into the API description, `format`s need plugins),
 * and the subset used by these contracts — $ref, allOf, oneOf, anyOf, type, nullable (OpenAPI
 * 3.0), required, properties, additionalProperties, items, enum, min/maxItems, min/maxLength,
 * maxProperties, date-time/uri/uuid formats — fits in a page.
 */
import {readFileSync} from 'node:fs';
import {dirname, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parse} from 'yaml';

/** A JSON-schema node as it appears in the contracts. */
export type SchemaNode = Record<string, unknown>;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of a contract file; contracts live beside the repo in `../shared/contracts`. */
export function contractPath(file: string): string {
  return resolve(repoRoot, '..', 'shared', 'contracts', file);
}

/** Loads a YAML or JSON API description from the shared contracts (JSON ones with the faster JSON parser). */
export function loadContract(file: string): SchemaNode {
  const text = readFileSync(contractPath(file), 'utf8');
  return (file.endsWith('.json') ? JSON.parse(text) : parse(text)) as SchemaNode;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function resolveRef(doc: SchemaNode, ref: string): SchemaNode {
  if (!ref.startsWith('#/')) throw new Error(`external $ref not supported: ${ref}`);
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (node === undefined) throw new Error(`unresolved $ref: ${ref}`);
  return node as SchemaNode;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * Validates `value` against `schema` (a node or a `#/definitions/...` ref) inside `doc`.
 * @returns the problems found, each as `path: what`; empty when the value conforms
 */
export function validate(doc: SchemaNode, schema: SchemaNode | string, value: unknown, path = '$'): string[] {
  const node = typeof schema === 'string' ? resolveRef(doc, schema) : schema;
  if (typeof node.$ref === 'string') return validate(doc, resolveRef(doc, node.$ref), value, path);
  const problems: string[] = [];
  for (const part of (node.allOf as SchemaNode[] | undefined) ?? []) problems.push(...validate(doc, part, value, path));
  // OpenAPI 3.0: `nullable: true` admits null whatever the type and enum say.
  if (value === null && node.nullable === true) return problems;
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = node[key] as SchemaNode[] | undefined;
    if (!options) continue;
    const fits = options.filter((option) => validate(doc, option, value, path).length === 0).length;
    if (key === 'oneOf' ? fits !== 1 : fits === 0) problems.push(`${path}: matches ${fits} of the ${key} alternatives`);
  }
  const type = node.type as string | undefined;
  const actual = typeOf(value);
  if (type && !(actual === type || (type === 'number' && actual === 'integer'))) return [...problems, `${path}: expected ${type}, got ${actual}`];
  if (Array.isArray(node.enum) && !node.enum.includes(value)) problems.push(`${path}: ${JSON.stringify(value)} not in ${JSON.stringify(node.enum)}`);
  // The description's own default is valid even where the format is not (GitHub: `log_url`, default "").
  if (typeof value === 'string' && value !== node.default) {
    if (node.format === 'date-time' && !(RFC3339.test(value) && Number.isFinite(Date.parse(value)))) problems.push(`${path}: not a date-time: ${value}`);
    if (node.format === 'uuid' && !UUID.test(value)) problems.push(`${path}: not a uuid: ${value}`);
    if (node.format === 'uri' && !URL.canParse(value)) problems.push(`${path}: not a uri: ${value}`);
    if (typeof node.maxLength === 'number' && value.length > node.maxLength) problems.push(`${path}: longer than ${node.maxLength}`);
    if (typeof node.minLength === 'number' && value.length < node.minLength) problems.push(`${path}: shorter than ${node.minLength}`);
  }
  if (Array.isArray(value)) {
    if (typeof node.minItems === 'number' && value.length < node.minItems) problems.push(`${path}: fewer than ${node.minItems} items`);
    if (typeof node.maxItems === 'number' && value.length > node.maxItems) problems.push(`${path}: more than ${node.maxItems} items`);
    if (node.items) value.forEach((item, i) => problems.push(...validate(doc, node.items as SchemaNode, item, `${path}[${i}]`)));
  }
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of (node.required as string[] | undefined) ?? []) if (!(key in object)) problems.push(`${path}: missing required ${key}`);
    if (typeof node.maxProperties === 'number' && Object.keys(object).length > node.maxProperties) problems.push(`${path}: more than ${node.maxProperties} properties`);
    const properties = (node.properties as Record<string, SchemaNode> | undefined) ?? {};
    for (const [key, v] of Object.entries(object)) {
      if (properties[key]) problems.push(...validate(doc, properties[key], v, `${path}.${key}`));
      else if (typeof node.additionalProperties === 'object') problems.push(...validate(doc, node.additionalProperties as SchemaNode, v, `${path}.${key}`));
      else if (node.additionalProperties === false) problems.push(`${path}: unexpected property ${key}`);
    }
  }
  return problems;
}
