/**
 * Prometheus' `external_labels`. Prometheus adds them to every alert it sends to Alertmanager,
 * but `/api/v1/alerts` lists its alerts without them; they are added back here so a pending alert
 * has the labels, and so the fingerprint, Alertmanager gives the same alert once it fires.
 * Either configured, or (`auto`) read once from `/api/v1/status/config`.
 */
import {parse} from 'yaml';
import {z} from 'zod';
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

/**
 * `global.external_labels` from the `data` of `/api/v1/status/config` (the loaded config as YAML
 * text; external labels appear already expanded). None configured is an empty map.
 */
export function decodeExternalLabels(data: unknown, what: string): Record<string, string> {
  const {yaml} = decodeWire(statusConfigSchema, data, what);
  let config: unknown;
  try {
    config = parse(yaml);
  } catch (error) {
    throw new SourceFailure('bad-response', sanitize(`${what}: the config is not YAML (${(error as Error).message})`).slice(0, 300));
  }
  return decodeWire(globalSchema, config ?? {}, `${what} global.external_labels`).global?.external_labels ?? {};
}

// No answer at all may be a Prometheus still starting: ask again at the next poll. Any answer
// (including 404 from Thanos Query, Mimir or VictoriaMetrics, which do not serve it) is final.
const TRANSIENT = new Set(['unavailable', 'timeout']);

/**
 * The external labels to add to each alert listing. A map is returned as configured. For `auto`,
 * the server's config is read on the first call and kept, so it costs one request per start,
 * not one per poll; when it cannot be read, alerts go without external labels and every listing
 * carries a warning saying so.
 * @param readConfig the `data` of `GET /api/v1/status/config`
 */
export function createExternalLabels(setting: ExternalLabelsSetting, readConfig: () => Promise<unknown>, what: string): () => Promise<Sourced<Record<string, string>>> {
  if (setting !== 'auto') {
    const fixed = {value: {...setting}, warnings: []};
    return () => Promise.resolve(fixed);
  }
  // A failed read stays failed unless no answer came at all; then the next poll tries again.
  const attempt = async (): Promise<{labels: Sourced<Record<string, string>>; retry: boolean}> => {
    try {
      return {labels: {value: decodeExternalLabels(await readConfig(), what), warnings: []}, retry: false};
    } catch (error) {
      const why = error instanceof SourceFailure ? error.message : 'unexpected error';
      const warning = `externalLabels auto: cannot read them (${why}); alerts are shown without external labels, so list them in the config`;
      return {labels: {value: {}, warnings: [sanitize(warning).slice(0, 400)]}, retry: error instanceof SourceFailure && TRANSIENT.has(error.kind)};
    }
  };
  let kept: Promise<Sourced<Record<string, string>>> | null = null;
  return () => {
    if (kept === null) {
      // `then` runs after `kept` is set, so a retry can clear it even if the read fails at once.
      kept = attempt().then(({labels, retry}) => {
        if (retry) kept = null;
        return labels;
      });
    }
    return kept;
  };
}
