import type { AgentState } from '@contract/agent';

/**
 * State → colour classes (theme tokens from tailwind.config.ts / styles.css). Full class strings,
 * so Tailwind sees every one. Colour only repeats the label, which is always shown as text.
 */
export const AGENT_STATE_BG: Record<AgentState, string> = {
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

/** A light wash of the state colour for a tile's background; text on it stays `fg`. */
export const AGENT_STATE_TINT: Record<AgentState, string> = {
  ready: 'bg-state-ready/10',
  ringing: 'bg-state-ringing/10',
  on_queue_call: 'bg-state-on-queue-call/10',
  on_other_call: 'bg-state-on-other-call/10',
  wrap_up: 'bg-state-wrap-up/10',
  not_ready: 'bg-state-not-ready/10',
  break: 'bg-state-break/10',
  lunch: 'bg-state-lunch/10',
  offline: 'bg-surface',
  logged_out: 'bg-surface',
  unknown: 'bg-surface',
};

/** Display order of states: the summary header and "sort by state" follow it. */
export const AGENT_STATE_ORDER: readonly AgentState[] = [
  'ready',
  'ringing',
  'on_queue_call',
  'on_other_call',
  'wrap_up',
  'not_ready',
  'break',
  'lunch',
  'logged_out',
  'offline',
  'unknown',
];

/** Not working the queues: hidden by the "Logged in" filter. */
export const AWAY_STATES: ReadonlySet<AgentState> = new Set(['logged_out', 'offline']);
