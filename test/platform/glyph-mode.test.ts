/** When the screen is drawn in ASCII: the locale as tmux reads it, and the overrides above it. */
import {describe, expect, it} from 'vitest';
import {glyphMode, glyphNote, glyphWarning, localeGlyphs} from '../../src/platform/glyph-mode.ts';

describe('localeGlyphs', () => {
  it('takes the first of LC_ALL, LC_CTYPE, LANG that is set and not empty', () => {
    expect(localeGlyphs({LC_ALL: 'C', LC_CTYPE: 'en_US.UTF-8', LANG: 'en_US.UTF-8'})).toEqual({mode: 'ascii', because: 'LC_ALL=C'});
    expect(localeGlyphs({LC_ALL: '', LC_CTYPE: 'C.UTF-8', LANG: 'C'})).toEqual({mode: 'unicode', because: 'LC_CTYPE=C.UTF-8'});
    expect(localeGlyphs({LC_ALL: '', LC_CTYPE: '', LANG: 'POSIX'})).toEqual({mode: 'ascii', because: 'LANG=POSIX'});
  });

  it('reads UTF-8 in any case, with or without the dash', () => {
    for (const value of ['en_US.UTF-8', 'de_DE.utf8', 'C.Utf-8', 'fr_FR.UTF8@euro']) expect(localeGlyphs({LANG: value}).mode).toBe('unicode');
    for (const value of ['C', 'POSIX', 'en_US.ISO-8859-1', 'en_US']) expect(localeGlyphs({LANG: value}).mode).toBe('ascii');
  });

  it('is ASCII when no locale is set', () => {
    expect(localeGlyphs({})).toEqual({mode: 'ascii', because: 'no locale set'});
  });
});

describe('glyphMode', () => {
  const utf8 = {LANG: 'en_US.UTF-8'};
  it('puts --glyphs over ONCALL_GLYPHS over the config over the locale', () => {
    expect(glyphMode({flag: 'unicode', config: 'ascii', env: {ONCALL_GLYPHS: 'ascii', LANG: 'C'}})).toMatchObject({mode: 'unicode', because: '--glyphs'});
    expect(glyphMode({config: 'unicode', env: {ONCALL_GLYPHS: 'ascii', ...utf8}})).toMatchObject({mode: 'ascii', because: 'ONCALL_GLYPHS'});
    expect(glyphMode({config: 'ascii', env: utf8})).toMatchObject({mode: 'ascii', because: 'config glyphs'});
    expect(glyphMode({env: utf8})).toMatchObject({mode: 'unicode', because: 'LANG=en_US.UTF-8'});
    expect(glyphMode({env: {ONCALL_GLYPHS: ' Unicode '}})).toMatchObject({mode: 'unicode', because: 'ONCALL_GLYPHS'});
  });

  it('says an ONCALL_GLYPHS it cannot read, and lets the next rule decide', () => {
    const choice = glyphMode({config: 'unicode', env: {ONCALL_GLYPHS: 'utf8', LANG: 'C'}});
    expect(choice).toEqual({mode: 'unicode', because: 'config glyphs', ignored: 'utf8'});
    expect(glyphWarning(choice)).toBe('ONCALL_GLYPHS=utf8 is neither ascii nor unicode; ignored');
    expect(glyphWarning(glyphMode({env: {ONCALL_GLYPHS: 'ascii'}}))).toBeNull();
  });

  it('is told in the help overlay with the way to change it', () => {
    expect(glyphNote(glyphMode({env: {LANG: 'C'}}))).toBe('glyphs: ascii (LANG=C; --glyphs unicode to override)');
    expect(glyphNote(glyphMode({flag: 'ascii', env: utf8}))).toBe('glyphs: ascii (--glyphs; --glyphs unicode to override)');
    expect(glyphNote(glyphMode({env: {LANG: 'C.UTF-8\x1b[2J'}}))).toBe('glyphs: unicode (LANG=C.UTF-8␛[2J; --glyphs ascii to override)');
  });
});
