import * as Dialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';
import { useReturnFocus } from './use-return-focus';
import { CloseIcon } from './icons';

export interface DrawerProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The sheet's accessible name and visible heading. */
  title: ReactNode;
  /** One line under the title; also the sheet's accessible description. */
  description?: ReactNode;
  children: ReactNode;
}

/**
 * A modal side sheet (Radix Dialog): focus moves in and is trapped, Escape and the close button
 * dismiss it, and focus returns to whatever opened it.
 */
export function Drawer({ open, onOpenChange, title, description, children }: DrawerProps) {
  const returnFocus = useReturnFocus();
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content
          {...returnFocus}
          className="fixed inset-y-0 right-0 z-50 flex w-full max-w-md flex-col border-l border-line bg-surface-raised text-fg shadow-xl outline-none"
          // Without a description Radix would point aria-describedby at nothing.
          {...(description ? {} : { 'aria-describedby': undefined })}
        >
          <header className="flex items-start justify-between gap-3 border-b border-line px-5 py-4">
            <div className="min-w-0">
              <Dialog.Title className="break-words text-lg font-semibold leading-7 text-fg">
                {title}
              </Dialog.Title>
              {description && (
                <Dialog.Description className="mt-0.5 text-sm text-fg-muted">
                  {description}
                </Dialog.Description>
              )}
            </div>
            <Dialog.Close
              aria-label="Close"
              className="-mr-2 inline-flex size-9 shrink-0 items-center justify-center rounded-lg text-lg text-fg-muted hover:bg-surface-muted hover:text-fg"
            >
              <CloseIcon />
            </Dialog.Close>
          </header>
          <div className="flex-1 overflow-y-auto px-5 py-5">{children}</div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
