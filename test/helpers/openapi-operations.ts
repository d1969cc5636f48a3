/**
 * Checks whole HTTP exchanges against an API description from the shared contracts: that the
 * operation exists (method + path template), that the path and query parameters are declared and
 * of the declared type, and that request and response bodies fit the operation's schemas. Works
 * for Swagger 2.0 (Argo CD) and OpenAPI 3.0 (GitHub) descriptions; the schema walk itself is
 * `validate` from `openapi-schema.ts`.
 */
import {validate, type SchemaNode} from './openapi-schema.ts';

/** An operation located in a description. */
export interface FoundOperation {
  /** The path template, e.g. `/repos/{owner}/{repo}/deployments`. */
  template: string;
  operation: SchemaNode;
  /** Path parameters of the concrete path, URL-decoded. */
  pathParams: Record<string, string>;
  /** Path-level and operation-level parameters together. */
  parameters: SchemaNode[];
}

// OpenAPI 3 lets a parameter or a response be a `$ref` into `components` (PagerDuty's are all).
function deref(doc: SchemaNode, node: SchemaNode): SchemaNode {
  let out = node;
  for (let depth = 0; typeof out.$ref === 'string' && depth < 8; depth++) {
    let target: unknown = doc;
    for (const part of (out.$ref as string).replace(/^#\//, '').split('/')) target = (target as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (target === undefined) throw new Error(`unresolved $ref: ${String(out.$ref)}`);
    out = target as SchemaNode;
  }
  return out;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

function templateRegex(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '([^/]+)');
  return new RegExp(`^${escaped}$`);
}

function paramNames(template: string): string[] {
  return [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
}

/**
 * Finds the operation serving `method pathname`. A literal segment beats a template one
 * (`/applications/manifestsWithFiles` over `/applications/{name}`).
 */
export function findOperation(doc: SchemaNode, method: string, pathname: string): FoundOperation | null {
  const paths = doc.paths as Record<string, SchemaNode>;
  const candidates = Object.keys(paths)
    .map((template) => ({template, match: templateRegex(template).exec(pathname)}))
    .filter((c): c is {template: string; match: RegExpExecArray} => c.match !== null)
    .sort((a, b) => paramNames(a.template).length - paramNames(b.template).length);
  for (const {template, match} of candidates) {
    const item = paths[template] as SchemaNode;
    const operation = item[method.toLowerCase()] as SchemaNode | undefined;
    if (!operation || !METHODS.has(method.toLowerCase())) continue;
    const pathParams: Record<string, string> = {};
    paramNames(template).forEach((name, i) => (pathParams[name] = decodeURIComponent(match[i + 1] ?? '')));
    const parameters = [...((item.parameters as SchemaNode[] | undefined) ?? []), ...((operation.parameters as SchemaNode[] | undefined) ?? [])].map((p) => deref(doc, p));
    return {template, operation, pathParams, parameters};
  }
  return null;
}

/** The schema of a parameter: OpenAPI 3 nests it under `schema`, Swagger 2 inlines it. */
function paramSchema(param: SchemaNode): SchemaNode {
  if (param.schema) return param.schema as SchemaNode;
  const {type, items, format, enum: values} = param;
  return Object.fromEntries(Object.entries({type, items, format, enum: values}).filter(([, v]) => v !== undefined));
}

// GitHub documents `created` as a date-time but reads it with its search syntax
// (`>=2026-01-01T00:00:00Z`, `a..b`): check the date-times inside the qualifier.
function searchDates(raw: string): string[] {
  const range = raw.split('..');
  if (range.length === 2) return range.filter((side) => side !== '*');
  return [raw.replace(/^(>=|<=|>|<)/, '')];
}

/** Checks one textual parameter value against its schema, coercing it to the declared type. */
function checkParam(doc: SchemaNode, schema: SchemaNode, raw: string, path: string, inQuery: boolean): string[] {
  const options = (schema.oneOf ?? schema.anyOf) as SchemaNode[] | undefined;
  if (options) {
    return options.some((option) => checkParam(doc, option, raw, path, inQuery).length === 0) ? [] : [`${path}: ${JSON.stringify(raw)} fits none of the alternatives`];
  }
  switch (schema.type) {
    case 'integer':
      return /^-?\d+$/.test(raw) ? validate(doc, schema, Number(raw), path) : [`${path}: expected integer, got ${JSON.stringify(raw)}`];
    case 'number':
      return Number.isFinite(Number(raw)) && raw.trim() !== '' ? validate(doc, schema, Number(raw), path) : [`${path}: expected number, got ${JSON.stringify(raw)}`];
    case 'boolean':
      return raw === 'true' || raw === 'false' ? [] : [`${path}: expected boolean, got ${JSON.stringify(raw)}`];
    default:
      if (inQuery && schema.format === 'date-time') return searchDates(raw).flatMap((d) => validate(doc, schema, d, path));
      return validate(doc, schema, raw, path);
  }
}

function jsonSchemaOf(holder: SchemaNode | undefined): SchemaNode | undefined {
  const content = holder?.content as Record<string, SchemaNode> | undefined;
  return content?.['application/json']?.schema as SchemaNode | undefined;
}

/** A request as it reached the server. `body` is the parsed JSON, `undefined` when there was none. */
export interface ContractRequest {
  method: string;
  /** Path and query string, e.g. `/repos/a/b/deployments?environment=prod`. */
  url: string;
  body?: unknown;
}

/** Problems of a request against the description; empty when it conforms. */
export function validateRequest(doc: SchemaNode, request: ContractRequest): string[] {
  const url = new URL(request.url, 'http://contract.invalid');
  const where = `${request.method} ${url.pathname}`;
  const found = findOperation(doc, request.method, url.pathname);
  if (!found) return [`${where}: no such operation in the contract`];
  const problems: string[] = [];
  const params = found.parameters;
  for (const [name, value] of Object.entries(found.pathParams)) {
    const declared = params.find((p) => p.in === 'path' && p.name === name);
    if (!declared) problems.push(`${where}: path parameter ${name} not declared`);
    else problems.push(...checkParam(doc, paramSchema(declared), value, `${where} path.${name}`, false));
  }
  for (const name of new Set(url.searchParams.keys())) {
    const declared = params.find((p) => p.in === 'query' && p.name === name);
    const values = url.searchParams.getAll(name);
    if (!declared) {
      problems.push(`${where}: query parameter ${name} not in the contract`);
      continue;
    }
    const schema = paramSchema(declared);
    if (schema.type === 'array') {
      values.forEach((v, i) => problems.push(...checkParam(doc, (schema.items as SchemaNode | undefined) ?? {}, v, `${where} query.${name}[${i}]`, true)));
    } else if (declared.explode === true && name.endsWith('[]')) {
      // PagerDuty declares `statuses[]`, `include[]` as one exploded string each: repeated, each value checked.
      values.forEach((v, i) => problems.push(...checkParam(doc, schema, v, `${where} query.${name}[${i}]`, true)));
    } else if (values.length > 1) {
      problems.push(`${where}: query parameter ${name} repeated`);
    } else {
      problems.push(...checkParam(doc, schema, values[0] ?? '', `${where} query.${name}`, true));
    }
  }
  for (const p of params) if (p.in === 'query' && p.required === true && !url.searchParams.has(p.name as string)) problems.push(`${where}: missing query parameter ${String(p.name)}`);
  const bodyParam = params.find((p) => p.in === 'body');
  const requestBody = found.operation.requestBody as SchemaNode | undefined;
  const bodySchema = bodyParam ? (bodyParam.schema as SchemaNode) : jsonSchemaOf(requestBody);
  const bodyRequired = bodyParam ? bodyParam.required === true : requestBody?.required === true;
  if (request.body === undefined) {
    if (bodyRequired) problems.push(`${where}: request body required`);
  } else if (!bodySchema) {
    problems.push(`${where}: the operation takes no JSON body`);
  } else {
    problems.push(...validate(doc, bodySchema, request.body, `${where} body`));
  }
  return problems;
}

/**
 * Problems of a response against the description: the status must be declared (or a `default`
 * exist) unless `fallback` gives the schema for undeclared errors, and the body must fit.
 * @param body parsed JSON, or `undefined` for an empty body
 */
export function validateResponse(doc: SchemaNode, method: string, pathname: string, status: number, body: unknown, fallback?: SchemaNode): string[] {
  const where = `${method} ${pathname} → ${status}`;
  const found = findOperation(doc, method, pathname);
  if (!found) return [`${where}: no such operation in the contract`];
  const responses = found.operation.responses as Record<string, SchemaNode>;
  const found2 = responses[String(status)] ?? responses.default;
  const declared = found2 ? deref(doc, found2) : undefined;
  if (!declared) {
    if (fallback) return body === undefined ? [] : validate(doc, fallback, body, `${where} body`);
    return [`${where}: status not declared by the operation`];
  }
  const schema = (declared.schema as SchemaNode | undefined) ?? jsonSchemaOf(declared);
  if (!schema) return body === undefined ? [] : [`${where}: the contract declares no body for this status`];
  if (body === undefined) return [`${where}: body expected`];
  return validate(doc, schema, body, `${where} body`);
}
