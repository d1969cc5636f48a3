/**
 * Strings a hostile or broken backend could send, and the check that none of their control
 * characters survives into what the terminal receives.
 */

/** Clear screen (CSI 2J). */
export const CLEAR_SCREEN = '\x1b[2J';
/** An OSC 52 clipboard write of `echo hi`, terminated by BEL. */
export const OSC52 = '\x1b]52;c;ZWNobyBoaQ==\x07';
/** Right-to-left override: reorders what follows on screen. */
export const RLO = '\u202e';

/**
 * Invisible characters beyond the zero-width and bidi ones. Format characters (Unicode Cf): soft
 * hyphen, Mongolian vowel separator, an interlinear annotation mark and TAG characters (begin,
 * `A`, cancel). Default-ignorable ones of other categories: the combining grapheme joiner, the
 * Hangul fillers, a Khmer inherent vowel, a Mongolian free variation selector and a variation
 * selector after a letter. Each can hide text or make two different names look the same. Kept
 * out of {@link HOSTILE}, whose escaped form tests spell out.
 */
export const INVISIBLE = ['\u00ad', '\u180e', '\ufff9', '\u{e0001}', '\u{e0041}', '\u{e007f}', '\u034f', '\u115f', '\u1160', '\u3164', '\uffa0', '\u17b4', '\u180b', '\ufe0f'] as const;

/** One label value carrying all of them, plus BEL and CR. */
export const HOSTILE = `pwn${CLEAR_SCREEN}${OSC52}bell\x07cr\rrtl${RLO}gnp.exe`;

// C0 controls but TAB and LF, DEL, C1 controls, every format character (bidi embeddings,
// overrides and isolates, zero-width and other invisible ones) and every other default-ignorable
// one but a selector or joiner on the character it acts on: an emoji's variation selector (after
// a digit, # or *, only a keycap's), a standardized variant's (after an ideograph, a math symbol
// past ASCII, Myanmar), an ideographic variation selector after an ideograph, a Mongolian free
// variation selector after a Mongolian letter, a grapheme joiner between two combining marks.
const SELECTORS = String.raw`\uFE00-\uFE0F\u{E0100}-\u{E01EF}\u180B-\u180D\u180F\u034F`;
const RAW_CONTROL = new RegExp(
  [
    String.raw`[\u0000-\u0008\u000B-\u001F\u007F-\u009F\p{Cf}]`,
    String.raw`[\p{Default_Ignorable_Code_Point}--[${SELECTORS}]]`,
    String.raw`(?<!\p{Emoji})[\uFE0E\uFE0F]|(?<=[#*0-9])[\uFE0E\uFE0F](?!\u20E3)`,
    String.raw`(?<![\p{Ideographic}[\p{Sm}--\p{ASCII}]\p{Script=Myanmar}])[\uFE00-\uFE0D]`,
    String.raw`(?<!\p{Ideographic})[\u{E0100}-\u{E01EF}]`,
    String.raw`(?<![\p{Script=Mongolian}&&\p{L}])[\u180B-\u180D\u180F]`,
    String.raw`(?<!\p{M})\u034F|\u034F(?!\p{M})`,
  ].join('|'),
  'v',
);

/** The first raw control character in `text` as a code, or null when there is none. */
export function rawControl(text: string): string | null {
  const m = RAW_CONTROL.exec(text);
  return m ? `U+${m[0].codePointAt(0)!.toString(16).padStart(4, '0')} at ${m.index}` : null;
}
