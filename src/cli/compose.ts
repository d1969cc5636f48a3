/**
 * Composition: a context of the config becomes the capability handles the rest of the app uses.
 * Secrets are read here, from the environment or files named in the config, and go straight into
 * the HTTP clients; they are never printed.
 */
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {toSloDefinitions} from '../config/config-slos.ts';
import {shownKey} from '../config/config-errors.ts';
import {describeSecretRef, lookupSecret, type SecretRef} from '../config/config-secrets.ts';
import type {AlertmanagerConfig, AlertSourceEntryConfig, ContextConfig, DeploysConfig, PrometheusConfig, RollbackConfig} from '../config/config-types.ts';
import {sloFileErrorEntries, sloFileNotes, type SloFilesResult} from '../config/slo-files/slo-files-load.ts';
import {parseDuration} from '../domain/duration.ts';
import {alertSourceSecretStyle, createAlertSource, type AlertSourceConfig, type AlertSourceSecrets} from '../sources/alert-source-kinds.ts';
import type {ContextServices} from '../sources/capabilities.ts';
import type {HttpClientOptions, Secret} from '../sources/http/http-client.ts';
import type {RequestGate} from '../sources/http/request-gate.ts';
import type {ClockSkewLog} from '../sources/http/clock-skew-log.ts';
import {sharingReads} from '../queries/shared-requests.ts';
import {createPrometheusSource} from '../sources/prometheus/prometheus-source.ts';
import {createDeploySource, createRollbacker, rollbackHistoryProblems, rollbackRunsWorkflow, rollbackScopeProblems, rollbackTemplateProblems, type ProviderDeps, type ProviderSecrets} from '../sources/deploy-providers.ts';
import type {CloseOptions} from '../sources/http/http-client.ts';
import {urlBase} from '../domain/url-base.ts';
import {rereadingSecretFile} from './secret-files.ts';

/** Environment variables, passed in so composition is testable. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Services plus notes for the user about what could not be set up. */
export interface Composed {
  services: ContextServices;
  notes: string[];
  /** The context's own theme (or the config's default), applied when switching to it. */
  themeName?: string;
  close(how?: CloseOptions): Promise<void>;
}

function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

/**
 * A secret, or null with a note saying why it could not be had (`not found`, `is a directory`,
 * `not readable (EACCES)`, `empty`) and where it was looked for; never what a file held.
 */
function secretOrNote(ref: SecretRef, env: Env, notes: string[], what: string, envKey: string): string | null {
  const found = lookupSecret(ref, env, readText);
  if ('value' in found) return found.value;
  notes.push(`${what} ${found.problem} (${describeSecretRef(ref, envKey)})`);
  return null;
}

/** What names its credential headers by reference (`headersEnv`, `headersFile`). */
interface SecretHeaderRefs {
  headersEnv?: Record<string, string> | undefined;
  headersFile?: Record<string, string> | undefined;
}

/**
 * The credential headers an entry gives by env var or file, read; one that cannot be had is a
 * note and is not sent (the backend's 401 then says the rest).
 */
function secretHeaderValues(refs: SecretHeaderRefs, env: Env, notes: string[], label: string): Record<string, string> {
  const out: Record<string, string> = {};
  const refsOf = (map: Record<string, string> | undefined, key: string, ref: (v: string) => SecretRef) =>
    Object.entries(map ?? {}).map(([name, value]) => ({name, ref: ref(value), key: `${key}[${shownKey(name)}]`}));
  for (const {name, ref, key} of [...refsOf(refs.headersEnv, 'headersEnv', (v) => ({env: v})), ...refsOf(refs.headersFile, 'headersFile', (v) => ({file: v}))]) {
    const value = secretOrNote(ref, env, notes, `${label}: ${shownKey(name)} header`, key);
    if (value !== null) out[name] = value;
  }
  return out;
}

/** The names of the headers an entry gives by reference: credentials whatever their names. */
function secretHeaderNames(refs: SecretHeaderRefs): string[] {
  return [...Object.keys(refs.headersEnv ?? {}), ...Object.keys(refs.headersFile ?? {})];
}

/**
 * A json deploys or webhook rollback entry with its credential headers read into `headers`, and
 * named in `secretHeaders` so no message shows them.
 */
function withSecretHeaders<T extends DeploysConfig | RollbackConfig>(config: T, env: Env, notes: string[], label: string): T {
  if (!('headers' in config)) return config;
  return {...config, headers: {...config.headers, ...secretHeaderValues(config, env, notes, label)}, secretHeaders: secretHeaderNames(config)};
}

/**
 * A secret read from `file` at start, as a getter that reads the file again when it changes. A
 * file missing or empty at start (a Vault agent or projected volume not ready yet) is noted, and
 * nothing ('') is sent until it appears: it is looked at again before each request too.
 */
function rotating(file: string | undefined, first: string | null): Secret | null {
  return file === undefined ? first : rereadingSecretFile(file, first ?? '');
}

/**
 * HTTP options of one endpoint, secrets resolved; a missing secret becomes a note, not a crash.
 * A bearer token or password from a file is read again whenever the file changes.
 */
export function endpointOptions(
  endpoint: PrometheusConfig | AlertmanagerConfig,
  env: Env,
  notes: string[],
  label: string,
): Omit<HttpClientOptions, 'timeoutMs'> & {timeoutMs?: number} {
  const token = endpoint.bearerTokenEnv || endpoint.bearerTokenFile
    ? rotating(endpoint.bearerTokenFile, secretOrNote({env: endpoint.bearerTokenEnv, file: endpoint.bearerTokenFile}, env, notes, `${label}: bearer token`, 'bearerTokenEnv'))
    : null;
  const basic = endpoint.basicAuth;
  const password = basic ? rotating(basic.passwordFile, secretOrNote({env: basic.passwordEnv, file: basic.passwordFile}, env, notes, `${label}: basic-auth password`, 'basicAuth.passwordEnv')) : null;
  let caPem: string | undefined;
  if (endpoint.caFile) {
    // An unreadable CA file is a note (TLS then fails with a clear error), not a crash at start.
    try {
      caPem = readText(endpoint.caFile);
    } catch {
      notes.push(`${label}: cannot read caFile ${endpoint.caFile}`);
    }
  }
  return {
    baseUrl: endpoint.url,
    pathPrefix: endpoint.pathPrefix,
    headers: {...endpoint.headers, ...secretHeaderValues(endpoint, env, notes, label)},
    secretHeaders: secretHeaderNames(endpoint),
    bearerToken: token ?? undefined,
    basicAuth: basic && password !== null ? {username: basic.username, password} : undefined,
    caPem,
    insecureSkipVerify: endpoint.insecureSkipVerify,
    // The configured `timeout` (schema default 10s); undefined leaves the adapter's own default.
    timeoutMs: parseDuration(endpoint.timeout) ?? undefined,
  };
}

const NO_SLO_FILES: SloFilesResult = {definitions: [], errors: []};

// A pool key as an alert source's `readKey`: a digest, because the key is the config entry and
// its headers may hold a token; the screen compares these keys, it never needs to read them.
const readKey = (poolKey: string): string => createHash('sha256').update(poolKey, 'utf8').digest('base64url');

/**
 * What the contexts of one process share: the bound on requests in flight, and one adapter per
 * distinct backend (the same URL, path, headers, credentials and name), so two contexts on one
 * Prometheus or Alertmanager ask it once per poll. The pool closes what it made.
 */
export interface SharedBackends {
  gate?: RequestGate;
  /** Where every HTTP client of the contexts notes its server's clock (the runtime's clock follows them). */
  clock?: ClockSkewLog;
  /** The adapter made for `key` before, else `make()`'s (whose reads the caller shares). */
  reuse<T extends {close(how?: CloseOptions): Promise<void>}>(key: string, make: () => T): T;
  close(how?: CloseOptions): Promise<void>;
}

/** A pool of adapters for the contexts of one process. */
export function createSharedBackends(gate?: RequestGate, clock?: ClockSkewLog): SharedBackends {
  const made = new Map<string, {close(how?: CloseOptions): Promise<void>}>();
  return {
    ...(gate ? {gate} : {}),
    ...(clock ? {clock} : {}),
    reuse<T extends {close(how?: CloseOptions): Promise<void>}>(key: string, make: () => T): T {
      let source = made.get(key) as T | undefined;
      if (!source) made.set(key, (source = make()));
      return source;
    },
    close: async (how) => {
      await Promise.allSettled([...made.values()].map((s) => s.close(how)));
      made.clear();
    },
  };
}

/** Token, CA and signing secret of a CI/CD provider; a missing one becomes a note. */
function providerSecrets(config: DeploysConfig | RollbackConfig | AlertSourceEntryConfig, env: Env, notes: string[], label: string): ProviderSecrets {
  const secrets: ProviderSecrets = {};
  const c = config as Partial<Record<'tokenEnv' | 'tokenFile' | 'secretEnv' | 'secretFile' | 'caFile', string>>;
  if (c.tokenEnv || c.tokenFile) {
    const token = secretOrNote({env: c.tokenEnv, file: c.tokenFile}, env, notes, `${label}: token`, 'tokenEnv');
    if (token !== null) secrets.token = token;
  }
  if (c.secretEnv || c.secretFile) {
    const secret = secretOrNote({env: c.secretEnv, file: c.secretFile}, env, notes, `${label}: signing secret`, 'secretEnv');
    if (secret !== null) secrets.signingSecret = secret;
  }
  if (c.caFile) {
    // An unreadable CA file is a note (TLS then fails with a clear error), not a crash at start.
    try {
      secrets.caPem = readText(c.caFile);
    } catch {
      notes.push(`${label}: cannot read caFile ${c.caFile}`);
    }
  }
  return secrets;
}

type AlertSourceEntry = {config: AlertSourceConfig; raw: AlertmanagerConfig | AlertSourceEntryConfig; silenceRetentionMs?: number};

/** The context's alert sources besides Prometheus, in config order: its Alertmanagers, then `alertSources:`. */
function alertSourceEntries(ctx: ContextConfig): AlertSourceEntry[] {
  return [
    // `silenceRetention` changes nothing the adapter reads: kept out of its config, the key two
    // contexts share one Alertmanager's adapter (and show its alerts once) by.
    ...ctx.alertmanagers.map(({silenceRetention, ...am}) => {
      const silenceRetentionMs = silenceRetention === undefined ? null : parseDuration(silenceRetention);
      return {config: {...am, kind: 'alertmanager' as const}, raw: am, ...(silenceRetentionMs === null ? {} : {silenceRetentionMs})};
    }),
    ...(ctx.alertSources ?? []).map((entry) => ({config: entry, raw: entry})),
  ];
}

/** The secrets of one alert source, resolved the way its kind takes them; a missing one is a note. */
function alertSourceSecrets(entry: AlertSourceEntry, env: Env, notes: string[]): AlertSourceSecrets {
  const name = entry.config.name;
  if (alertSourceSecretStyle(entry.config) === 'endpoint') return {endpoint: endpointOptions(entry.raw as AlertmanagerConfig, env, notes, name)};
  return {provider: providerSecrets(entry.raw as AlertSourceEntryConfig, env, notes, name)};
}

/**
 * Builds the services of one configured context. `sloFiles` are the context's SLO files, loaded
 * beforehand (reading them is asynchronous); their problems become notes, not a failure.
 */
export function composeContext(ctx: ContextConfig, env: Env, sloFiles: SloFilesResult = NO_SLO_FILES, shared?: SharedBackends): Composed {
  const notes: string[] = [];
  const closers: Array<(how?: CloseOptions) => Promise<void>> = [];
  // Without a pool each context has its own adapters and closes them; with one, the pool does.
  const own = <T extends {close(how?: CloseOptions): Promise<void>}>(key: string, make: () => T): T => {
    if (shared) return shared.reuse(key, make);
    const made = make();
    closers.push((how) => made.close(how));
    return made;
  };
  // The gate bounds the polls of every backend, Prometheus, Alertmanager and the API-style ones
  // (PagerDuty, Grafana, CI/CD deploy histories, through `deps`): the reads a refresh multiplies
  // by the contexts open. Only reads wait in it (http-client.ts); a rollback's backend gets
  // `deps` without it, so its dispatch, the reads that carry it out (the application a rollback
  // targets, the run a dispatch started) and the following of its run never queue behind polls:
  // an engineer's action is one request among a refresh's hundreds. The clock log goes to every
  // client, those and the API-style ones: the SLO windows end at Prometheus' now, an ack's silence
  // starts at Alertmanager's, an incident's or a deploy's age is counted from PagerDuty's or
  // GitHub's times; a context with only the latter must learn the machine's clock is off too.
  // Every answer is one sample, whichever backend sent it, as clock-skew-log.ts takes them: a
  // backend far from the others (a SaaS whose clock is right beside an on-prem Prometheus minutes
  // off) is not weighted or set aside. The app has one clock (architecture.md) and cannot follow
  // both; the median of the latest answers (domain/clock-skew.ts) follows the backends that
  // answer most, the Prometheus and Alertmanagers a context polls a dozen times a refresh and
  // sends times to (query ranges, silences), and outvotes a lone one as it does one wrong server.
  const gate = {...(shared?.gate ? {gate: shared.gate} : {}), ...(shared?.clock ? {clock: shared.clock} : {})};
  const actionDeps: ProviderDeps = shared?.clock ? {clock: shared.clock} : {};
  const deps: ProviderDeps = {...actionDeps, ...(shared?.gate ? {gate: shared.gate} : {})};
  let sloReader: ContextServices['sloReader'] = null;
  let panelReader: ContextServices['panelReader'] = null;
  const alertSources: ContextServices['alertSources'] = [];
  if (ctx.prometheus) {
    const promConfig = ctx.prometheus;
    // Secrets are resolved per context, outside the pool: each context missing its token says so.
    const promOptions = endpointOptions(promConfig, env, notes, 'prometheus');
    const promKey = `prometheus ${JSON.stringify(promConfig)}`;
    const prom = own(promKey, () => {
      const made = createPrometheusSource({
        name: 'prometheus',
        ...promOptions,
        ...gate,
        partialResponse: promConfig.partialResponse,
        externalLabels: promConfig.externalLabels,
        alertRelabelConfigs: promConfig.alertRelabelConfigs,
      });
      return shared ? sharingReads(made) : made;
    });
    sloReader = {name: 'prometheus', kind: 'prometheus', capabilities: prom};
    // Same name as the SLO reader: the header shows one Prometheus, failed if either use failed.
    panelReader = {name: 'prometheus', kind: 'prometheus', capabilities: prom};
    // Prometheus adds the pending alerts Alertmanager never sees. With an Alertmanager its firing
    // alerts come from there: only Alertmanager knows which are silenced or inhibited, and a
    // firing report from Prometheus would outrank its `suppressed` in the dedupe. So only the
    // pending ones are taken from Prometheus (with `externalLabels` set, under the fingerprint
    // Alertmanager will give them).
    const pendingOnly = ctx.alertmanagers.length > 0;
    alertSources.push({
      name: 'prometheus',
      kind: 'prometheus',
      cliUrl: urlBase(promConfig.url),
      // The pool's key tells two contexts reading the same Prometheus apart from two that do not
      // (another tenant header or token at one URL reads other alerts); pending only or all of them.
      readKey: readKey(`${promKey}${pendingOnly ? ' pending' : ''}`),
      timeoutMs: parseDuration(promConfig.timeout) ?? undefined,
      capabilities: pendingOnly
        ? {
            listAlerts: async () => {
              const listed = await prom.listAlerts();
              return {...listed, value: listed.value.filter((a) => a.state === 'pending')};
            },
          }
        : prom,
    });
  }
  // Every other alert source goes through its kind's entry in sources/alert-source-kinds.ts.
  for (const entry of alertSourceEntries(ctx)) {
    const secrets = alertSourceSecrets(entry, env, notes);
    const key = `alert source ${JSON.stringify(entry.config)}`;
    const source = own(key, () => {
      const made = createAlertSource(entry.config, secrets.endpoint ? {...secrets, endpoint: {...secrets.endpoint, ...gate}} : secrets, deps);
      // The screen shows the alerts of two contexts once only when their sources have the key
      // the pool shares one adapter by: the two rules cannot disagree.
      const timeout = (entry.config as {timeout?: unknown}).timeout;
      const timeoutMs = typeof timeout === 'string' ? (parseDuration(timeout) ?? undefined) : undefined;
      const handle = {...made.handle, readKey: readKey(key), timeoutMs};
      return {...made, handle: shared ? {...handle, capabilities: sharingReads(made.handle.capabilities)} : handle};
    });
    // Per context, over the shared handle: what the timeline counts its acks' reach from.
    alertSources.push(entry.silenceRetentionMs === undefined ? source.handle : {...source.handle, silenceRetentionMs: entry.silenceRetentionMs});
  }
  let deploySource: ContextServices['deploySource'] = null;
  if (ctx.deploys) {
    const deploys = ctx.deploys;
    // Resolved per context, outside the pool: each context whose token is missing says so.
    const secrets = providerSecrets(deploys, env, notes, 'deploys');
    // Read here too, not in the pool's make(): every context missing one says so. (Not in the key.)
    const withHeaders = withSecretHeaders(deploys, env, notes, 'deploys');
    // A separate rollback workflow's runs may belong to the history: the source needs its name,
    // which is all of `rollback:` the history reads, so it is all of it in the key. Two contexts
    // with the same entry (token and CA by reference) share one source and one read per poll;
    // the rows stay each context's (its deploy query and suspect correlation are its own), and
    // the rollbacker below is never pooled: only the reads are shared.
    const rollbackWorkflow = rollbackRunsWorkflow(deploys, ctx.rollback ?? null);
    const source = own(`deploys ${JSON.stringify({deploys, rollbackWorkflow})}`, () => {
      const made = createDeploySource(withHeaders, secrets, deps, ctx.rollback ?? null);
      return shared ? sharingReads(made) : made;
    });
    notes.push(...rollbackHistoryProblems(deploys, ctx.rollback ?? null).map((p) => `deploys: ${p}`));
    deploySource = {name: deploys.provider, kind: 'deploys', capabilities: source};
  }
  let rollbacker: ContextServices['rollbacker'] = null;
  if (ctx.rollback) {
    notes.push(...rollbackTemplateProblems(ctx.rollback).map((p) => `rollback: ${p}`));
    notes.push(...rollbackScopeProblems(ctx.deploys ?? null, ctx.rollback).map((p) => `rollback: ${p}`));
    const backend = createRollbacker(withSecretHeaders(ctx.rollback, env, notes, 'rollback'), providerSecrets(ctx.rollback, env, notes, 'rollback'), actionDeps, ctx.deploys ?? null);
    closers.push((how) => backend.close(how));
    rollbacker = {name: ctx.rollback.provider, kind: 'rollback', capabilities: backend};
  }
  notes.push(...sloFileNotes(sloFiles.errors));
  return {
    services: {
      context: ctx.name,
      ...(ctx.deploys && 'environment' in ctx.deploys && ctx.deploys.environment ? {environment: ctx.deploys.environment} : {}),
      readOnly: ctx.readOnly,
      slos: [...toSloDefinitions(ctx), ...sloFiles.definitions],
      // Kept beside the notes: `status` and the SLO pane must not read their absence as "no SLOs".
      ...(sloFiles.errors.length > 0 ? {sloFileErrors: sloFileErrorEntries(sloFiles.errors)} : {}),
      sloReader,
      alertSources,
      deploySource,
      rollbacker,
      panels: ctx.panels,
      panelReader,
    },
    notes,
    close: async (how) => {
      await Promise.allSettled(closers.map((c) => c(how)));
    },
  };
}
