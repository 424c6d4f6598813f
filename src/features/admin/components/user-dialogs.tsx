import { useState, type FormEvent, type ReactNode } from 'react';
import { MIN_PASSWORD_LENGTH } from '@contract/admin';
import { ROLE_LABELS, Role, type Scope, type User } from '@contract/auth';
import { Button } from '@/components/ui/button';
import { Modal, ModalClose } from '@/components/ui/modal';
import { isApiError } from '@/lib/api-client';
import { useCreateUser, useResetPassword, useUpdateUser } from '../api/user-mutations';
import { FULL_SCOPE } from '../lib/scope';
import { SelectInput, TextInput } from './form-controls';
import { ScopeEditor, type ScopeQueue, type ScopeSource } from './scope-editor';

type Fields = Record<string, string>;

/** Field errors of a failed request, keyed as the gateway names them ("scope.queues"). */
const fieldsOf = (error: unknown): Fields => (isApiError(error) ? (error.fields ?? {}) : {});

const ROLE_OPTIONS = Role.options.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

export const ROLE_HINTS: Record<Role, string> = {
  admin: 'Everything, including users, the audit log and source health.',
  supervisor: 'Watches queues and acts on agents and waiting calls.',
  campaign_manager: 'Follows campaigns and entries and places calls.',
  viewer: 'Sees live data only; no actions.',
};

/** A form in a modal: fields scroll when tall, the buttons stay in view. */
function DialogForm({
  onSubmit,
  submitLabel,
  pending,
  children,
}: {
  onSubmit: () => void;
  submitLabel: string;
  pending: boolean;
  children: ReactNode;
}) {
  return (
    <form
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit();
      }}
      className="flex flex-col gap-4"
    >
      <div className="-mx-1 flex max-h-[min(60vh,34rem)] flex-col gap-4 overflow-y-auto px-1 pb-1">{children}</div>
      <div className="flex justify-end gap-2 border-t border-line pt-4">
        <ModalClose asChild>
          <Button variant="secondary">Cancel</Button>
        </ModalClose>
        <Button type="submit" pending={pending}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}

export interface ScopeChoices {
  sources: readonly ScopeSource[];
  queues: readonly ScopeQueue[];
}

function CreateUserForm({ choices, onDone }: { choices: ScopeChoices; onDone: () => void }) {
  const create = useCreateUser();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [scope, setScope] = useState<Scope>(FULL_SCOPE);
  const [errors, setErrors] = useState<Fields>({});

  const submit = () => {
    setErrors({});
    create.mutate(
      { username: username.trim(), password, role, scope },
      { onSuccess: onDone, onError: (e) => setErrors(fieldsOf(e)) },
    );
  };

  return (
    <DialogForm onSubmit={submit} submitLabel="Create user" pending={create.isPending}>
      <TextInput
        label="Username"
        autoComplete="off"
        spellCheck={false}
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        error={errors.username}
      />
      <TextInput
        label={`Password (at least ${MIN_PASSWORD_LENGTH} characters)`}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
      />
      <div className="flex flex-col gap-1">
        <SelectInput
          label="Role"
          value={role}
          options={ROLE_OPTIONS}
          onValueChange={(v) => setRole(v as Role)}
          error={errors.role}
        />
        <p className="text-xs text-fg-muted">{ROLE_HINTS[role]}</p>
      </div>
      <ScopeEditor
        value={scope}
        onChange={setScope}
        sources={choices.sources}
        queues={choices.queues}
        errors={{ sources: errors['scope.sources'], queues: errors['scope.queues'] }}
      />
    </DialogForm>
  );
}

export interface CreateUserDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  choices: ScopeChoices;
}

/** A new user: username, first password, role and scope. */
export function CreateUserDialog({ open, onOpenChange, choices }: CreateUserDialogProps) {
  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      title="Create user"
      description="They sign in with this username and password. Share the password with them in person."
    >
      <CreateUserForm choices={choices} onDone={() => onOpenChange(false)} />
    </Modal>
  );
}

function EditScopeForm({ user, choices, onDone }: { user: User; choices: ScopeChoices; onDone: () => void }) {
  const update = useUpdateUser();
  const [scope, setScope] = useState<Scope>(user.scope);
  const [errors, setErrors] = useState<Fields>({});
  const submit = () => {
    setErrors({});
    update.mutate(
      { id: user.id, patch: { scope } },
      { onSuccess: onDone, onError: (e) => setErrors(fieldsOf(e)) },
    );
  };
  return (
    <DialogForm onSubmit={submit} submitLabel="Save scope" pending={update.isPending}>
      <ScopeEditor
        value={scope}
        onChange={setScope}
        sources={choices.sources}
        queues={choices.queues}
        errors={{ sources: errors['scope.sources'], queues: errors['scope.queues'] }}
      />
    </DialogForm>
  );
}

export interface UserDialogProps {
  user: User | null;
  onClose: () => void;
}

/** Which sources and queues a user sees; it applies from their next request. */
export function EditScopeDialog({ user, onClose, choices }: UserDialogProps & { choices: ScopeChoices }) {
  return (
    <Modal
      open={user !== null}
      onOpenChange={(open) => !open && onClose()}
      title={user ? `Scope of ${user.username}` : 'Scope'}
      description="What this user sees on every page. It applies from their next request."
    >
      {user && <EditScopeForm user={user} choices={choices} onDone={onClose} />}
    </Modal>
  );
}

function ResetPasswordForm({ user, onDone }: { user: User; onDone: () => void }) {
  const reset = useResetPassword();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Fields>({});
  const submit = () => {
    if (password !== confirm) {
      setErrors({ confirm: 'the two passwords differ' });
      return;
    }
    setErrors({});
    reset.mutate({ id: user.id, password }, { onSuccess: onDone, onError: (e) => setErrors(fieldsOf(e)) });
  };
  return (
    <DialogForm onSubmit={submit} submitLabel="Set password" pending={reset.isPending}>
      <TextInput
        label={`New password (at least ${MIN_PASSWORD_LENGTH} characters)`}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
      />
      <TextInput
        label="Repeat the new password"
        type="password"
        autoComplete="new-password"
        value={confirm}
        onChange={(e) => setConfirm(e.target.value)}
        error={errors.confirm}
      />
    </DialogForm>
  );
}

/** The admin sets a new password; every session of the user ends at once. */
export function ResetPasswordDialog({ user, onClose }: UserDialogProps) {
  return (
    <Modal
      open={user !== null}
      onOpenChange={(open) => !open && onClose()}
      title={user ? `Reset the password of ${user.username}` : 'Reset password'}
      description="They are signed out everywhere and sign in again with the new password."
    >
      {user && <ResetPasswordForm user={user} onDone={onClose} />}
    </Modal>
  );
}
