import { useId } from 'react';
import type { Scope } from '@contract/auth';
import { cn } from '@/lib/cn';
import { pruneScope } from '../lib/scope';
import { FieldError, sentence } from './form-controls';

export interface ScopeSource {
  id: string;
  label: string;
}

export interface ScopeQueue {
  id: string;
  name: string;
  sourceId: string;
}

export interface ScopeEditorProps {
  value: Scope;
  onChange: (scope: Scope) => void;
  sources: readonly ScopeSource[];
  queues: readonly ScopeQueue[];
  errors?: { sources?: string | undefined; queues?: string | undefined };
}

const boxClasses = 'size-4 shrink-0 accent-[var(--qd-accent)]';
const optionClasses = 'flex items-center gap-2 rounded-md px-2 py-1 text-sm text-fg hover:bg-surface-muted';

function toggled(list: readonly string[] | null, id: string, on: boolean): string[] {
  const set = new Set(list ?? []);
  if (on) set.add(id);
  else set.delete(id);
  return [...set];
}

/**
 * What a user may see: all sources or some, then all their queues or some. Two groups of native
 * checkboxes (the multi-selects), so keyboard and screen readers need nothing special; ticking
 * "All" clears the list, unticking it starts an empty one to fill.
 */
export function ScopeEditor({ value, onChange, sources, queues, errors = {} }: ScopeEditorProps) {
  const sourcesErrorId = useId();
  const queuesErrorId = useId();
  const set = (scope: Scope) => onChange(pruneScope(scope));
  const visibleSources = value.sources ? sources.filter((s) => value.sources!.includes(s.id)) : sources;
  // Queue ids in the value that no longer exist still show, so they can be removed.
  const known = new Set(queues.map((q) => q.id));
  const orphans = (value.queues ?? []).filter((id) => !known.has(id));
  // Any unknown source ids in the value show too.
  const extraSources = (value.sources ?? []).filter((id) => !sources.some((s) => s.id === id));

  return (
    <div className="flex flex-col gap-4">
      <fieldset
        className="flex flex-col gap-1"
        aria-describedby={errors.sources ? sourcesErrorId : undefined}
        aria-invalid={errors.sources ? true : undefined}
      >
        <legend className="mb-1 text-xs font-medium text-fg-muted">Sources</legend>
        <label className={cn(optionClasses, 'font-medium')}>
          <input
            type="checkbox"
            className={boxClasses}
            checked={value.sources === null}
            onChange={(e) => set({ ...value, sources: e.target.checked ? null : [] })}
          />
          All sources
        </label>
        {value.sources !== null && (
          <div className="ml-6 flex flex-col">
            {[...sources, ...extraSources.map((id) => ({ id, label: id }))].map((s) => (
              <label key={s.id} className={optionClasses}>
                <input
                  type="checkbox"
                  className={boxClasses}
                  checked={value.sources!.includes(s.id)}
                  onChange={(e) => set({ ...value, sources: toggled(value.sources, s.id, e.target.checked) })}
                />
                {s.label}
              </label>
            ))}
          </div>
        )}
        {errors.sources && <FieldError id={sourcesErrorId}>{sentence(errors.sources)}</FieldError>}
      </fieldset>

      <fieldset
        className="flex flex-col gap-1"
        aria-describedby={errors.queues ? queuesErrorId : undefined}
        aria-invalid={errors.queues ? true : undefined}
      >
        <legend className="mb-1 text-xs font-medium text-fg-muted">Queues</legend>
        <label className={cn(optionClasses, 'font-medium')}>
          <input
            type="checkbox"
            className={boxClasses}
            checked={value.queues === null}
            onChange={(e) => set({ ...value, queues: e.target.checked ? null : [] })}
          />
          {value.sources === null ? 'All queues' : 'All queues of the chosen sources'}
        </label>
        {value.queues !== null && (
          <div className="ml-6 flex max-h-56 flex-col gap-2 overflow-y-auto rounded-lg border border-line p-2">
            {visibleSources.length === 0 && orphans.length === 0 && (
              <p className="px-2 py-1 text-sm text-fg-muted">Choose a source first.</p>
            )}
            {visibleSources.map((s) => {
              const own = queues.filter((q) => q.sourceId === s.id);
              return (
                <div key={s.id} role="group" aria-label={s.label} className="flex flex-col">
                  <span className="px-2 text-xs font-semibold text-fg-muted">{s.label}</span>
                  {own.length === 0 ? (
                    <span className="px-2 py-1 text-sm text-fg-muted">No queues reported.</span>
                  ) : (
                    own.map((q) => (
                      <label key={q.id} className={optionClasses}>
                        <input
                          type="checkbox"
                          className={boxClasses}
                          checked={value.queues!.includes(q.id)}
                          onChange={(e) => set({ ...value, queues: toggled(value.queues, q.id, e.target.checked) })}
                        />
                        {q.name}
                      </label>
                    ))
                  )}
                </div>
              );
            })}
            {orphans.map((id) => (
              <label key={id} className={optionClasses}>
                <input
                  type="checkbox"
                  className={boxClasses}
                  checked
                  onChange={() => set({ ...value, queues: toggled(value.queues, id, false) })}
                />
                {id} (not reported now)
              </label>
            ))}
          </div>
        )}
        {errors.queues && <FieldError id={queuesErrorId}>{sentence(errors.queues)}</FieldError>}
      </fieldset>
    </div>
  );
}
