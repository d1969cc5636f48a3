/**
 * An ack whose POST is answered 200 with an empty silence id, against a real Alertmanager behind
 * a stand-in that empties the id: an empty id names no silence, so the ack reads the silences
 * back as for an id it could not read. Never "ok" with `silence ` and nothing after it.
 */
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {LANDED_NOTE} from '../../src/queries/ack-mutations.ts';
import {run} from '../cli/cli-fixtures.ts';
import type {AckWorkspace} from '../helpers/ack-workspace.ts';
import {postAlerts} from '../helpers/alertmanager-peer.ts';
import {lostAnswerRigEachTest, type LostAnswerRig} from '../helpers/lost-answer-rig.ts';

const AUTHOR = 'empty-id@bastion';

let rig: LostAnswerRig;
let w: AckWorkspace;

lostAnswerRigEachTest((r, workspace) => {
  rig = r;
  w = workspace;
});

const env = () => ({HOME: w.dir, XDG_STATE_HOME: join(w.dir, 'state')});

describe('an ack answered with an empty silence id', () => {
  it('nothing made (the stand-in answered alone): read back, no silence: failed, exit 1, never "ok" with an empty id', async () => {
    await postAlerts(rig.am.url, [{alertname: 'EmptyIdNothing', service: 'cart', severity: 'critical'}]);
    rig.faults.postsEmptyId = 'not-forwarded';
    const {code, out} = await run(['ack', 'alertname=EmptyIdNothing', '--config', rig.configFile(w.dir, AUTHOR)], env());
    expect(out).not.toMatch(/^ack ok/);
    expect(out).not.toMatch(/silence \n/);
    expect(out).toMatch(/^ack failed for /);
    expect(out).toMatch(/the silence was accepted but its id could not be read \([^\n]*empty silence id[^\n]*\)/);
    expect(code).toBe(1);
    expect(await rig.oursFor('EmptyIdNothing', AUTHOR)).toEqual([]);
  });

  it('the silence made, its id emptied in the answer: read back, found with its real id: ok, exit 0, one silence', async () => {
    await postAlerts(rig.am.url, [{alertname: 'EmptyIdMade', service: 'cart', severity: 'critical'}]);
    rig.faults.postsEmptyId = 'forwarded';
    const {code, out} = await run(['ack', 'alertname=EmptyIdMade', '--config', rig.configFile(w.dir, AUTHOR)], env());
    const ours = await rig.oursFor('EmptyIdMade', AUTHOR);
    expect(ours).toHaveLength(1);
    expect(out).toMatch(/^ack ok for /);
    expect(out).toContain(`on am-1: silence ${ours[0]!.id} (${LANDED_NOTE})\n`);
    expect(code).toBe(0);
    expect(rig.silencePosts()).toBe(1);
  });
});
