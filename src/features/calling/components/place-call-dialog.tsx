import * as Dialog from '@radix-ui/react-dialog';
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useRef, useState, type FormEvent } from 'react';
import type { Source } from '@contract/source';
import { Button } from '@/components/ui/button';
import { CheckIcon, CloseIcon } from '@/components/ui/icons';
import { useReturnFocus } from '@/components/ui/use-return-focus';
import { cn } from '@/lib/cn';
import { useCallingActions, useLastUsed, type LastUsed } from '../calling-store';
import {
  newIdempotencyKey,
  PlaceError,
  placeCall,
  type Placed,
  type PlaceRequest,
} from '../api/place-call';
import {
  buildRequest,
  placeServerErrors,
  SubmissionKeys,
  type CallForm,
  type FieldErrors,
  type FormField as Field,
} from '../lib/call-form';
import { entryLinkSearch, kindOf } from '../lib/entry-link';
import { guessCountry, isCountry, readPhone } from '../lib/phone';
import { FormField, inputClasses } from './form-field';
import { KeyValueRows } from './key-value-rows';
import { PhoneInput } from './phone-input';
import { ScheduleField } from './schedule-field';

export interface PlaceCallDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Sources that can place calls or schedule callbacks. */
  sources: readonly Source[];
  /** Queries to refresh after a call is placed (entries, campaigns). */
  affectedQueryKeys?: readonly QueryKey[];
}

function initialForm(sources: readonly Source[], last: LastUsed): CallForm {
  const source = sources.find((s) => s.id === last.sourceId) ?? sources[0];
  return {
    sourceId: source?.id ?? '',
    kind: kindOf(source),
    country: isCountry(last.country) ? last.country : guessCountry(),
    phone: '',
    numberId: last.numberId,
    agentId: last.agentId,
    campaignId: last.campaignId,
    callerName: '',
    campaign: last.campaign,
    scheduledAt: '',
    variables: [],
    metadata: [],
  };
}

interface Success {
  placed: Placed;
  request: PlaceRequest;
  source: Source | undefined;
}

/** Plain words for what went wrong without a field to put it beside. */
function formAlert(error: PlaceError, rest: string[]): string {
  const extra = rest.length > 0 ? ` (${rest.join('; ')})` : '';
  if (error.code === 'VENDOR_UNAVAILABLE' || error.status >= 500) {
    return `${error.message}${extra}. Whether the call went out is not known: check the entries before placing it again.`;
  }
  if (error.status === 429)
    return `${error.message}${extra}. Your details are kept: submit again in a moment.`;
  if (error.status === 0)
    return `${error.message} Your details are kept: submit again, the call will not be placed twice.`;
  return `${error.message}${extra}`;
}

/**
 * Places one outbound call (Iqra) or schedules one callback (While1). Every submission carries one
 * Idempotency-Key, kept while the same request is retried and new once anything changes, so a
 * double click, a retry after a lost answer or a resent form never calls anyone twice.
 */
export function PlaceCallDialog({
  open,
  onOpenChange,
  sources,
  affectedQueryKeys = [],
}: PlaceCallDialogProps) {
  const returnFocus = useReturnFocus();
  const last = useLastUsed();
  const { remember } = useCallingActions();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<CallForm>(() => initialForm(sources, last));
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [success, setSuccess] = useState<Success | null>(null);
  const keys = useRef(new SubmissionKeys(newIdempotencyKey));
  // Blocks a second submit before React has re-rendered the disabled button.
  const inFlight = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);

  const mutation = useMutation({
    mutationFn: ({ request, key }: { request: PlaceRequest; key: string }) =>
      placeCall(request, key),
  });

  const source = sources.find((s) => s.id === form.sourceId);
  const built = buildRequest(form);
  const clientErrors = attempted ? built.errors : {};
  const errors: FieldErrors = { ...clientErrors, ...serverErrors };
  const rowErrors = attempted ? built.rowErrors : {};

  const change = (patch: Partial<CallForm>, fields: Field[]) => {
    setForm((f) => ({ ...f, ...patch }));
    setAlert(null);
    if (fields.some((f) => serverErrors[f])) {
      setServerErrors((e) => {
        const next = { ...e };
        for (const f of fields) delete next[f];
        return next;
      });
    }
  };

  const chooseSource = (id: string) => {
    const next = sources.find((s) => s.id === id);
    change({ sourceId: id, kind: kindOf(next) }, ['sourceId']);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (inFlight.current) return;
    setAttempted(true);
    setServerErrors({});
    setAlert(null);
    const { request } = buildRequest(form);
    if (!request) {
      // Focus the first field that needs attention once the errors are rendered.
      requestAnimationFrame(() =>
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
      return;
    }
    const key = keys.current.keyFor(request);
    inFlight.current = true;
    mutation.mutate(
      { request, key },
      {
        onSuccess: (placed) => {
          keys.current.settle();
          remember({
            sourceId: form.sourceId,
            country: form.country ?? '',
            ...(request.kind === 'call'
              ? {
                  numberId: form.numberId.trim(),
                  agentId: form.agentId.trim(),
                  campaignId: form.campaignId.trim(),
                }
              : { campaign: form.campaign.trim() }),
          });
          setSuccess({ placed, request, source });
          for (const queryKey of affectedQueryKeys)
            void queryClient.invalidateQueries({ queryKey });
        },
        onError: (error) => {
          if (!(error instanceof PlaceError)) {
            setAlert(error instanceof Error ? error.message : 'The call could not be placed.');
            return;
          }
          // A refusal placed no call: the next attempt (after a top-up, say) is a new request.
          if (error.code === 'VENDOR_ERROR' || error.status === 400) keys.current.settle();
          const { errors: placed, rest } = placeServerErrors(error.fields);
          setServerErrors(placed);
          if (Object.keys(placed).length === 0 || rest.length > 0) setAlert(formAlert(error, rest));
          requestAnimationFrame(() =>
            formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
          );
        },
        onSettled: () => {
          inFlight.current = false;
        },
      },
    );
  };

  const another = () => {
    setSuccess(null);
    setAttempted(false);
    setForm((f) => ({ ...f, phone: '', callerName: '', scheduledAt: '' }));
  };

  const isCall = form.kind === 'call';
  const title = success
    ? success.request.kind === 'call'
      ? 'Call placed'
      : 'Callback scheduled'
    : isCall
      ? 'Place a call'
      : 'Schedule a callback';

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-[60] bg-black/50" />
        <Dialog.Content
          {...returnFocus}
          aria-describedby={undefined}
          className="fixed left-1/2 top-1/2 z-[70] flex max-h-[calc(100vh-2rem)] w-[calc(100vw-2rem)] max-w-2xl -translate-x-1/2 -translate-y-1/2 flex-col rounded-card border border-line bg-surface-raised text-fg shadow-xl outline-none"
        >
          <div className="flex items-center justify-between border-b border-line px-5 py-3">
            <Dialog.Title className="text-base font-semibold text-fg">{title}</Dialog.Title>
            <Dialog.Close asChild>
              <Button variant="ghost" size="sm" aria-label="Close">
                <CloseIcon />
              </Button>
            </Dialog.Close>
          </div>
          {success ? (
            <SuccessPanel success={success} onAnother={another} />
          ) : (
            <form
              ref={formRef}
              noValidate
              onSubmit={submit}
              className="flex min-h-0 flex-1 flex-col"
            >
              <div className="flex min-h-0 flex-1 flex-col gap-4 overflow-y-auto px-5 py-4">
                <FormField
                  label="Source"
                  error={errors.sourceId}
                  hint={
                    isCall
                      ? 'Places an outbound call through this source.'
                      : 'Schedules a callback in this source’s call queue.'
                  }
                >
                  {(p) => (
                    <select
                      {...p}
                      value={form.sourceId}
                      onChange={(e) => chooseSource(e.target.value)}
                      className={inputClasses}
                    >
                      {sources.map((s) => (
                        <option key={s.id} value={s.id}>
                          {s.label} — {s.capabilities.initiateCall ? 'outbound calls' : 'callbacks'}
                        </option>
                      ))}
                    </select>
                  )}
                </FormField>

                <PhoneInput
                  label={isCall ? 'Recipient' : 'Phone number to call back'}
                  country={form.country}
                  value={form.phone}
                  onCountryChange={(country) => change({ country }, ['phone'])}
                  onValueChange={(phone) => change({ phone }, ['phone'])}
                  error={errors.phone}
                />

                {isCall ? (
                  <div className="grid gap-4 sm:grid-cols-3">
                    <TextInput
                      label="Number id"
                      required
                      hint="The number to call from."
                      value={form.numberId}
                      error={errors.numberId}
                      onChange={(numberId) => change({ numberId }, ['numberId'])}
                    />
                    <TextInput
                      label="Agent id"
                      required
                      hint="The AI agent who calls."
                      value={form.agentId}
                      error={errors.agentId}
                      onChange={(agentId) => change({ agentId }, ['agentId'])}
                    />
                    <TextInput
                      label="Campaign id"
                      tag="optional"
                      value={form.campaignId}
                      error={errors.campaignId}
                      onChange={(campaignId) => change({ campaignId }, ['campaignId'])}
                    />
                  </div>
                ) : (
                  <div className="grid gap-4 sm:grid-cols-2">
                    <TextInput
                      label="Name"
                      required
                      value={form.callerName}
                      maxLength={100}
                      error={errors.callerName}
                      onChange={(callerName) => change({ callerName }, ['callerName'])}
                    />
                    <TextInput
                      label="Campaign"
                      required
                      value={form.campaign}
                      maxLength={100}
                      error={errors.campaign}
                      onChange={(campaign) => change({ campaign }, ['campaign'])}
                    />
                  </div>
                )}

                <ScheduleField
                  value={form.scheduledAt}
                  required={!isCall}
                  sourceTimeZone={source?.timeZone}
                  error={errors.scheduledAt}
                  onChange={(scheduledAt) => change({ scheduledAt }, ['scheduledAt'])}
                />

                {isCall && (
                  <div className="grid gap-4">
                    <KeyValueRows
                      label="Dynamic variables"
                      noun="variable"
                      rows={form.variables}
                      error={errors.variables}
                      errors={rowErrors}
                      onChange={(variables) => change({ variables }, ['variables'])}
                    />
                    <KeyValueRows
                      label="Metadata"
                      noun="metadata value"
                      rows={form.metadata}
                      error={errors.metadata}
                      errors={rowErrors}
                      onChange={(metadata) => change({ metadata }, ['metadata'])}
                    />
                  </div>
                )}

                {alert && (
                  <div
                    role="alert"
                    className="rounded-lg border border-threshold-breach/40 bg-threshold-breach-soft px-3 py-2 text-sm text-fg"
                  >
                    {alert}
                  </div>
                )}
              </div>
              <div className="flex items-center justify-end gap-2 border-t border-line px-5 py-3">
                <Dialog.Close asChild>
                  <Button variant="secondary">Cancel</Button>
                </Dialog.Close>
                <Button type="submit" pending={mutation.isPending}>
                  {isCall
                    ? form.scheduledAt
                      ? 'Schedule call'
                      : 'Place call'
                    : 'Schedule callback'}
                </Button>
              </div>
            </form>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

interface TextInputProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string;
  tag?: string;
  required?: boolean;
  maxLength?: number;
}

function TextInput({
  label,
  value,
  onChange,
  error,
  hint,
  tag,
  required,
  maxLength = 200,
}: TextInputProps) {
  return (
    <FormField label={label} tag={tag} required={required} hint={hint} error={error}>
      {(p) => (
        <input
          {...p}
          value={value}
          maxLength={maxLength}
          autoComplete="off"
          onChange={(e) => onChange(e.target.value)}
          className={inputClasses}
        />
      )}
    </FormField>
  );
}

function SuccessPanel({ success, onAnother }: { success: Success; onAnother: () => void }) {
  const { placed, request, source } = success;
  const phone = request.kind === 'call' ? request.body.recipientNumber : request.body.phoneNumber;
  const reading = readPhone(phone, undefined);
  return (
    <div className="flex flex-col gap-4 px-5 py-4">
      <div
        role="status"
        className="flex items-start gap-3 rounded-lg border border-threshold-ok/40 bg-threshold-ok-soft px-3 py-3 text-sm"
      >
        <CheckIcon className="mt-0.5 shrink-0 text-lg text-threshold-ok" />
        <div>
          <p className="font-medium text-fg">
            {placed.result.message} for{' '}
            <span className="tabular-nums">{reading.formatted || phone}</span>
          </p>
          {placed.replayed && (
            <p className="mt-1 text-fg-muted">
              This request had already been sent: no second call was placed.
            </p>
          )}
        </div>
      </div>
      <div>
        <h3 className="text-xs font-medium text-fg-muted">
          Queue {placed.result.entryIds.length === 1 ? 'entry' : 'entries'}
        </h3>
        {placed.result.entryIds.length === 0 ? (
          <p className="text-sm text-fg-muted">The vendor did not say which entry it created.</p>
        ) : (
          <ul className="mt-1 flex flex-col gap-1">
            {placed.result.entryIds.map((id) => (
              <li key={id} className="flex flex-wrap items-center gap-x-3 text-sm">
                <code className="tabular-nums" data-testid="placed-entry-id">
                  {id}
                </code>
                {source?.capabilities.entries && (
                  <Link
                    to="/entries"
                    search={entryLinkSearch(id, source, phone)}
                    className={cn('font-medium text-accent-text underline underline-offset-2')}
                  >
                    Open in Entries
                  </Link>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="flex justify-end gap-2 border-t border-line pt-3">
        <Button variant="secondary" onClick={onAnother}>
          {request.kind === 'call' ? 'Place another call' : 'Schedule another'}
        </Button>
        <Dialog.Close asChild>
          <Button>Done</Button>
        </Dialog.Close>
      </div>
    </div>
  );
}
