import {EventEmitter} from 'node:events';
import {describe, expect, it} from 'vitest';
import {openRunbook} from '../../src/actions/runbook-open.ts';
import {openUrl, type Spawn} from '../../src/platform/open-url.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {fakeDeps} from './action-fixtures.ts';

/** spawn of a program that is not installed, as Node reports it: the child first, ENOENT on the next tick. */
const missingProgram: Spawn = (command) => {
  const child = Object.assign(new EventEmitter(), {unref() {}});
  process.nextTick(() => child.emit('error', Object.assign(new Error(`spawn ${command} ENOENT`), {code: 'ENOENT'})));
  return child;
};

describe('o with a display but no opener installed', () => {
  it('shows the link for y instead of saying it opened a browser tab that never appears', async () => {
    const alert = makeAlert({fingerprint: 'x', name: 'DiskFull', annotations: {runbook_url: 'https://runbooks.example/DiskFull'}});
    const {deps} = fakeDeps({opener: {open: (url) => openUrl(url, {env: {DISPLAY: ':0'}, platform: 'linux', spawn: missingProgram})}});
    expect(await openRunbook({alert, whose: ''}, deps)).toEqual({
      text: 'runbook: https://runbooks.example/DiskFull  (could not start xdg-open (ENOENT); y copies it)',
      tone: 'info',
    });
  });
});
