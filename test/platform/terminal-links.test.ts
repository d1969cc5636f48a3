import {execFileSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {shellLine} from '../../src/domain/shell-command.ts';
import {KATSUSHIKA} from '../domain/variation-sequences.ts';
import {hasLocalDisplay, isRemoteSession, linkTarget, notifyBytes, openerCommand, osc52, osc8} from '../../src/platform/terminal-links.ts';

const ESC = '\x1b';
const ST = `${ESC}\\`;

/** What an OSC 52 write puts in the clipboard. */
const clipboardOf = (seq: string) => Buffer.from(/\]52;c;([A-Za-z0-9+/=]*)/.exec(seq)![1]!, 'base64').toString('utf8');

// Every escape sequence in `s`, and every C0/C1 control that is not part of one of ours.
function controls(s: string): string[] {
  return [...s].filter((c) => /[\u0000-\u001f\u007f-\u009f]/.test(c));
}

describe('osc8', () => {
  it('wraps the text in an OSC 8 link terminated by ST, byte for byte', () => {
    expect(osc8('https://runbooks.example.com/checkout', 'runbook')).toBe(`${ESC}]8;;https://runbooks.example.com/checkout${ST}runbook${ESC}]8;;${ST}`);
  });

  it('percent-encodes what is not printable ASCII in the URL', () => {
    expect(osc8('https://wiki.example.com/Zürich runbook', 'x')).toBe(`${ESC}]8;;https://wiki.example.com/Z%C3%BCrich%20runbook${ST}x${ESC}]8;;${ST}`);
  });

  it('returns the sanitized text alone for a URL that is not http(s)', () => {
    expect(osc8('javascript:alert(1)', 'runbook')).toBe('runbook');
    expect(osc8('file:///etc/passwd', 'x\x07')).toBe('x\\x07');
    expect(osc8('not a url', 'plain')).toBe('plain');
  });

  it('links no URL holding a control or invisible character: the text alone, sanitized, and no ESC of its own', () => {
    const hostileUrls = [
      `https://evil.example/${ESC}]52;c;cm0gLXJmIH4K${ESC}\\`,
      `https://evil.example/\x07${ESC}[2J`,
      'https://evil.example/a\u009c\u009db',
      'https://evil.example/\u202eexe.pdf',
      'https://evil.example/\r\nInjected: 1',
      'https://evil.example/a\u200bb',
    ];
    const hostileTexts = [`${ESC}]8;;https://other.example${ESC}\\click`, `a\x07b\rc${ESC}[2J`, '\u202egnp.exe', `x\u009b31m`];
    for (const url of hostileUrls) {
      expect(linkTarget(url)).toBeNull();
      for (const text of hostileTexts) {
        const out = osc8(url, text);
        expect(controls(out)).toEqual([]);
        expect(out).not.toContain('\u202e');
      }
    }
  });

  it('links a clean URL with a hostile text: exactly four ESCs, all ours', () => {
    for (const text of [`${ESC}]8;;https://other.example${ESC}\\click`, `a\x07b\rc${ESC}[2J`, '\u202egnp.exe', `x\u009b31m`]) {
      const out = osc8('https://ok.example/run/1', text);
      expect(out.startsWith(`${ESC}]8;;https://ok.example/run/1${ST}`)).toBe(true);
      expect(controls(out)).toEqual([ESC, ESC, ESC, ESC]);
      expect(out).not.toContain('\u202e');
    }
  });

  it('linkTarget refuses a URL that is not a plain http(s) one', () => {
    expect(linkTarget(`${ESC}https://x.example`)).toBeNull();
    // Linked from its sanitized text, ESC would be `␛` (`%E2%90%9B`): another URL than the real one.
    expect(linkTarget('https://x.example/a\x1b')).toBeNull();
    expect(linkTarget('https://x.example/ok')).toBe('https://x.example/ok');
  });

  it('links a URL holding a variation sequence real text needs, percent-encoded, and refuses a stray selector', () => {
    expect(linkTarget(`https://wiki.example.jp/${KATSUSHIKA}`)).toBe('https://wiki.example.jp/%E8%91%9B%F3%A0%84%80%E9%A3%BE%E5%8C%BA');
    expect(linkTarget('https://wiki.example.jp/checkout\u{E0100}')).toBeNull();
  });
});

describe('osc52', () => {
  it('writes base64 of the text between ESC ] 52 ; c ; and ST, byte for byte', () => {
    expect(osc52('https://x')).toBe(`${ESC}]52;c;aHR0cHM6Ly94${ST}`);
    expect(osc52('')).toBe(`${ESC}]52;c;${ST}`);
    expect(osc52('ü')).toBe(`${ESC}]52;c;w7w=${ST}`);
  });

  it('copies the sanitized text: no newline or escape reaches the clipboard', () => {
    const out = osc52(`https://x/\nrm -rf ~${ESC}[2J`);
    const b64 = out.slice(`${ESC}]52;c;`.length, -ST.length);
    expect(Buffer.from(b64, 'base64').toString('utf8')).toBe('https://x/↵rm -rf ~␛[2J');
    expect(controls(out)).toEqual([ESC, ESC]);
  });

  it('copies a command line exactly: bash reads the pasted line as the label values it was built from', () => {
    const values = ['checkout\u200b', 'check\u00adout', 'a\u2028b', 'x\u061cy', 'x\ufeffy', 'x\u{E0041}y', 'checkout\u034f', "it's\x07"];
    const line = shellLine(['printf', '%s\\0', ...values]);
    const pasted = clipboardOf(osc52(line));
    expect(pasted).toBe(line);
    expect(execFileSync('bash', ['-c', pasted], {encoding: 'utf8'}).split('\0').slice(0, -1)).toEqual(values);
  });
});

describe('session facts', () => {
  it('isRemoteSession: any of SSH_CONNECTION, SSH_TTY, SSH_CLIENT, non-empty', () => {
    expect(isRemoteSession({SSH_CONNECTION: '10.0.0.1 50000 10.0.0.2 22'})).toBe(true);
    expect(isRemoteSession({SSH_TTY: '/dev/pts/1'})).toBe(true);
    expect(isRemoteSession({SSH_CLIENT: '10.0.0.1 50000 22'})).toBe(true);
    expect(isRemoteSession({SSH_CONNECTION: ''})).toBe(false);
    expect(isRemoteSession({})).toBe(false);
  });

  it('hasLocalDisplay: DISPLAY or WAYLAND_DISPLAY on Linux, always on macOS, never over SSH', () => {
    expect(hasLocalDisplay({DISPLAY: ':0'}, 'linux')).toBe(true);
    expect(hasLocalDisplay({WAYLAND_DISPLAY: 'wayland-0'}, 'linux')).toBe(true);
    expect(hasLocalDisplay({}, 'linux')).toBe(false);
    expect(hasLocalDisplay({}, 'darwin')).toBe(true);
    expect(hasLocalDisplay({SSH_TTY: '/dev/pts/0'}, 'darwin')).toBe(false);
    expect(hasLocalDisplay({DISPLAY: 'localhost:10.0', SSH_CONNECTION: 'a b c d'}, 'linux')).toBe(false);
    expect(hasLocalDisplay({DISPLAY: ':0'}, 'win32')).toBe(false);
  });

  it('openerCommand: xdg-open, open, or none', () => {
    expect(openerCommand('linux')).toEqual(['xdg-open']);
    expect(openerCommand('freebsd')).toEqual(['xdg-open']);
    expect(openerCommand('darwin')).toEqual(['open']);
    expect(openerCommand('win32')).toBeNull();
  });
});

describe('notifyBytes', () => {
  it('writes BEL, OSC 9 or OSC 777 with a body that cannot end the sequence', () => {
    const hostile = 'oncall: now paging: X\u0007\u001b]52;c;eA==\u001b\\;rm';
    expect(notifyBytes('bell', hostile)).toBe('\u0007');
    expect(notifyBytes('off', hostile)).toBe('');
    const osc9 = notifyBytes('osc9', hostile);
    expect(osc9.startsWith('\u001b]9;oncall: now paging: X')).toBe(true);
    // One ESC (the introducer) and one BEL (the terminator), nothing else outside printable ASCII.
    expect(osc9.slice(4, -1)).toMatch(/^[\x20-\x7e]*$/);
    expect(osc9.slice(4, -1)).not.toContain(';');
    expect(notifyBytes('osc777', 'x;y')).toBe('\u001b]777;notify;oncall;x y\u0007');
  });
});
