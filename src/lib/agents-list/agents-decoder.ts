import { AgentsResponse } from '@contract/agent';
import { API } from '@contract/api';
import { KeyedListClient, startWorker } from '@/lib/keyed-list/keyed-list-client';

/**
 * The whole floor each second is up to a megabyte of JSON of which a fifth changes: a worker parses
 * it and hands over only the changed agents (see KeyedListClient), so the main thread keeps time
 * for rendering. One per page load, shared by every reader of /api/v1/agents (the Agents page and
 * a queue's page), so there is one worker and the next page diffs against the last answer seen.
 * The worker starts on the first poll, so pages that never read the floor never load it.
 */
export const agentsDecoder = new KeyedListClient(AgentsResponse, `GET ${API.agents}`, () =>
  startWorker(() => new Worker(new URL('./agents-list.worker.ts', import.meta.url), { type: 'module', name: 'agents-list' })),
);
