import { createContext, useContext } from 'react';
import type { QueryKey } from '@tanstack/react-query';

/**
 * What cells need beyond their row: names of sources and queues, and whether a caller can be
 * picked up. Provided once by the page, so column definitions stay at module scope.
 */
export interface CallsContextValue {
  sourceLabel: (sourceId: string) => string;
  queueName: (queueId: string, fallback?: string | null) => string;
  /** True when the role may pick up and the source supports it. */
  canPickup: (sourceId: string) => boolean;
  affectedQueryKeys: readonly QueryKey[];
}

export const CallsContext = createContext<CallsContextValue>({
  sourceLabel: (id) => id,
  queueName: (id, fallback) => fallback ?? id,
  canPickup: () => false,
  affectedQueryKeys: [],
});

/** The page's names and permissions, for cells. */
export const useCallsContext = () => useContext(CallsContext);
