import * as Dialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';
import { useReturnFocus } from './use-return-focus';

export interface ModalProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  /** `alertdialog` for confirmations that interrupt the user. */
  role?: 'dialog' | 'alertdialog';
  children: ReactNode;
}

/** A centred modal dialog (Radix Dialog) with a title and optional description. */
export function Modal({ open, onOpenChange, title, description, role = 'dialog', children }: ModalProps) {
  const returnFocus = useReturnFocus();
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-[60] bg-black/50" />
        <Dialog.Content
          {...returnFocus}
          role={role}
          className="fixed left-1/2 top-1/2 z-[70] w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-card border border-line bg-surface-raised p-5 text-fg shadow-xl outline-none"
          {...(description ? {} : { 'aria-describedby': undefined })}
        >
          <Dialog.Title className="text-base font-semibold text-fg">{title}</Dialog.Title>
          {description && (
            <Dialog.Description className="mt-1.5 text-sm text-fg-muted">
              {description}
            </Dialog.Description>
          )}
          <div className="mt-4">{children}</div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** The Cancel button of a modal: closes it without acting. */
export const ModalClose = Dialog.Close;
