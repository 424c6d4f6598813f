import type { QueryKey } from '@tanstack/react-query';
import { createContext, useContext } from 'react';

/**
 * What table cells need beyond their row: the queue they act on and what the user may do there.
 * Provided once by the page (memoised on ids and flags, not on live numbers), so column
 * definitions stay at module scope and rows re-render only when their own data changes.
 */
export interface QueueDetailContextValue {
  queueId: string;
  queueName: string;
  /** The role may log agents in and out and the queue's source supports it. */
  canToggle: boolean;
  /** The role may pick up and the queue's source supports it. */
  canPickup: boolean;
  affectedQueryKeys: readonly QueryKey[] | undefined;
}

export const QueueDetailContext = createContext<QueueDetailContextValue>({
  queueId: '',
  queueName: '',
  canToggle: false,
  canPickup: false,
  affectedQueryKeys: undefined,
});

/** The page's queue and permissions, for cells. */
export const useQueueDetailContext = () => useContext(QueueDetailContext);
