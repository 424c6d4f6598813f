/** Paths of /api/v1, shared so the SPA and the gateway cannot drift apart. */
export const API = {
  login: '/api/v1/auth/login',
  logout: '/api/v1/auth/logout',
  me: '/api/v1/auth/me',
  sources: '/api/v1/sources',
  queues: '/api/v1/queues',
  queueHistory: (queueId: string) => `/api/v1/queues/${encodeURIComponent(queueId)}/history`,
  queueSettings: (queueId: string) => `/api/v1/queues/${encodeURIComponent(queueId)}/settings`,
  agents: '/api/v1/agents',
  calls: '/api/v1/calls',
  agentQueue: '/api/v1/actions/agent-queue',
  agentState: '/api/v1/actions/agent-state',
  pickup: '/api/v1/actions/pickup',
  initiateCall: '/api/v1/actions/initiate-call',
  scheduleCallback: '/api/v1/actions/schedule-callback',
  entries: '/api/v1/entries',
  entry: (sourceId: string, vendorId: string) =>
    `/api/v1/entries/${encodeURIComponent(sourceId)}/${encodeURIComponent(vendorId)}`,
  campaigns: '/api/v1/campaigns',
  cdrs: '/api/v1/cdrs',
} as const;
