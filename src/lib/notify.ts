/**
 * Toasts without putting sonner in the initial bundle: the first call loads it. The <Toaster> is
 * mounted lazily by the app providers from the same chunk, so both share one toast store.
 */
type Kind = 'info' | 'success' | 'error';

function show(kind: Kind, message: string, id?: string): void {
  void import('sonner').then(({ toast }) => {
    toast[kind](message, id ? { id } : undefined);
  });
}

/** Shows a short non-blocking message; a repeated `id` replaces the earlier toast instead of stacking. */
export const notify = {
  info: (message: string, id?: string) => show('info', message, id),
  success: (message: string, id?: string) => show('success', message, id),
  error: (message: string, id?: string) => show('error', message, id),
};
