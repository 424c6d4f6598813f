import { AgentsResponse } from '@contract/agent';
import { serveKeyedList } from '@/lib/keyed-list/keyed-list-worker';

// Parses, diffs and validates each /api/v1/agents answer off the main thread (see agents-decoder.ts).
serveKeyedList(AgentsResponse);
