import type { AgentState } from '@contract/agent';

/**
 * State → dot colour (theme tokens). Full class strings, so Tailwind sees every one. The colour
 * only repeats the state's label, which is always shown as text.
 */
export const AGENT_STATE_DOT: Record<AgentState, string> = {
  ready: 'bg-state-ready',
  ringing: 'bg-state-ringing',
  on_queue_call: 'bg-state-on-queue-call',
  on_other_call: 'bg-state-on-other-call',
  wrap_up: 'bg-state-wrap-up',
  not_ready: 'bg-state-not-ready',
  break: 'bg-state-break',
  lunch: 'bg-state-lunch',
  offline: 'bg-state-offline',
  logged_out: 'bg-state-logged-out',
  unknown: 'bg-state-unknown',
};
