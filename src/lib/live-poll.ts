/**
 * How often live screens (queues, agents, calls, wallboard) ask the gateway: every second, as
 * docs/performance.md's budgets assume. The gateway polls each vendor once for every screen and answers
 * an unchanged snapshot with a 304, so a faster screen costs the vendor nothing and shows a change
 * sooner (within poll interval + 300 ms).
 */
export const LIVE_POLL_MS = 1000;
