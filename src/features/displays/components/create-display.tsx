import { useId, useMemo, useState, type FormEvent } from 'react';
import type { DisplayLayout } from '@contract/wallboard';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { TextField } from '@/components/ui/field';
import { Modal, ModalClose } from '@/components/ui/modal';
import { SegmentedControl } from '@/components/ui/segmented-control';
import { isApiError } from '@/lib/api-client';
import { useCreateDisplay, type ThresholdQueue } from '../api/displays-queries';

const LAYOUTS = [
  { value: 'tiles', label: 'Tiles' },
  { value: 'table', label: 'Table' },
] as const;

function FieldMessage({ id, children }: { id: string; children: string | undefined }) {
  if (!children) return null;
  return (
    <p id={id} className="text-xs font-medium text-threshold-breach">
      {children.charAt(0).toUpperCase() + children.slice(1)}
    </p>
  );
}

/** The link of a display just created: shown once, with "Copy link". */
function CreatedLink({ url, name, onClose }: { url: string; name: string; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const inputId = useId();
  return (
    <Modal
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Display “${name}” created`}
      description="Open this link on the TV. It is shown only now: copy it before you close this dialog."
    >
      <div className="flex flex-col gap-3">
        <label htmlFor={inputId} className="text-xs font-medium text-fg-muted">
          Display link
        </label>
        <input
          id={inputId}
          readOnly
          value={url}
          onFocus={(e) => e.currentTarget.select()}
          className="h-9 w-full rounded-lg border border-line-strong bg-surface px-3 font-mono text-xs text-fg"
        />
        <div className="flex justify-end gap-2">
          <ModalClose asChild>
            <Button variant="secondary">Done</Button>
          </ModalClose>
          <Button
            onClick={() => {
              void navigator.clipboard
                ?.writeText(url)
                .then(() => setCopied(true))
                .catch(() => setCopied(false));
            }}
          >
            {copied ? 'Copied' : 'Copy link'}
          </Button>
        </div>
        <p role="status" className="sr-only">
          {copied ? 'Link copied' : ''}
        </p>
      </div>
    </Modal>
  );
}

/** Name, queues and layout of a new display; the answer's link is shown once. */
export function CreateDisplay({ queues }: { queues: readonly ThresholdQueue[] | undefined }) {
  const create = useCreateDisplay();
  const [name, setName] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [layout, setLayout] = useState<DisplayLayout>('tiles');
  const [created, setCreated] = useState<{ url: string; name: string } | null>(null);
  const nameErr = useId();
  const queuesErr = useId();
  const fields = isApiError(create.error) ? create.error.fields : undefined;
  const groups = useMemo(() => {
    const m = new Map<string, ThresholdQueue[]>();
    for (const q of queues ?? []) m.set(q.sourceLabel, [...(m.get(q.sourceLabel) ?? []), q]);
    return [...m];
  }, [queues]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name, queueIds: picked, layout },
      {
        onSuccess: (r) => {
          setCreated({ url: new URL(r.path, window.location.origin).toString(), name: r.display.name });
          setName('');
          setPicked([]);
        },
      },
    );
  };

  return (
    <Card as="section" aria-labelledby="create-display-heading" className="flex flex-col gap-4 p-5">
      <h2 id="create-display-heading" className="text-base font-semibold text-fg">
        New display
      </h2>
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <div className="flex flex-col gap-1">
          <TextField
            label="Name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. Support floor TV"
            aria-invalid={fields?.name ? true : undefined}
            aria-describedby={fields?.name ? nameErr : undefined}
            className="max-w-sm"
          />
          <FieldMessage id={nameErr}>{fields?.name}</FieldMessage>
        </div>
        <fieldset
          className="flex flex-col gap-2"
          aria-describedby={fields?.queueIds ? queuesErr : undefined}
        >
          <legend className="mb-1 text-xs font-medium text-fg-muted">Queues</legend>
          {groups.length === 0 && <p className="text-sm text-fg-muted">No queues reported yet.</p>}
          {groups.map(([label, qs]) => (
            <div key={label} className="flex flex-wrap items-center gap-x-4 gap-y-2">
              <span className="w-28 shrink-0 text-xs font-semibold text-fg-muted">{label}</span>
              {qs.map((q) => (
                <label key={q.id} className="inline-flex items-center gap-2 text-sm text-fg">
                  <input
                    type="checkbox"
                    checked={picked.includes(q.id)}
                    onChange={(e) =>
                      setPicked((p) => (e.target.checked ? [...p, q.id] : p.filter((x) => x !== q.id)))
                    }
                    className="size-4 accent-[var(--qd-accent)]"
                  />
                  {q.name}
                </label>
              ))}
            </div>
          ))}
          <FieldMessage id={queuesErr}>{fields?.queueIds}</FieldMessage>
        </fieldset>
        <div className="flex flex-col gap-1">
          <span className="text-xs font-medium text-fg-muted" aria-hidden="true">
            Layout
          </span>
          <SegmentedControl label="Layout" value={layout} options={LAYOUTS} onChange={setLayout} className="self-start" />
        </div>
        {create.isError && !fields && (
          <p role="alert" className="text-sm text-threshold-breach">
            {create.error.message}
          </p>
        )}
        <div>
          <Button type="submit" pending={create.isPending}>
            Create display
          </Button>
        </div>
      </form>
      {created && <CreatedLink {...created} onClose={() => setCreated(null)} />}
    </Card>
  );
}
