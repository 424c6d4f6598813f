import { z } from 'zod';
import { create } from 'zustand';
import { persist } from 'zustand/middleware';

/** What the dialog remembers between calls: the API has no lists of numbers, agents or campaigns. */
const LastUsed = z.object({
  sourceId: z.string().max(200).catch(''),
  country: z.string().max(4).catch(''),
  numberId: z.string().max(200).catch(''),
  agentId: z.string().max(200).catch(''),
  campaignId: z.string().max(200).catch(''),
  /** While1 callbacks name their campaign rather than identify it. */
  campaign: z.string().max(100).catch(''),
});
export type LastUsed = z.infer<typeof LastUsed>;

const EMPTY: LastUsed = {
  sourceId: '',
  country: '',
  numberId: '',
  agentId: '',
  campaignId: '',
  campaign: '',
};

interface CallingState {
  lastUsed: LastUsed;
  actions: { remember: (patch: Partial<LastUsed>) => void };
}

const useCallingStore = create<CallingState>()(
  persist(
    (set) => ({
      lastUsed: EMPTY,
      actions: { remember: (patch) => set((s) => ({ lastUsed: { ...s.lastUsed, ...patch } })) },
    }),
    {
      name: 'queuedeck.calling',
      partialize: (s) => ({ lastUsed: s.lastUsed }),
      // localStorage is user-editable: anything unexpected becomes an empty value.
      merge: (persisted, current) => ({
        ...current,
        lastUsed:
          LastUsed.safeParse((persisted as { lastUsed?: unknown } | undefined)?.lastUsed ?? {})
            .data ?? EMPTY,
      }),
    },
  ),
);

/** The values of the last call placed (source, country, number id, agent, campaign). */
export const useLastUsed = () => useCallingStore((s) => s.lastUsed);
/** Actions of the calling store. */
export const useCallingActions = () => useCallingStore((s) => s.actions);
