#!/usr/bin/env node
/**
 * Import-direction lint for src/ (DESIGN.md §2): domain ← sources ← queries ← actions ← view ← cli.
 * A file may import its own layer and the layers to its left; config/ is read only by cli/;
 * platform/ sits beside sources/. Some packages are also tied to a layer (no Ink outside the view,
 * no HTTP outside the sources, no I/O at all in the domain).
 *
 * Usage: node scripts/lint-layers.mjs [srcDir]   — exits 1 and lists every violation.
 */
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {dirname, join, relative, resolve, sep} from 'node:path';
import {fileURLToPath} from 'node:url';

/** Which of our layers each layer may import. */
const ALLOWED = {
  domain: ['domain'],
  platform: ['platform', 'domain'],
  config: ['config', 'platform', 'domain'],
  sources: ['sources', 'platform', 'domain'],
  queries: ['queries', 'sources', 'domain'],
  actions: ['actions', 'queries', 'sources', 'domain'],
  view: ['view', 'actions', 'queries', 'sources', 'platform', 'domain'],
  cli: ['cli', 'view', 'actions', 'queries', 'sources', 'config', 'platform', 'domain'],
};

/** Packages (and node: builtins) each layer may not use. */
const FORBIDDEN_PACKAGES = {
  domain: [/./], // pure: nothing from outside
  sources: [/^ink$/, /^react/, /^@tanstack\//, /^yargs/],
  queries: [/^ink$/, /^react/, /^undici$/, /^yargs/],
  actions: [/^ink$/, /^react/, /^undici$/, /^yargs/],
  view: [/^undici$/, /^yargs/],
  config: [/^ink$/, /^react/, /^undici$/, /^@tanstack\//],
  platform: [/^ink$/, /^react/, /^@tanstack\//, /^yargs/],
  cli: [],
};

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(name)) yield path;
  }
}

/** Returns the violations found under `srcDir` as human-readable lines. */
export function lintLayers(srcDir) {
  const root = resolve(srcDir);
  const problems = [];
  for (const file of walk(root)) {
    const layer = relative(root, file).split(sep)[0];
    const allowed = ALLOWED[layer];
    const rel = relative(process.cwd(), file);
    if (!allowed) {
      problems.push(`${rel}: folder "${layer}" is not a known layer (${Object.keys(ALLOWED).join(', ')})`);
      continue;
    }
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3];
      const line = text.slice(0, m.index).split('\n').length;
      if (spec.startsWith('.')) {
        const target = relative(root, resolve(dirname(file), spec)).split(sep)[0];
        // The CLI reads its version from package.json; nothing else reaches outside src/.
        if (layer === 'cli' && spec.endsWith('/package.json')) continue;
        // Built-in themes are data files bundled into the view.
        if (layer === 'view' && /\/themes\/[\w-]+\.json$/.test(spec)) continue;
        if (target === '..' || !ALLOWED[target]) {
          problems.push(`${rel}:${line}: imports "${spec}" from outside src/`);
        } else if (!allowed.includes(target)) {
          problems.push(`${rel}:${line}: layer "${layer}" may not import "${target}" ("${spec}"); allowed: ${allowed.join(', ')}`);
        }
      } else if (FORBIDDEN_PACKAGES[layer].some((re) => re.test(spec))) {
        problems.push(`${rel}:${line}: layer "${layer}" may not import package "${spec}"`);
      }
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const srcDir = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
  const problems = lintLayers(srcDir);
  if (problems.length > 0) {
    console.error(`Import-direction violations (${problems.length}):\n${problems.map((p) => `  ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log('lint-layers: ok');
}
