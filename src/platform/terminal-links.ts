/**
 * Terminal escape sequences for links and the clipboard, and the facts about the session that
 * decide whether a browser can be opened at all. Over SSH nothing can launch a browser on the
 * user's laptop, but the laptop's terminal can follow an OSC 8 link and perform an OSC 52 copy.
 * Every payload is built from sanitized text only (a link target from a URL sanitize leaves as
 * it is), so backend data can never end the sequence early and smuggle in one of its own.
 */
import {sanitize, webLink} from '../domain/sanitize.ts';

/** Environment variables consulted here (`process.env` fits). */
export type SessionEnv = Readonly<Record<string, string | undefined>>;

const ESC = '\x1b';
/** String Terminator: `ESC \`, preferred over BEL by the OSC 8 spec. */
const ST = `${ESC}\\`;

/**
 * The URL as it may appear inside an OSC payload or be handed to a browser: its parsed form
 * ({@link webLink}), which percent-encodes anything outside printable ASCII. `null` when it is
 * not an http(s) URL, or holds a control or invisible character: a target built from the
 * sanitized text (ESC drawn as `␛`, linked as `%E2%90%9B`) would lead somewhere other than the
 * real URL.
 */
export function linkTarget(url: string): string | null {
  const href = webLink(url);
  // Belt and braces: the spec allows only bytes 32–126 in the URI.
  return href !== null && /^[\x20-\x7e]+$/.test(href) ? href : null;
}

/**
 * An OSC 8 hyperlink: `ESC ] 8 ; ; URL ST text ESC ] 8 ; ; ST`. The text is shown as-is by
 * terminals without OSC 8 support, so callers still print the plain URL nearby. For a URL that
 * {@link linkTarget} refuses, returns the sanitized text alone.
 */
export function osc8(url: string, text: string): string {
  const target = linkTarget(url);
  const label = sanitize(text);
  if (target === null) return label;
  return `${ESC}]8;;${target}${ST}${label}${ESC}]8;;${ST}`;
}

/**
 * An OSC 52 clipboard write: `ESC ] 52 ; c ; BASE64 ST`. The text is sanitized first, so a
 * hostile label cannot put a newline (and with it a command) into the user's clipboard. Text
 * with nothing sanitize changes is copied byte for byte: a command line (`shellLine`) writes
 * every such character as a `$'…'` escape for this reason, since an escape made here, inside
 * its quotes, would change the value the pasted command names.
 */
export function osc52(text: string): string {
  return `${ESC}]52;c;${Buffer.from(sanitize(text), 'utf8').toString('base64')}${ST}`;
}

function set(env: SessionEnv, name: string): boolean {
  const v = env[name];
  return v !== undefined && v !== '';
}

/** True when the session runs over SSH (OpenSSH sets these in the remote shell). */
export function isRemoteSession(env: SessionEnv): boolean {
  return set(env, 'SSH_CONNECTION') || set(env, 'SSH_TTY') || set(env, 'SSH_CLIENT');
}

/**
 * True when a browser opened here would appear in front of the user: never over SSH (an X11
 * forwarded DISPLAY would open a slow remote browser window, not the user's own); on macOS
 * always otherwise; elsewhere when an X11 or Wayland display is set.
 */
export function hasLocalDisplay(env: SessionEnv, platform: NodeJS.Platform): boolean {
  if (isRemoteSession(env)) return false;
  if (platform === 'darwin') return true;
  if (platform === 'win32') return false;
  return set(env, 'DISPLAY') || set(env, 'WAYLAND_DISPLAY');
}

/**
 * The program that opens a URL in the user's browser, as an argument array (the URL is appended
 * as one more argument, never through a shell). `null` where no shell-free opener exists
 * (Windows' `start` is a shell built-in).
 */
export function openerCommand(platform: NodeJS.Platform): string[] | null {
  if (platform === 'darwin') return ['open'];
  if (platform === 'win32') return null;
  return ['xdg-open'];
}

/** How the dashboard calls attention to a new page (config `notify`). */
export type NotifyStyle = 'bell' | 'osc9' | 'osc777' | 'off';

/**
 * The bytes that notify of `text` in `style`: BEL; OSC 9 (iTerm2, Windows Terminal, kitty …:
 * a desktop notification); OSC 777 (`notify;TITLE;BODY`: rxvt, foot, WezTerm, Ghostty …).
 * The text is sanitized and kept to printable ASCII without `;`, so it cannot end the sequence.
 */
export function notifyBytes(style: NotifyStyle, text: string): string {
  const body = sanitize(text).replace(/[^\x20-\x7e]|;/g, ' ').slice(0, 200);
  switch (style) {
    case 'bell':
      return '\x07';
    case 'osc9':
      return `${ESC}]9;${body}\x07`;
    case 'osc777':
      return `${ESC}]777;notify;oncall;${body}\x07`;
    case 'off':
      return '';
  }
}
