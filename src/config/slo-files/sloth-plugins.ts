/**
 * Sloth SLO plugins (`slo_plugins` / `sloPlugins` of a file, `plugins` of an SLO): which rules
 * Sloth ends up recording for an SLO's SLI, so oncall computes the same numbers or refuses the SLO.
 * Sloth runs the plugins ordered by `priority` (stable): those below 0, then its defaults (unless
 * `overridePrevious`), then the rest; the last plugin that writes the SLI rules decides them.
 */
import {describeValue, quote, type ConfigPath} from '../config-errors.ts';
import {isRecord, present, type DocReader} from './slo-files-doc.ts';

/** Sloth's default SLI rules: error ratio = errors ÷ total over each window. */
export const SLI_RULES_PLUGIN = 'sloth.dev/core/sli_rules/v1';
/** Weighs each window's ratio by its share of the period's traffic (`denominatorCorrected`). */
export const DENOMINATOR_CORRECTED_PLUGIN = 'sloth.dev/contrib/denominator_corrected_rules/v1';

// Sloth's own plugins that leave the SLI rules as they are: they validate, add metadata, alerts or
// labels, or change evaluation intervals. oncall computes the same numbers with or without them.
const LEAVE_SLI_AS_IS = new Set([
  'sloth.dev/core/validate/v1',
  'sloth.dev/core/metadata_rules/v1',
  'sloth.dev/core/alert_rules/v1',
  'sloth.dev/core/noop/v1',
  'sloth.dev/core/debug/v1',
  'sloth.dev/contrib/validate_victoria_metrics/v1',
  'sloth.dev/contrib/info_labels/v1',
  'sloth.dev/contrib/remove_labels/v1',
  'sloth.dev/contrib/rule_intervals/v1',
  'sloth.dev/contrib/error_budget_exhausted_alert/v1',
]);
const WRITES_SLI_RULES = new Set([SLI_RULES_PLUGIN, DENOMINATOR_CORRECTED_PLUGIN]);

/** One plugin block as written: whether it drops what came before, and its chain. */
export interface PluginBlock {
  override: boolean;
  /** Where `overridePrevious` is, for messages. */
  overridePath: ConfigPath;
  chain: Array<{id: string; priority: number; path: ConfigPath}>;
}

/** How Sloth records the SLI of one SLO. */
export type SlothSliRules = {plugin: typeof SLI_RULES_PLUGIN} | {plugin: typeof DENOMINATOR_CORRECTED_PLUGIN; path: ConfigPath};

/**
 * Reads a plugin block (absent = nothing declared). Problems (a wrong shape, a plugin oncall does
 * not know) are recorded and give `null`: an unknown plugin may change the numbers, and oncall
 * will not show numbers Sloth does not compute.
 */
export function readPluginBlock(r: DocReader, path: ConfigPath): PluginBlock | null {
  const raw = r.get(path);
  const overridePath = [...path, 'overridePrevious'];
  if (!present(raw)) return {override: false, overridePath, chain: []};
  if (!isRecord(raw)) return r.fail(path, `expected a mapping with chain (and overridePrevious), got ${describeValue(raw)}`);
  const override = raw['overridePrevious'] ?? false;
  if (typeof override !== 'boolean') return r.fail(overridePath, `overridePrevious must be true or false, got ${describeValue(override)}`);
  const list = raw['chain'] ?? [];
  if (!Array.isArray(list)) return r.fail([...path, 'chain'], `expected a list of plugins, got ${describeValue(list)}`);
  const chain: PluginBlock['chain'] = [];
  let ok = true;
  list.forEach((entry, i) => {
    const at = [...path, 'chain', i];
    const id = r.string([...at, 'id']);
    const priority = isRecord(entry) ? (entry['priority'] ?? 0) : 0;
    if (id === null) ok = false;
    else if (typeof priority !== 'number' || !Number.isInteger(priority)) ok = r.fail([...at, 'priority'], `priority must be a whole number, got ${describeValue(priority)}`) ?? false;
    else if (!WRITES_SLI_RULES.has(id) && !LEAVE_SLI_AS_IS.has(id)) ok = r.fail([...at, 'id'], unknownPlugin(id)) ?? false;
    else chain.push({id, priority, path: at});
  });
  return ok ? {override, overridePath, chain} : null;
}

function unknownPlugin(id: string): string {
  return (
    `Sloth SLO plugin ${quote(id)} is not known to oncall, which will not guess whether it changes the SLO's numbers ` +
    `(it computes ${SLI_RULES_PLUGIN} and ${DENOMINATOR_CORRECTED_PLUGIN}, and knows Sloth's plugins that leave the SLI as is); ` +
    'define this SLO under slos: in the config instead'
  );
}

/**
 * The SLI rules Sloth records for an SLO, from the file's block and the SLO's own, as Sloth
 * orders them; `null` (with the problem recorded) when no plugin left in the chain records any.
 */
export function slothSliRules(r: DocReader, group: PluginBlock, own: PluginBlock): SlothSliRules | null {
  const declared = own.override ? own.chain : [...group.chain, ...own.chain];
  const override = group.override || own.override;
  const sorted = [...declared].sort((a, b) => a.priority - b.priority);
  const defaults = override ? [] : [{id: SLI_RULES_PLUGIN, priority: 0, path: [] as ConfigPath}];
  const order = [...sorted.filter((p) => p.priority < 0), ...defaults, ...sorted.filter((p) => p.priority >= 0)];
  const last = order.filter((p) => WRITES_SLI_RULES.has(p.id)).at(-1);
  if (last === undefined) {
    return r.fail(
      own.override ? own.overridePath : group.overridePath,
      `overridePrevious drops Sloth's default plugins and the chain keeps no SLI rules plugin (${SLI_RULES_PLUGIN} or ${DENOMINATOR_CORRECTED_PLUGIN}): Sloth records no SLI for this SLO`,
    );
  }
  return last.id === DENOMINATOR_CORRECTED_PLUGIN ? {plugin: DENOMINATOR_CORRECTED_PLUGIN, path: last.path} : {plugin: SLI_RULES_PLUGIN};
}
