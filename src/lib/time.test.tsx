import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useNow } from './time';

function Clock({ label }: { label: string }) {
  const now = useNow(1000);
  return <p>{`${label} ${now}`}</p>;
}

describe('useNow', () => {
  it('shares one interval between all components and stops it when they unmount', () => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
    const setIntervalSpy = vi.spyOn(globalThis, 'setInterval');

    const { unmount } = render(
      <>
        <Clock label="a" />
        <Clock label="b" />
        <Clock label="c" />
      </>,
    );
    expect(setIntervalSpy).toHaveBeenCalledTimes(1);

    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(screen.getByText('a 1001000')).toBeInTheDocument();
    expect(screen.getByText('c 1001000')).toBeInTheDocument();

    unmount();
    // Nothing keeps ticking once no view needs the clock.
    expect(vi.getTimerCount()).toBe(0);
  });
});
