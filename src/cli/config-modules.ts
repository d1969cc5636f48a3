/**
 * What only a configured context needs: the config loader (YAML, zod schemas), SLO files and the
 * real adapters (undici). Imported dynamically, so the bundle initialises none of it for
 * `oncall demo` or `--help`: it is most of the bundle, and start-up time is a target.
 */
export {formatConfigErrors, formatPath} from '../config/config-errors.ts';
export {configFileLocator, loadConfig} from '../config/config-load.ts';
export {loadConfigSloFiles} from '../config/slo-files/slo-files-load.ts';
export {selectContexts} from '../config/context-selection.ts';
export {createRequestGate} from '../sources/http/request-gate.ts';
export {createClockSkewLog} from '../sources/http/clock-skew-log.ts';
export {composeContext, createSharedBackends} from './compose.ts';
