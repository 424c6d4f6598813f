import { useEffect, useSyncExternalStore } from 'react';
import { z } from 'zod';
import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export const ThemePreference = z.enum(['system', 'light', 'dark']);
export type ThemePreference = z.infer<typeof ThemePreference>;
export type ResolvedTheme = 'light' | 'dark';

export const THEME_LABELS: Record<ThemePreference, string> = {
  system: 'System',
  light: 'Light',
  dark: 'Dark',
};

interface ThemeState {
  preference: ThemePreference;
  actions: { setPreference: (preference: ThemePreference) => void };
}

const useThemeStore = create<ThemeState>()(
  persist(
    (set) => ({
      preference: 'system',
      actions: { setPreference: (preference) => set({ preference }) },
    }),
    {
      name: 'queuedeck.theme',
      partialize: (state) => ({ preference: state.preference }),
      // localStorage is user-editable; anything unexpected falls back to following the system.
      merge: (persisted, current) => ({
        ...current,
        preference:
          ThemePreference.safeParse((persisted as { preference?: unknown } | undefined)?.preference)
            .data ?? 'system',
      }),
    },
  ),
);

/** The stored choice: system, light or dark. */
export const useThemePreference = () => useThemeStore((s) => s.preference);
/** Actions of the theme store. */
export const useThemeActions = () => useThemeStore((s) => s.actions);

const DARK_QUERY = '(prefers-color-scheme: dark)';

function systemPrefersDark(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia(DARK_QUERY).matches
    : false;
}

function subscribeSystem(listener: () => void): () => void {
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return () => {};
  const mql = window.matchMedia(DARK_QUERY);
  mql.addEventListener('change', listener);
  return () => mql.removeEventListener('change', listener);
}

function resolve(preference: ThemePreference, systemDark: boolean): ResolvedTheme {
  if (preference === 'system') return systemDark ? 'dark' : 'light';
  return preference;
}

/** Sets the theme on <html>; tokens in styles.css switch on data-theme. */
export function applyTheme(theme: ResolvedTheme): void {
  document.documentElement.dataset.theme = theme;
}

/** Applies the stored theme before React renders, so the first paint is already right. */
export function applyStoredTheme(): void {
  applyTheme(resolve(useThemeStore.getState().preference, systemPrefersDark()));
}

/** Keeps <html data-theme> in step with the preference and, for "system", the OS setting. */
export function useThemeSync(): ResolvedTheme {
  const preference = useThemePreference();
  const systemDark = useSyncExternalStore(subscribeSystem, systemPrefersDark, () => false);
  const theme = resolve(preference, systemDark);
  useEffect(() => applyTheme(theme), [theme]);
  return theme;
}
