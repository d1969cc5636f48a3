/**
 * Sloth SLO specs: the plain `version: "prometheus/v1"` file (snake_case keys) and the Kubernetes
 * resource `sloth.slok.dev/v1` `PrometheusServiceLevel` (camelCase keys, under `spec`). Both
 * become one oncall SLO per entry of `slos`, named `<service>-<name>` as Sloth's `sloth_id`. Their
 * SLO plugins decide the SLI rules (`sloth-plugins.ts`): the default, denominator-corrected, or a
 * refusal when oncall cannot know what Sloth computes.
 */
import type {SliSpec, SloDefinition} from '../../domain/slo.ts';
import {describeValue, formatPath, quote, type ConfigPath} from '../config-errors.ts';
import {checkObjective, present, type DocReader, type FoundSlo} from './slo-files-doc.ts';
import {DENOMINATOR_CORRECTED_PLUGIN, readPluginBlock, SLI_RULES_PLUGIN, slothSliRules, type SlothSliRules} from './sloth-plugins.ts';
import {hasWindow, normalizeWindow, rawRatioSli, WINDOW} from './slo-files-promql.ts';

/**
 * Sloth's SLO period. A prometheus/v1 spec cannot set it (only Sloth's `--default-slo-period`
 * flag can), and Sloth's default is 30 days, as its `slo:sli_error:ratio_rate30d` series show.
 * When the rules Sloth generated are found, the period they record replaces it (`attachRecorded`).
 */
export const SLOTH_WINDOW = '30d';

/** Which of the two Sloth formats a document is. */
export type SlothVariant = 'prometheus/v1' | 'kubernetes';

interface Keys {
  root: ConfigPath;
  /** The file-level plugin block. */
  plugins: string;
  errorQuery: string;
  totalQuery: string;
  errorRatioQuery: string;
  otherCase: string;
}

const KEYS: Record<SlothVariant, Keys> = {
  'prometheus/v1': {root: [], plugins: 'slo_plugins', errorQuery: 'error_query', totalQuery: 'total_query', errorRatioQuery: 'error_ratio_query', otherCase: 'snake_case'},
  kubernetes: {root: ['spec'], plugins: 'sloPlugins', errorQuery: 'errorQuery', totalQuery: 'totalQuery', errorRatioQuery: 'errorRatioQuery', otherCase: 'camelCase'},
};

const camel = (key: string) => key.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A query that must carry `{{.window}}`; the other spelling of its key gets a pointed hint. */
function query(r: DocReader, path: ConfigPath, key: string, keys: Keys): string | null {
  const full = [...path, key];
  if (!present(r.get(full))) {
    const other = keys.otherCase === 'snake_case' ? camel(key) : snake(key);
    if (present(r.get([...path, other]))) {
      return r.fail([...path, other], `this Sloth format writes keys in ${keys.otherCase}: use ${quote(key)}, not ${quote(other)}`, 'key');
    }
  }
  const text = r.string(full);
  if (text === null) return null;
  if (!hasWindow(text)) {
    return r.fail(full, `query must contain ${WINDOW} in its range selector, e.g. rate(x[${WINDOW}]), so each burn-rate window can be measured`);
  }
  return normalizeWindow(text);
}

/**
 * The SLI of one Sloth SLO. `raw.error_ratio_query` is already a ratio, perhaps one per group:
 * the worst group with a ratio in each window is the error ratio (see {@link rawRatioSli}), and an empty answer
 * stays "no data".
 */
function sliOf(r: DocReader, path: ConfigPath, keys: Keys, rules: SlothSliRules): SliSpec | null {
  const sli = r.mapping(path);
  if (sli === null) return null;
  const kinds = ['events', 'raw', 'plugin'].filter((k) => present(sli[k]));
  if (kinds.length !== 1) {
    const which = kinds.length === 0 ? 'set one of' : 'set only one of';
    return r.fail(path, `${which} events (${keys.errorQuery} + ${keys.totalQuery}) or raw (${keys.errorRatioQuery})`);
  }
  if (kinds[0] === 'plugin') {
    return r.fail([...path, 'plugin'], 'Sloth SLI plugins are not supported: oncall needs the queries; use events or raw', 'key');
  }
  if (kinds[0] === 'raw') {
    if (rules.plugin === DENOMINATOR_CORRECTED_PLUGIN) {
      return r.fail([...rules.path, 'id'], `${DENOMINATOR_CORRECTED_PLUGIN} needs an events SLI (${keys.errorQuery} + ${keys.totalQuery}), as in Sloth; ${formatPath(path)} is raw`);
    }
    const raw = query(r, [...path, 'raw'], keys.errorRatioQuery, keys);
    return raw === null ? null : rawRatioSli(raw);
  }
  const events = [...path, 'events'];
  const errorQuery = query(r, events, keys.errorQuery, keys);
  const totalQuery = query(r, events, keys.totalQuery, keys);
  if (errorQuery === null || totalQuery === null) return null;
  return rules.plugin === DENOMINATOR_CORRECTED_PLUGIN ? {kind: 'ratio', errorQuery, totalQuery, denominatorCorrected: true} : {kind: 'ratio', errorQuery, totalQuery};
}

function objectiveOf(r: DocReader, path: ConfigPath): number | null {
  const value = r.get(path);
  if (!present(value)) return r.fail(path, 'missing required key "objective"');
  if (typeof value === 'number') return checkObjective(r, path, value);
  return r.fail(path, `objective must be a number in percent, e.g. 99.9 (got ${describeValue(value)})`);
}

/** Reads the SLOs of one Sloth document; problems go to the reader's error list. */
export function slothSlos(r: DocReader, variant: SlothVariant): FoundSlo[] {
  const keys = KEYS[variant];
  const service = r.string([...keys.root, 'service']);
  const slos = r.list([...keys.root, 'slos']);
  // Read once: a problem in the file's plugins is reported once, and refuses each of its SLOs.
  const group = readPluginBlock(r, [...keys.root, keys.plugins]);
  const found: FoundSlo[] = [];
  slos?.forEach((_, i) => {
    const path = [...keys.root, 'slos', i];
    const name = r.string([...path, 'name']);
    const objective = objectiveOf(r, [...path, 'objective']);
    const description = r.optionalString([...path, 'description']);
    const own = readPluginBlock(r, [...path, 'plugins']);
    const rules = group === null || own === null ? null : slothSliRules(r, group, own);
    // The SLI is read even when the plugins refuse the SLO, so all of its problems are listed.
    const sli = sliOf(r, [...path, 'sli'], keys, rules ?? {plugin: SLI_RULES_PLUGIN});
    if (service === null || name === null || objective === null || description === null || sli === null || rules === null) return;
    const definition: SloDefinition = {
      name: `${service}-${name}`,
      service,
      objective,
      window: SLOTH_WINDOW,
      source: 'sloth',
      ...(description ? {description} : {}),
      sli,
    };
    found.push({definition, origin: r.origin([...path, 'name'])});
  });
  return found;
}
