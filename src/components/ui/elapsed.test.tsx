import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Elapsed } from './elapsed';

const NOW = Date.parse('2026-03-02T10:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe('Elapsed', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: false });
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('ticks every second without re-rendering, restarts on a new start and stops when unmounted', async () => {
    const { rerender, unmount } = render(<Elapsed since={ago(59_000)} />);
    const span = screen.getByText('00:59');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2000);
    });
    expect(span).toHaveTextContent('01:01');

    rerender(<Elapsed since={ago(3_600_000)} />);
    expect(span).toHaveTextContent('1:00:02');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1000);
    });
    expect(span).toHaveTextContent('1:00:03');

    rerender(<Elapsed since={null} />);
    expect(span).toHaveTextContent('—');
    unmount();
    expect(vi.getTimerCount()).toBe(0);
  });
});
