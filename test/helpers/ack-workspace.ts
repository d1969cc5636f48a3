/**
 * Per-test set-up shared by the ack integration tests: a temp directory, an action log in it and
 * a query client that does not retry queries; all cleared after the test. Registers vitest hooks.
 */
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {QueryClient} from '@tanstack/query-core';
import {afterEach, beforeEach} from 'vitest';
import {createActionLog, type ActionLog} from '../../src/platform/action-log.ts';
import {createQueryClient} from '../../src/queries/query-client.ts';

/** What each test gets. */
export interface AckWorkspace {
  dir: string;
  log: ActionLog;
  client: QueryClient;
}

/** Before each test hands `use` a fresh workspace; after it, clears the client and removes the directory. */
export function freshAckWorkspaceEachTest(use: (workspace: AckWorkspace) => void): void {
  let current: AckWorkspace | null = null;
  beforeEach(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oncall-ack-it-'));
    current = {dir, log: createActionLog(join(dir, 'actions.jsonl')), client: createQueryClient({retry: 0})};
    use(current);
  });
  afterEach(async () => {
    if (!current) return;
    current.client.clear();
    current.client.unmount();
    await rm(current.dir, {recursive: true, force: true});
    current = null;
  });
}
