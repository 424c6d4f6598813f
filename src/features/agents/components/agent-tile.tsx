import { memo, useId } from 'react';
import { AGENT_STATE_LABELS, type Agent, type AgentCall } from '@contract/agent';
import { Elapsed } from '@/components/ui/elapsed';
import { PhoneIcon } from '@/components/ui/icons';
import { cn } from '@/lib/cn';
import { EMPTY_VALUE } from '@/lib/format';
import type { Density } from '../agents-store';
import { AGENT_STATE_BG, AGENT_STATE_TINT } from '../lib/agent-state-style';

/** Who is on the line, as text: the name, and the number when it says something more. */
export function callerText(call: Pick<AgentCall, 'callerName' | 'callerNumber'>): string {
  const { callerName, callerNumber } = call;
  if (callerName && callerNumber && callerName !== callerNumber) return `${callerName} (${callerNumber})`;
  return callerName || callerNumber || 'Unknown caller';
}

export interface AgentTileProps {
  agent: Agent;
  density: Density;
  /** In selection mode the tile is a checkbox; otherwise a button that opens the drawer. */
  selecting: boolean;
  selected: boolean;
  onOpen: (agentId: string) => void;
  onToggleSelected: (agentId: string) => void;
}

// No colour transition: a fifth of the tiles change state each poll, and each transition costs
// style and paint work for its 150 ms plus three events through React's root listener (the
// agent-grid benchmark's trace: about 3 ms an update at 2,000 agents).
const frame = 'group relative flex h-full w-full min-w-0 overflow-hidden rounded-lg border text-left';

/**
 * One agent as a compact tile: state as colour and label, time in state ticking from the
 * gateway's `stateSince`, the current caller and call duration, the agent's queues. Memoised on
 * the agent object, which structural sharing keeps identical while nothing changes.
 */
export const AgentTile = memo(function AgentTile({
  agent,
  density,
  selecting,
  selected,
  onOpen,
  onToggleSelected,
}: AgentTileProps) {
  const nameId = useId();
  const detailId = useId();
  const body = (
    <TileBody agent={agent} density={density} selecting={selecting} nameId={nameId} detailId={detailId} />
  );
  const surface = cn(frame, AGENT_STATE_TINT[agent.state]);

  // The list item wraps the control, so the tile is one tab stop with button or checkbox semantics.
  return (
    <div role="listitem" className="h-full min-w-0">
      {selecting ? (
        <label
          className={cn(
            surface,
            'cursor-pointer has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-focus',
            selected ? 'border-accent ring-2 ring-accent' : 'border-line hover:border-line-strong',
          )}
        >
          <input
            type="checkbox"
            checked={selected}
            onChange={() => onToggleSelected(agent.id)}
            aria-label={`Select ${agent.name}`}
            aria-describedby={detailId}
            className="absolute right-2 top-2 z-10 size-4 accent-[var(--qd-accent)]"
          />
          {body}
        </label>
      ) : (
        <button
          type="button"
          onClick={() => onOpen(agent.id)}
          aria-labelledby={nameId}
          aria-describedby={detailId}
          aria-haspopup="dialog"
          className={cn(surface, 'border-line hover:border-line-strong hover:shadow-card')}
        >
          {body}
        </button>
      )}
    </div>
  );
});

// One formatter for every tile: `toLocaleTimeString` with options builds a new one per call, which
// showed up in the grid's update profile. Same output as formatClockTime.
const clockTimeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });
function clockTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? EMPTY_VALUE : clockTimeFormat.format(t);
}

/**
 * The tile's accessible description, one sentence per fact. Clock times rather than ticking
 * durations: a screen reader reads it once, on focus.
 */
function describe(agent: Agent): string {
  const parts = [
    agent.extension ? `Extension ${agent.extension}.` : null,
    `${AGENT_STATE_LABELS[agent.state]}${agent.reason ? ` (${agent.reason})` : ''}` +
      (agent.stateSince ? ` since ${clockTime(agent.stateSince)}.` : '.'),
    agent.currentCall
      ? `On a call with ${callerText(agent.currentCall)}` +
        (agent.currentCall.startedAt ? ` since ${clockTime(agent.currentCall.startedAt)}.` : '.')
      : null,
    agent.queues.length > 0
      ? `Queues: ${agent.queues.map((m) => `${m.queueName} (${m.loggedIn ? 'logged in' : 'logged out'})`).join(', ')}.`
      : 'No queues.',
  ];
  return parts.filter(Boolean).join(' ');
}

function TileBody({
  agent,
  density,
  selecting,
  nameId,
  detailId,
}: {
  agent: Agent;
  density: Density;
  selecting: boolean;
  nameId: string;
  detailId: string;
}) {
  const compact = density === 'compact';
  const call = agent.currentCall;
  const loggedInQueues = agent.queues.filter((m) => m.loggedIn);
  return (
    <>
      <span aria-hidden="true" className={cn('w-1.5 shrink-0', AGENT_STATE_BG[agent.state])} />
      <span
        className={cn(
          'flex min-w-0 flex-1 flex-col',
          compact ? 'gap-0.5 px-2 py-1.5' : 'gap-1.5 px-3 py-2.5',
          // Room for the checkbox in the corner.
          selecting && (compact ? 'pr-7' : 'pr-9'),
        )}
      >
        <span className="flex min-w-0 items-baseline gap-2">
          {/* Vendor text renders as text nodes: markup in a name shows literally. */}
          <span id={nameId} className={cn('min-w-0 truncate font-semibold text-fg', compact ? 'text-xs' : 'text-sm')}>
            {agent.name}
          </span>
          {agent.extension && (
            <span aria-hidden="true" className="ml-auto shrink-0 text-xs tabular-nums text-fg-muted">
              {agent.extension}
            </span>
          )}
        </span>
        <span id={detailId} className="sr-only">
          {describe(agent)}
        </span>
        {/* The visible details repeat the description above; hidden from assistive tech to avoid reading them twice. */}
        <span aria-hidden="true" className="flex min-w-0 flex-1 flex-col gap-0.5 text-xs text-fg-muted">
          <span className="flex min-w-0 items-center gap-1.5">
            <span aria-hidden="true" className={cn('size-2 shrink-0 rounded-full', AGENT_STATE_BG[agent.state])} />
            <span className="min-w-0 truncate font-medium text-fg">
              {AGENT_STATE_LABELS[agent.state]}
              {!compact && agent.reason && <span className="font-normal text-fg-muted"> · {agent.reason}</span>}
            </span>
            <Elapsed since={agent.stateSince} className="ml-auto shrink-0 text-fg" />
          </span>
          {/* One row whether or not there is a call, so a state change patches text and classes
              instead of swapping elements (fewer DOM changes per update on a busy floor). */}
          <span className={cn('flex min-w-0 items-center gap-1.5', !call && !compact && 'invisible')}>
            <PhoneIcon className={cn('shrink-0', !call && 'hidden')} />
            <span className="min-w-0 truncate">
              {call
                ? callerText(call)
                : `In ${loggedInQueues.length} of ${agent.queues.length} queue${agent.queues.length === 1 ? '' : 's'}`}
            </span>
            {call && <Elapsed since={call.startedAt} className="ml-auto shrink-0" />}
          </span>
          {!compact && (
            <span className="mt-auto flex min-w-0 flex-wrap gap-1 overflow-hidden pt-1" style={{ maxHeight: '1.625rem' }}>
              {agent.queues.length === 0 && <span>No queues</span>}
              {agent.queues.map((m) => (
                <span
                  key={m.queueId}
                  className={cn(
                    'inline-flex max-w-full items-center gap-1 rounded px-1.5 py-0.5 text-[11px] leading-4 ring-1 ring-inset',
                    m.loggedIn ? 'bg-surface text-fg ring-line-strong' : 'text-fg-muted ring-line',
                  )}
                >
                  <span
                    aria-hidden="true"
                    className={cn(
                      'size-1.5 shrink-0 rounded-full',
                      m.loggedIn ? 'bg-threshold-ok' : 'ring-1 ring-inset ring-fg-subtle',
                    )}
                  />
                  <span className="truncate">{m.queueName}</span>
                </span>
              ))}
            </span>
          )}
        </span>
      </span>
    </>
  );
}
