import type { ReactNode } from 'react';
import { Button, type ButtonVariant } from './button';
import { Modal, ModalClose } from './modal';

export interface ConfirmDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  /** Names the action, e.g. "Log out"; never a bare "OK". */
  confirmLabel: string;
  cancelLabel?: string;
  variant?: Extract<ButtonVariant, 'primary' | 'danger'>;
  onConfirm: () => void;
}

/**
 * Asks before a consequential action. Focus starts on Cancel, so a stray Enter does nothing
 * harmful; the dialog closes as soon as the user confirms and the caller shows progress itself.
 */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  cancelLabel = 'Cancel',
  variant = 'danger',
  onConfirm,
}: ConfirmDialogProps) {
  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      title={title}
      description={description}
      role="alertdialog"
    >
      <div className="flex justify-end gap-2">
        <ModalClose asChild>
          {/* eslint-disable-next-line jsx-a11y/no-autofocus -- the safe choice gets focus in a confirmation */}
          <Button variant="secondary" autoFocus>
            {cancelLabel}
          </Button>
        </ModalClose>
        <Button
          variant={variant}
          onClick={() => {
            onOpenChange(false);
            onConfirm();
          }}
        >
          {confirmLabel}
        </Button>
      </div>
    </Modal>
  );
}
