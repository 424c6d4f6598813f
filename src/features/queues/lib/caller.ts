import type { WaitingCaller } from '@contract/call';

/** A caller as plain text: "Name (number)", the one that exists, or "Unknown caller". */
export function callerLabel(c: Pick<WaitingCaller, 'callerName' | 'callerNumber'>): string {
  const { callerName, callerNumber } = c;
  if (callerName && callerNumber && callerName !== callerNumber) return `${callerName} (${callerNumber})`;
  return callerName || callerNumber || 'Unknown caller';
}
