/**
 * Rules that span several keys: the current context must exist, names must be unique, an SLO
 * has exactly one SLI, a context needs at least one source, and pairs like `tokenEnv`/`tokenFile`
 * are exclusive. They read the raw document defensively, so they run even when the schema has
 * already failed, and every mistake is reported in one pass.
 */
import {sanitize} from '../domain/sanitize.ts';
import {isAuthorizationHeader} from '../domain/secret-headers.ts';
import {closestKey, formatPath, quote, shownKey, type ConfigPath, type Finding} from './config-errors.ts';
import {isRecord, list, oneOf, present, type Obj} from './config-rule-kit.ts';
import {ALERT_SOURCE_RULES} from './config-schema-alert-sources.ts';
import {headerAlternative} from './config-secrets.ts';

const HEADER_KEYS = ['headers', 'headersEnv', 'headersFile'] as const;

/**
 * Each header is given once across `headers`, `headersEnv` and `headersFile` (names compare
 * without case, as HTTP's do), and `Authorization` by the keys made for it, which know its scheme.
 */
function headerRules(obj: Obj, path: ConfigPath, out: Finding[]): void {
  const first = new Map<string, string>();
  for (const key of HEADER_KEYS) {
    const map = obj[key];
    if (!isRecord(map)) continue;
    for (const name of Object.keys(map)) {
      if (key !== 'headers' && isAuthorizationHeader(name)) {
        out.push({path: [...path, key, name], target: 'key', message: `set the ${name} header with ${headerAlternative(obj)}, not ${key}`});
        continue;
      }
      const earlier = first.get(name.toLowerCase());
      if (earlier === undefined) first.set(name.toLowerCase(), key);
      else out.push({path: [...path, key, name], target: 'key', message: `header ${shownKey(name)} is already set in ${earlier}`});
    }
  }
}

/** Reports the second and later uses of each name, pointing back at the first. */
function uniqueNames(items: unknown[], path: ConfigPath, label: string, nameOf: (item: Obj) => unknown, out: Finding[]): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    if (!isRecord(item)) return;
    const name = nameOf(item);
    if (typeof name !== 'string') return;
    const first = seen.get(name);
    if (first === undefined) seen.set(name, i);
    else out.push({path: [...path, i, 'name'], message: `duplicate ${label} name ${quote(name)} (already used by ${formatPath([...path, first])})`});
  });
}

function endpointRules(ep: unknown, path: ConfigPath, out: Finding[]): void {
  if (!isRecord(ep)) return;
  headerRules(ep, path, out);
  oneOf(ep, path, 'bearerTokenEnv', 'bearerTokenFile', out);
  if ((present(ep, 'bearerTokenEnv') || present(ep, 'bearerTokenFile')) && present(ep, 'basicAuth')) {
    out.push({path: [...path, 'basicAuth'], target: 'key', message: 'set either a bearer token or basicAuth, not both'});
  }
  if (isRecord(ep['basicAuth'])) oneOf(ep['basicAuth'], [...path, 'basicAuth'], 'passwordEnv', 'passwordFile', out, true);
}

function sloRules(slo: unknown, path: ConfigPath, out: Finding[]): void {
  if (!isRecord(slo)) return;
  const ratio = ['errorQuery', 'totalQuery'].filter((k) => present(slo, k));
  if (present(slo, 'latency')) {
    if (ratio.length > 0) {
      out.push({path: [...path, 'latency'], target: 'key', message: 'an SLO is either a ratio (errorQuery + totalQuery) or latency, not both'});
    }
  } else if (ratio.length === 0) {
    out.push({path, message: 'SLO has no SLI; set errorQuery + totalQuery (a ratio) or latency'});
  } else if (ratio.length === 1) {
    const missing = ratio[0] === 'errorQuery' ? 'totalQuery' : 'errorQuery';
    out.push({path: [...path, missing], message: `missing required key "${missing}" (a ratio SLO needs errorQuery and totalQuery)`});
  }
}

// Equal thresholds leave no warning band and hide which way is worse (crit below warn: lower is worse).
function panelRules(panel: unknown, path: ConfigPath, out: Finding[]): void {
  if (!isRecord(panel) || typeof panel['warn'] !== 'number' || panel['warn'] !== panel['crit']) return;
  out.push({path: [...path, 'crit'], message: 'crit equals warn; set crit above warn (higher is worse) or below it (lower is worse, e.g. free disk)'});
}

function integrationRules(obj: unknown, path: ConfigPath, out: Finding[]): void {
  if (!isRecord(obj)) return;
  headerRules(obj, path, out);
  oneOf(obj, path, 'tokenEnv', 'tokenFile', out);
  oneOf(obj, path, 'secretEnv', 'secretFile', out);
  if (obj['provider'] === 'json') oneOf(obj, path, 'url', 'file', out, true);
  if (obj['provider'] === 'argocd' && path.at(-1) === 'deploys') oneOf(obj, path, 'app', 'project', out, true);
  if (obj['provider'] === 'github' && path.at(-1) === 'deploys' && !present(obj, 'workflow')) {
    for (const key of ['branch', 'event', 'titlePattern']) {
      if (present(obj, key)) out.push({path: [...path, key], target: 'key', message: `${key} filters workflow runs; set workflow too (the deploy workflow's file name, e.g. deploy.yml)`});
    }
  }
}

/**
 * A rollback dispatched to the deploy workflow itself becomes one of the runs the history lists,
 * with the head commit of the rollback's ref rather than the version it put back. It can only be
 * told apart by the request id in its title, so that input is required when both name the same
 * workflow (and the deploy history's branch and event filters do not already leave it out).
 */
function sameWorkflowRule(deploys: unknown, rollback: unknown, path: ConfigPath, out: Finding[]): void {
  if (!isRecord(deploys) || !isRecord(rollback) || deploys['provider'] !== 'github' || rollback['provider'] !== 'github-actions') return;
  if (typeof deploys['workflow'] !== 'string' || deploys['workflow'] !== rollback['workflow']) return;
  if (String(deploys['repo']).toLowerCase() !== String(rollback['repo']).toLowerCase()) return;
  if (present(deploys, 'event') && deploys['event'] !== 'workflow_dispatch') return;
  const ref = typeof rollback['ref'] === 'string' ? rollback['ref'].replace(/^refs\/(heads|tags)\//, '') : 'main';
  if (present(deploys, 'branch') && deploys['branch'] !== ref) return;
  const inputs = isRecord(rollback['inputs']) ? rollback['inputs'] : {};
  if (Object.hasOwn(inputs, 'oncall_request_id')) return;
  out.push({
    path: [...path, 'rollback', 'workflow'],
    message: `${quote(deploys['workflow'])} is also the deploy workflow whose runs are the deploy history; add oncall_request_id to rollback.inputs and show it in the workflow's run-name, so a rollback run is not read as a deploy of the ref's head commit`,
  });
}

function contextRules(ctx: unknown, path: ConfigPath, out: Finding[]): void {
  if (!isRecord(ctx)) return;
  const alertmanagers = list(ctx['alertmanagers']);
  // A mistyped list still counts as a source: its type error is the one to report.
  const hasAlertmanagers = Array.isArray(ctx['alertmanagers']) ? alertmanagers.length > 0 : present(ctx, 'alertmanagers');
  // A context with only a rollback provider is useful: `oncall rollback SERVICE --to VERSION`.
  const alertSources = list(ctx['alertSources']);
  if (!present(ctx, 'prometheus') && !hasAlertmanagers && alertSources.length === 0 && !present(ctx, 'deploys') && !present(ctx, 'rollback')) {
    out.push({path, message: 'context has no sources; configure prometheus, alertmanagers, alertSources, deploys or rollback'});
  }
  // Each kind's own cross-key rules sit beside its schema, so a new kind touches no file here.
  alertSources.forEach((source, i) => {
    if (!isRecord(source) || typeof source['kind'] !== 'string' || !Object.hasOwn(ALERT_SOURCE_RULES, source['kind'])) return;
    ALERT_SOURCE_RULES[source['kind'] as keyof typeof ALERT_SOURCE_RULES](source, [...path, 'alertSources', i], out);
  });
  uniqueNames(alertSources, [...path, 'alertSources'], 'alert source', (s) => s['name'] ?? s['kind'], out);
  // Names key health, `seenBy` and the action log: an alert source may not share an Alertmanager's.
  const amNames = new Set(alertmanagers.flatMap((am) => (isRecord(am) ? [am['name'] ?? hostOf(am['url'])] : [])));
  alertSources.forEach((source, i) => {
    const name = isRecord(source) ? (source['name'] ?? source['kind']) : undefined;
    if (typeof name === 'string' && amNames.has(name)) out.push({path: [...path, 'alertSources', i, 'name'], message: `alert source name ${quote(name)} is already an Alertmanager's`});
  });
  const slos = list(ctx['slos']);
  if (slos.length > 0 && !present(ctx, 'prometheus')) {
    out.push({path: [...path, 'slos'], target: 'key', message: 'slos need a prometheus source in the same context'});
  }
  if (list(ctx['sloFiles']).length > 0 && !present(ctx, 'prometheus')) {
    out.push({path: [...path, 'sloFiles'], target: 'key', message: 'sloFiles need a prometheus source in the same context'});
  }
  endpointRules(ctx['prometheus'], [...path, 'prometheus'], out);
  alertmanagers.forEach((am, i) => endpointRules(am, [...path, 'alertmanagers', i], out));
  uniqueNames(alertmanagers, [...path, 'alertmanagers'], 'alertmanager', (am) => am['name'] ?? hostOf(am['url']), out);
  uniqueNames(slos, [...path, 'slos'], 'SLO', (slo) => slo['name'], out);
  slos.forEach((slo, i) => sloRules(slo, [...path, 'slos', i], out));
  const panels = list(ctx['panels']);
  if (panels.length > 0 && !present(ctx, 'prometheus')) {
    out.push({path: [...path, 'panels'], target: 'key', message: 'panels need a prometheus source in the same context'});
  }
  uniqueNames(panels, [...path, 'panels'], 'panel', (p) => p['name'], out);
  panels.forEach((p, i) => panelRules(p, [...path, 'panels', i], out));
  integrationRules(ctx['deploys'], [...path, 'deploys'], out);
  integrationRules(ctx['rollback'], [...path, 'rollback'], out);
  sameWorkflowRule(ctx['deploys'], ctx['rollback'], path, out);
}

function hostOf(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

function currentContextRules(root: Obj, names: string[], out: Finding[]): void {
  const current = root['current-context'];
  const known = names.join(', ');
  if (current === undefined || current === null) {
    const choice = names.length > 0 ? `one of the contexts: ${known}` : 'the name of the context to show first';
    out.push({path: ['current-context'], message: `missing required key "current-context"; set it to ${choice}`});
  } else if (typeof current === 'string' && names.length > 0 && !names.includes(current)) {
    const guess = closestKey(current, names);
    const hint = guess === null ? '' : ` (did you mean ${quote(guess)}?)`;
    out.push({path: ['current-context'], message: `current-context ${quote(current)} names no context${hint}; known contexts: ${known}`});
  }
}

// `--context` and `current-context` are split at commas and read `*` as every context; each
// word is trimmed, so a name with a space at either end could never be selected.
const NOT_SELECTABLE = 'cannot be * or hold a comma (they select several contexts on the command line)';
const NOT_TRIMMED = 'cannot start or end with a space (the command line and current-context are read trimmed, so it could never be selected)';
// A name is printed in messages, headers and documents: shown escaped (`␛`, `\u202e`), it is not
// the name typed to select it, and raw it would act on the terminal or hide or reorder text.
const NOT_PRINTABLE = 'cannot hold control or invisible characters (ESC, BEL, a bidi override, a zero-width space): it is printed in messages and headers';

/** Why `--context` could not select this name, or null when it can. */
function unselectable(name: string): string | null {
  if (name === '*' || name.includes(',')) return NOT_SELECTABLE;
  if (sanitize(name) !== name) return NOT_PRINTABLE;
  return name.trim() === name ? null : NOT_TRIMMED;
}

/**
 * A context's name must be one `--context` can select: one with a comma (or `*`) passes for
 * several, one with a space at either end for another, and the current-context naming it would
 * open nothing (or every context). Nor may it hold what sanitizing would escape: it is printed.
 */
function contextNameRules(contexts: unknown[], out: Finding[]): void {
  contexts.forEach((ctx, i) => {
    const name = isRecord(ctx) ? ctx['name'] : undefined;
    const why = typeof name === 'string' ? unselectable(name) : null;
    // A control (a zero-width space pasted from a wiki) leaves the name selecting that context
    // alone: it is left out, and prod still opens mid-incident. The name is quoted (escaped when
    // printed): `prod` as typed and `prod\u200b` look alike otherwise.
    if (why !== null) out.push({path: ['contexts', i, 'name'], message: `a context name ${quote(name)} ${why}`, ...(why === NOT_PRINTABLE ? {ownEntry: true as const} : {})});
  });
}

/**
 * Every member of a context group names a context, and a group's name is not a context's (or
 * `--context NAME` would mean two things). `*` means every context, so no group may take it.
 */
function contextGroupRules(root: Obj, names: string[], out: Finding[]): void {
  const groups = root['contextGroups'];
  if (!isRecord(groups)) return;
  for (const [group, members] of Object.entries(groups)) {
    if (names.includes(group)) out.push({path: ['contextGroups', group], target: 'key', message: `group ${quote(group)} has the name of a context; --context ${group} would mean both`});
    const why = unselectable(group);
    // As for a context: a control leaves the name selecting that group alone, so only it is left out.
    if (why !== null) out.push({path: ['contextGroups', group], target: 'key', message: `a group name ${quote(group)} ${why}`, ...(why === NOT_PRINTABLE ? {ownEntry: true as const} : {})});
    list(members).forEach((member, i) => {
      if (typeof member !== 'string' || names.length === 0 || names.includes(member)) return;
      const guess = closestKey(member, names);
      out.push({path: ['contextGroups', group, i], message: `${quote(member)} names no context${guess === null ? '' : ` (did you mean ${quote(guess)}?)`}; known contexts: ${names.join(', ')}`});
    });
  }
}

/** Runs every cross-key rule over a parsed (not yet validated) document. */
export function checkConfigRules(root: unknown): Finding[] {
  const out: Finding[] = [];
  if (!isRecord(root)) return out;
  const contexts = list(root['contexts']);
  const names = contexts.flatMap((c) => (isRecord(c) && typeof c['name'] === 'string' ? [c['name']] : []));
  currentContextRules(root, [...new Set(names)], out);
  uniqueNames(contexts, ['contexts'], 'context', (c) => c['name'], out);
  contextNameRules(contexts, out);
  contexts.forEach((ctx, i) => contextRules(ctx, ['contexts', i], out));
  contextGroupRules(root, [...new Set(names)], out);
  return out;
}
