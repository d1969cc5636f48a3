/**
 * The themes shipped in themes/, imported as JSON so the bundled CLI carries them and works with
 * no themes directory on disk. They are validated like any other file when loaded.
 */
import dark from '../../../themes/dark.json' with {type: 'json'};
import highContrast from '../../../themes/high-contrast.json' with {type: 'json'};
import light from '../../../themes/light.json' with {type: 'json'};
import prod from '../../../themes/prod.json' with {type: 'json'};

/** Built-in theme files by name (raw JSON: still to be validated). */
export const builtinThemes: Readonly<Record<string, unknown>> = {
  dark,
  light,
  'high-contrast': highContrast,
  prod,
};

/** The theme used when none is configured (and the fallback when the configured one fails). */
export const DEFAULT_THEME = 'dark';
