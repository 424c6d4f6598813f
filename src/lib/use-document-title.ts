import { useEffect } from 'react';

/** Sets the tab title to "<title> · Queuedeck" while the calling view is shown. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Queuedeck`;
  }, [title]);
}
