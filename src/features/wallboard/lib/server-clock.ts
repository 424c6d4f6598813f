import { createContext, useContext } from 'react';
import { useNow } from '@/lib/time';

/** The gateway's clock minus the browser's, in ms: a TV's own clock is often minutes off. */
export const ClockOffsetContext = createContext(0);

/** The gateway's "now", re-rendering every `intervalMs` on the shared clock. */
export function useServerNow(intervalMs = 1000): number {
  const offset = useContext(ClockOffsetContext);
  return useNow(intervalMs) + offset;
}
