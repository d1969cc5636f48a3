/**
 * What Prometheus does to an alert's labels on the way to Alertmanager: it adds its
 * `external_labels`, then applies `alerting.alert_relabel_configs`. `/api/v1/alerts` lists alerts
 * before both; they are redone here so a pending alert has the labels, and so the fingerprint,
 * Alertmanager gives the same alert once it fires. Either configured, or (`auto`) read once from
 * `/api/v1/status/config`.
 */
import {parse} from 'yaml';
import {z} from 'zod';
import {compileRelabelRules, describeRelabelProblem, type RelabelRule} from '../../domain/alert-relabel.ts';
import {sanitize} from '../../domain/sanitize.ts';
import {SourceFailure, type Sourced} from '../capabilities.ts';
import {decodeWire} from '../http/decode.ts';

/** Labels as configured, or `auto`: read them from the server's own config. */
export type ExternalLabelsSetting = Readonly<Record<string, string>> | 'auto';

/**
 * An alert's labels with the external labels added, as Prometheus' notifier adds them: the
 * alert's own label wins, and an empty value counts as no label (Prometheus has no empty labels).
 */
export function withExternalLabels(labels: Readonly<Record<string, string>>, external: Readonly<Record<string, string>>): Record<string, string> {
  const out = {...labels};
  for (const [name, value] of Object.entries(external)) {
    if (value !== '' && (out[name] ?? '') === '') out[name] = value;
  }
  return out;
}

const statusConfigSchema = z.object({yaml: z.string()});
const globalSchema = z.object({
  global: z.object({external_labels: z.record(z.string(), z.string()).nullish()}).nullish(),
});
// `.optional()`: zod 4 reads a bare `z.unknown()` key as required, and a stock config (alertmanagers,
// no alert_relabel_configs) would fail to decode.
const alertingSchema = z.object({
  alerting: z.object({alert_relabel_configs: z.unknown().optional()}).nullish(),
});

/** The loaded config from the `data` of `/api/v1/status/config` (YAML text), parsed. */
function parseStatusConfig(data: unknown, what: string): unknown {
  const {yaml} = decodeWire(statusConfigSchema, data, what);
  try {
    return parse(yaml) ?? {};
  } catch (error) {
    throw new SourceFailure('bad-response', sanitize(`${what}: the config is not YAML (${(error as Error).message})`).slice(0, 300));
  }
}

/**
 * `global.external_labels` from the `data` of `/api/v1/status/config` (the loaded config as YAML
 * text; external labels appear already expanded). None configured is an empty map.
 */
export function decodeExternalLabels(data: unknown, what: string): Record<string, string> {
  return decodeWire(globalSchema, parseStatusConfig(data, what), `${what} global.external_labels`).global?.external_labels ?? {};
}

/**
 * `alerting.alert_relabel_configs` from the same `data`, as written: the domain compiles them and
 * reports what is wrong per rule, so a bad list costs the rules, not the external labels. The
 * relabel rules of single `alertmanagers` entries are not read: they differ per Alertmanager.
 */
export function decodeAlertRelabelConfigs(data: unknown, what: string): unknown {
  return decodeWire(alertingSchema, parseStatusConfig(data, what), `${what} alerting.alert_relabel_configs`).alerting?.alert_relabel_configs;
}

/** What to redo on each alert listed: add `external` labels, then apply the `relabel` rules. */
export interface AlertLabeling {
  external: Record<string, string>;
  relabel: RelabelRule[];
  /**
   * With `auto`, the error the server's config could not be read with: `external` is then empty
   * for want of a reading, not because none are set. Absent: read, or configured.
   */
  unread?: unknown;
}

/** The relabel rules and a warning per rule skipped, `list` naming where they were written. */
function compileRules(raw: unknown, list: string): {rules: RelabelRule[]; warnings: string[]} {
  const {rules, problems} = compileRelabelRules(raw);
  // Prometheus applies the skipped rule, so the pending alert may differ from the firing one.
  const warnings = problems.map((p) => sanitize(`${describeRelabelProblem(p, list)}, so pending alerts may not carry the labels Alertmanager gets`).slice(0, 400));
  return {rules, warnings};
}

/**
 * The server's relabel rules; an `alerting` section that cannot be read costs the rules (with a
 * warning), never the external labels read from the same answer.
 */
function serverRules(data: unknown, what: string): {rules: RelabelRule[]; warnings: string[]} {
  try {
    return compileRules(decodeAlertRelabelConfigs(data, what), `${what} alerting.alert_relabel_configs`);
  } catch (error) {
    const why = error instanceof SourceFailure ? error.message : 'unexpected error';
    return {rules: [], warnings: [sanitize(`externalLabels auto: cannot read the alert relabeling (${why}); pending alerts may not carry the labels Alertmanager gets`).slice(0, 400)]};
  }
}

// No answer at all may be a Prometheus still starting: ask again at the next poll. Any answer
// (including 404 from Thanos Query, Mimir or VictoriaMetrics, which do not serve it) is final.
const TRANSIENT = new Set(['unavailable', 'timeout']);

/**
 * The external labels and relabel rules for each alert listing. Configured ones are used as they
 * are (`relabelConfigs` as written in Prometheus' YAML); with `auto`, what is not configured is
 * read from the server's config on the first call and kept, so it costs one request per start,
 * not one per poll. When it cannot be read, alerts go without and every listing carries a warning
 * saying so; so does each relabel rule that cannot be applied (it is skipped).
 * @param readConfig the `data` of `GET /api/v1/status/config`
 */
export function createAlertLabeling(setting: ExternalLabelsSetting, relabelConfigs: readonly unknown[] | undefined, readConfig: () => Promise<unknown>, what: string): () => Promise<Sourced<AlertLabeling>> {
  const configured = relabelConfigs === undefined ? null : compileRules(relabelConfigs, 'alertRelabelConfigs');
  if (setting !== 'auto') {
    const fixed = {value: {external: {...setting}, relabel: configured?.rules ?? []}, warnings: configured?.warnings ?? []};
    return () => Promise.resolve(fixed);
  }
  // A failed read stays failed unless no answer came at all; then the next poll tries again.
  const attempt = async (): Promise<{labeling: Sourced<AlertLabeling>; retry: boolean}> => {
    try {
      const data = await readConfig();
      const external = decodeExternalLabels(data, what);
      const server = configured ?? serverRules(data, what);
      return {labeling: {value: {external, relabel: server.rules}, warnings: server.warnings}, retry: false};
    } catch (error) {
      const why = error instanceof SourceFailure ? error.message : 'unexpected error';
      const without = configured === null ? 'external labels or alert relabeling' : 'external labels';
      const warning = `externalLabels auto: cannot read them (${why}); alerts are shown without ${without}, so list them in the config`;
      const value = {external: {}, relabel: configured?.rules ?? [], unread: error};
      return {labeling: {value, warnings: [sanitize(warning).slice(0, 400), ...(configured?.warnings ?? [])]}, retry: error instanceof SourceFailure && TRANSIENT.has(error.kind)};
    }
  };
  let kept: Promise<Sourced<AlertLabeling>> | null = null;
  return () => {
    if (kept === null) {
      // `then` runs after `kept` is set, so a retry can clear it even if the read fails at once.
      kept = attempt().then(({labeling, retry}) => {
        if (retry) kept = null;
        return labeling;
      });
    }
    return kept;
  };
}
