import { useRef } from 'react';

/**
 * Radix returns focus to a dialog's Trigger on close; a dialog opened without one (from a tile, a
 * switch, a menu) would drop focus to <body>. These handlers remember what had focus when the
 * dialog opened and give it back on close, if it is still on the page.
 */
export function useReturnFocus() {
  const previous = useRef<HTMLElement | null>(null);
  return {
    onOpenAutoFocus: () => {
      // Radix has not moved focus yet when this runs.
      previous.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    },
    onCloseAutoFocus: (event: Event) => {
      const el = previous.current;
      previous.current = null;
      if (el && el.isConnected) {
        event.preventDefault();
        el.focus();
      }
    },
  };
}
