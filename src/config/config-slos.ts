/** Native SLOs from the config, in the shape every other SLO source also produces. */
import type {SliSpec, SloDefinition} from '../domain/slo.ts';
import type {ContextConfig, SloConfig} from './config-types.ts';

/** The SLI of a validated SLO: the schema and rules guarantee exactly one of ratio or latency. */
function sliOf(slo: SloConfig): SliSpec {
  if (slo.latency) return {kind: 'latency', ...slo.latency};
  return {kind: 'ratio', errorQuery: slo.errorQuery ?? '', totalQuery: slo.totalQuery ?? ''};
}

/** Maps a context's native SLOs to domain definitions (source `native`), in config order. */
export function toSloDefinitions(ctx: ContextConfig): SloDefinition[] {
  return ctx.slos.map((slo) => ({
    name: slo.name,
    service: slo.service,
    objective: slo.objective,
    window: slo.window,
    source: 'native',
    ...(slo.description === undefined ? {} : {description: slo.description}),
    sli: sliOf(slo),
    ...(slo.recorded ? {recorded: {kind: slo.recorded.tool, selector: slo.recorded.selector}} : {}),
  }));
}
