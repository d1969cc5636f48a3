/**
 * Summarises a V8 heap snapshot (as written by `--heapsnapshot-signal`, see soak.bench.ts): total
 * self size, and the largest groups of nodes by type and constructor or string start, so where
 * the memory goes is read from the snapshot rather than guessed.
 *
 *   npx tsx bench/heap-summary.ts FILE.heapsnapshot [--top 25]
 */
import {readFileSync} from 'node:fs';
import {parseArgs} from 'node:util';

interface Snapshot {
  snapshot: {meta: {node_fields: string[]; node_types: [string[], ...unknown[]]}; node_count: number};
  nodes: number[];
  strings: string[];
}

/** Self size per group (`type:name`), largest first. */
export function heapGroups(snap: Snapshot): {total: number; groups: Array<{group: string; count: number; bytes: number}>} {
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const groups = new Map<string, {count: number; bytes: number}>();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + iType!]!]!;
    const size = snap.nodes[i + iSize!]!;
    const raw = snap.strings[snap.nodes[i + iName!]!] ?? '';
    // Strings are grouped by their first characters; objects by constructor.
    const name = type === 'string' || type === 'concatenated string' || type === 'sliced string' ? `${raw.length > 10_000 ? '(long) ' : ''}${raw.slice(0, 24)}` : raw.slice(0, 60);
    const key = `${type}:${type === 'string' ? (raw.length > 10_000 ? name : '(all strings)') : name}`;
    const g = groups.get(key) ?? {count: 0, bytes: 0};
    g.count++;
    g.bytes += size;
    groups.set(key, g);
    total += size;
  }
  return {total, groups: [...groups].map(([group, g]) => ({group, ...g})).sort((a, b) => b.bytes - a.bytes)};
}

const {values, positionals} = parseArgs({allowPositionals: true, options: {top: {type: 'string', default: '25'}}});
for (const file of positionals) {
  const {total, groups} = heapGroups(JSON.parse(readFileSync(file, 'utf8')) as Snapshot);
  console.log(`${file}: ${(total / 1048576).toFixed(1)} MiB self size`);
  for (const g of groups.slice(0, Number(values.top))) console.log(`  ${(g.bytes / 1048576).toFixed(2).padStart(8)} MiB ${String(g.count).padStart(8)}  ${g.group}`);
}
