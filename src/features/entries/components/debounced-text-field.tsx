import { useEffect, useRef, useState } from 'react';
import { TextField } from '@/components/ui/field';

export interface DebouncedTextFieldProps {
  label: string;
  value: string | undefined;
  /** Called with the trimmed text (undefined when empty) after typing pauses, or on Enter. */
  onCommit: (value: string | undefined) => void;
  delayMs?: number;
  search?: boolean;
  placeholder?: string;
  inputMode?: 'text' | 'tel' | 'search';
  className?: string;
}

/**
 * A text filter that reaches the URL (and the gateway) only when typing pauses, so a phone number
 * typed digit by digit costs one request, not twelve.
 */
export function DebouncedTextField({
  label,
  value,
  onCommit,
  delayMs = 400,
  search,
  placeholder,
  inputMode,
  className,
}: DebouncedTextFieldProps) {
  const [text, setText] = useState(value ?? '');
  const [synced, setSynced] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // The URL changed under us (back button, "Clear filters"): show what it says.
  if (value !== synced) {
    setSynced(value);
    setText(value ?? '');
  }

  useEffect(() => () => clearTimeout(timer.current), []);

  const commit = (next: string) => {
    clearTimeout(timer.current);
    const trimmed = next.trim() || undefined;
    if (trimmed !== value) {
      setSynced(trimmed);
      onCommit(trimmed);
    }
  };

  return (
    <TextField
      label={label}
      search={search}
      placeholder={placeholder}
      inputMode={inputMode}
      value={text}
      className={className}
      onChange={(e) => {
        const next = e.target.value;
        setText(next);
        clearTimeout(timer.current);
        timer.current = setTimeout(() => commit(next), delayMs);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit(e.currentTarget.value);
      }}
      onBlur={(e) => commit(e.currentTarget.value)}
    />
  );
}
