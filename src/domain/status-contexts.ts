/**
 * The status document of several contexts: one document of the single-context shape, with the
 * list of contexts at the top and each source, SLO, alert and deploy naming its context. Each
 * context's entries are exactly its own document's, in the same order, context by context, so
 * a script can compare them field for field with `status --context NAME`.
 */
import type {StatusDocument} from './status-document.ts';

type Tagged<T> = T & {context: string};

/** `status --json` with several contexts. */
export interface ContextsStatusDocument {
  /** Every context in the document, in the order selected. */
  contexts: string[];
  /** The selection as typed: a group's name, `a,b`, or `*` for `--all-contexts`. */
  context: string;
  generatedAt: string;
  sources: Array<Tagged<StatusDocument['sources'][number]>>;
  slos: Array<Tagged<StatusDocument['slos'][number]>>;
  alerts: Array<Tagged<StatusDocument['alerts'][number]>>;
  deploys: Array<Tagged<StatusDocument['deploys'][number]>>;
  sloFileErrors: Array<Tagged<StatusDocument['sloFileErrors'][number]>>;
}

/** Adds `context` to every entry of one list, after its own fields. */
function tag<T extends object>(items: readonly T[], context: string): Array<Tagged<T>> {
  return items.map((item) => ({...item, context}));
}

/**
 * Merges single-context documents (built at the same `now`) into one. The exit code of the
 * result by `statusExitCode` is the worst of theirs: it reads every SLO, alert and source.
 */
export function mergeStatusDocuments(label: string, docs: readonly StatusDocument[]): ContextsStatusDocument {
  return {
    contexts: docs.map((d) => d.context),
    context: label,
    generatedAt: docs[0]?.generatedAt ?? new Date(0).toISOString(),
    sources: docs.flatMap((d) => tag(d.sources, d.context)),
    slos: docs.flatMap((d) => tag(d.slos, d.context)),
    alerts: docs.flatMap((d) => tag(d.alerts, d.context)),
    deploys: docs.flatMap((d) => tag(d.deploys, d.context)),
    sloFileErrors: docs.flatMap((d) => tag(d.sloFileErrors, d.context)),
  };
}
