import { AgentsResponse } from '@contract/agent';
import { serveKeyedList } from '@/lib/keyed-list/keyed-list-worker';

// Parses, diffs and validates each /api/v1/agents answer for a queue's page off the main thread
// (see queues-queries.ts). Its own worker, since features share no code but lib and contract.
serveKeyedList(AgentsResponse);
