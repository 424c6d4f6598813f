import { z } from 'zod';
import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export const Density = z.enum(['comfortable', 'compact']);
export type Density = z.infer<typeof Density>;

export const DENSITY_LABELS: Record<Density, string> = {
  comfortable: 'Comfortable',
  compact: 'Compact',
};

interface AgentsUiState {
  /** Persisted: a supervisor on a big floor keeps compact tiles across visits. */
  density: Density;
  /** The agent whose drawer is open. */
  openAgentId: string | null;
  /** Bulk selection mode and the selected agent ids (not persisted: a selection is for now). */
  selecting: boolean;
  selected: ReadonlySet<string>;
  actions: {
    setDensity: (density: Density) => void;
    openAgent: (id: string) => void;
    closeAgent: () => void;
    setSelecting: (selecting: boolean) => void;
    toggleSelected: (id: string) => void;
    selectMany: (ids: readonly string[]) => void;
    clearSelection: () => void;
    reset: () => void;
  };
}

const EMPTY: ReadonlySet<string> = new Set();

const useAgentsUiStore = create<AgentsUiState>()(
  persist(
    (set) => ({
      density: 'comfortable',
      openAgentId: null,
      selecting: false,
      selected: EMPTY,
      actions: {
        setDensity: (density) => set({ density }),
        openAgent: (id) => set({ openAgentId: id }),
        closeAgent: () => set({ openAgentId: null }),
        setSelecting: (selecting) => set(selecting ? { selecting } : { selecting, selected: EMPTY }),
        toggleSelected: (id) =>
          set((s) => {
            const next = new Set(s.selected);
            if (!next.delete(id)) next.add(id);
            return { selected: next };
          }),
        selectMany: (ids) => set((s) => ({ selected: new Set([...s.selected, ...ids]) })),
        clearSelection: () => set({ selected: EMPTY }),
        reset: () => set({ openAgentId: null, selecting: false, selected: EMPTY }),
      },
    }),
    {
      name: 'queuedeck.agents',
      partialize: (s) => ({ density: s.density }),
      // localStorage is user-editable; anything unexpected falls back to the default.
      merge: (persisted, current) => ({
        ...current,
        density:
          Density.safeParse((persisted as { density?: unknown } | undefined)?.density).data ??
          current.density,
      }),
    },
  ),
);

/** Tile density: comfortable, or compact for 60+ agents on one screen. */
export const useDensity = () => useAgentsUiStore((s) => s.density);
/** Id of the agent whose drawer is open, or null. */
export const useOpenAgentId = () => useAgentsUiStore((s) => s.openAgentId);
/** Whether the grid is in bulk-selection mode. */
export const useSelecting = () => useAgentsUiStore((s) => s.selecting);
/** Ids of the agents selected for a bulk action. */
export const useSelectedAgentIds = () => useAgentsUiStore((s) => s.selected);
/** Actions of the agents UI store. */
export const useAgentsUiActions = () => useAgentsUiStore((s) => s.actions);
