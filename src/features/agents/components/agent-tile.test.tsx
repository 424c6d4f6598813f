import { act, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatClockTime } from '@/lib/format';
import { makeAgent } from '../test/fixtures';
import { AgentTile, type AgentTileProps } from './agent-tile';

const NOW = Date.parse('2026-03-02T10:00:00.000Z');
const clock = (ms: number) => formatClockTime(new Date(ms).toISOString());

function renderTile(props: Partial<AgentTileProps> = {}) {
  const onOpen = vi.fn();
  const onToggleSelected = vi.fn();
  render(
    <div role="list">
      <AgentTile
        agent={makeAgent()}
        density="comfortable"
        selecting={false}
        selected={false}
        onOpen={onOpen}
        onToggleSelected={onToggleSelected}
        {...props}
      />
    </div>,
  );
  return { onOpen, onToggleSelected };
}

describe('AgentTile', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('shows name, extension, state as a label, time in state ticking, caller and queues', async () => {
    const { onOpen } = renderTile({
      agent: makeAgent({
        state: 'on_queue_call',
        stateSince: new Date(NOW - 65_000).toISOString(),
        currentCall: {
          callerName: 'Dana Scully',
          callerNumber: '+14155550100',
          queueId: 'fono:q1',
          startedAt: new Date(NOW - 125_000).toISOString(),
        },
      }),
    });
    const tile = screen.getByRole('button', { name: 'Ann Lee' });
    expect(tile).toHaveTextContent('1001');
    expect(tile).toHaveTextContent('On queue call');
    expect(tile).toHaveTextContent('01:05');
    expect(tile).toHaveTextContent('Dana Scully (+14155550100)');
    expect(tile).toHaveTextContent('02:05');
    // State, call and queues are the tile's description for screen readers, in words.
    expect(tile).toHaveAccessibleDescription(
      `Extension 1001. On queue call since ${clock(NOW - 65_000)}. ` +
        `On a call with Dana Scully (+14155550100) since ${clock(NOW - 125_000)}. ` +
        'Queues: Sales (logged in), Support (logged out).',
    );

    await act(async () => {
      await vi.advanceTimersByTimeAsync(2000);
    });
    expect(tile).toHaveTextContent('01:07');
    expect(tile).toHaveTextContent('02:07');

    tile.click();
    expect(onOpen).toHaveBeenCalledWith('fono:1');
  });

  it('shows "—" when the gateway does not know since when', () => {
    renderTile({ agent: makeAgent({ stateSince: null }) });
    const tile = screen.getByRole('button', { name: 'Ann Lee' });
    expect(within(tile).getByText('—')).toBeInTheDocument();
    expect(tile).toHaveAccessibleDescription(/Available\. Queues/);
  });

  it('summarises queue logins in compact density', () => {
    renderTile({ density: 'compact' });
    expect(screen.getByRole('button', { name: 'Ann Lee' })).toHaveTextContent('In 1 of 2 queues');
  });

  it('is a labelled checkbox in selection mode', () => {
    const { onToggleSelected, onOpen } = renderTile({ selecting: true, selected: true });
    const box = screen.getByRole('checkbox', { name: 'Select Ann Lee' });
    expect(box).toBeChecked();
    box.click();
    expect(onToggleSelected).toHaveBeenCalledWith('fono:1');
    expect(onOpen).not.toHaveBeenCalled();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('renders vendor text literally, never as HTML', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const { container } = render(
      <div role="list">
        <AgentTile
          agent={makeAgent({
            name: evil,
            currentCall: { callerName: evil, callerNumber: null, queueId: null, startedAt: null },
          })}
          density="comfortable"
          selecting={false}
          selected={false}
          onOpen={() => {}}
          onToggleSelected={() => {}}
        />
      </div>,
    );
    const tile = screen.getByRole('button', { name: evil });
    expect(within(tile).getAllByText(evil)).toHaveLength(2);
    expect(tile).toHaveAccessibleDescription(`Extension 1001. Available. On a call with ${evil}. Queues: Sales (logged in), Support (logged out).`);
    expect(container.querySelector('img')).toBeNull();
  });
});
