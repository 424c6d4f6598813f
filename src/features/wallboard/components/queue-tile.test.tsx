import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeBoardQueue } from '../test/fixtures';
import { QueueTile } from './queue-tile';

const critical = makeBoardQueue({
  name: 'Billing',
  waiting: 12,
  oldestWaitingSince: new Date(Date.now() - 200_000).toISOString(),
});

describe('QueueTile', () => {
  it('shows the numbers by label and marks a critical queue in words, not colour alone', () => {
    render(<QueueTile queue={critical} sourceLabel={undefined} stale={null} reducedMotion={false} />);
    const tile = screen.getByRole('article', { name: 'Billing' });
    expect(tile).toHaveAttribute('data-tone', 'critical');
    expect(within(tile).getByText('Critical')).toBeInTheDocument();
    const value = (label: string) => within(tile).getByText(label).nextElementSibling?.textContent;
    expect(value('Waiting')).toBe('12');
    expect(value('Longest wait')).toMatch(/^03:2\d$/);
    expect(value('Service level')).toMatch(/^92 %/);
    expect(value('Abandon rate')).toBe('2.5 %');
    expect(value('Answered today')).toBe('120');
  });

  it('pulses when critical, and keeps a still outline instead under reduced motion', () => {
    const { rerender } = render(
      <QueueTile queue={critical} sourceLabel={undefined} stale={null} reducedMotion={false} />,
    );
    const tile = screen.getByRole('article', { name: 'Billing' });
    expect(tile).toHaveClass('wb-pulse');
    expect(tile).not.toHaveClass('wb-still');
    rerender(<QueueTile queue={critical} sourceLabel={undefined} stale={null} reducedMotion />);
    expect(tile).toHaveClass('wb-still', 'wb-tone-critical');
    expect(tile).not.toHaveClass('wb-pulse');
  });

  it('warns without pulsing, and shows a stale badge when its source is stale', () => {
    render(
      <QueueTile
        queue={makeBoardQueue({ name: 'Sales', waiting: 5 })}
        sourceLabel="Sales PBX"
        stale={{ reason: 'Source unreachable' }}
        reducedMotion={false}
      />,
    );
    const tile = screen.getByRole('article', { name: 'Sales' });
    expect(tile).toHaveAttribute('data-tone', 'warn');
    expect(tile).not.toHaveClass('wb-pulse');
    expect(within(tile).getByText('Warning')).toBeInTheDocument();
    expect(within(tile).getByText('Stale')).toBeInTheDocument();
  });

  it('shows a vendor name literally', () => {
    render(
      <QueueTile
        queue={makeBoardQueue({ name: '<img src=x onerror=alert(1)>' })}
        sourceLabel={undefined}
        stale={null}
        reducedMotion={false}
      />,
    );
    expect(screen.getByRole('heading', { name: '<img src=x onerror=alert(1)>' })).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();
  });
});
