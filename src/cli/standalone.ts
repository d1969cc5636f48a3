/**
 * The standalone build: oncall as one executable with Node inside (a Node single executable
 * application, `npm run build:exe`). It runs the same bundle as `dist/oncall.mjs`; only how it is
 * started and what `--version` says differ.
 */
import {isSea} from 'node:sea';

/** True inside the single executable, false under `node` (bundle, tsx, tests). */
export function isStandalone(): boolean {
  return isSea();
}

/**
 * What `oncall --version` prints: the version, and for the single executable that it is the
 * standalone build and which Node it carries (a bug report then says what the user runs).
 */
export function versionText(version: string, standalone: boolean = isStandalone()): string {
  if (!standalone) return version;
  return `${version} (standalone build: Node ${process.versions.node} inside, ${process.platform}-${process.arch})`;
}
