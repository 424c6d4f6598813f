import { Button } from '@/components/ui/button';
import { StatusBadge, type BadgeTone } from '@/components/ui/status-badge';
import { EMPTY_VALUE } from '@/lib/format';
import type { CallState } from '@contract/call';
import { usePickupAction, type WaitingRow } from '../api/pickup-action';
import { callerLabel } from '../lib/filter-calls';
import { useCallsContext } from './calls-context';

export const CALL_STATE_LABELS: Record<CallState, string> = {
  waiting: 'Waiting',
  ringing: 'Ringing',
  talking: 'Talking',
  hold: 'On hold',
  unknown: 'Unknown',
};

const CALL_STATE_TONES: Record<CallState, BadgeTone> = {
  waiting: 'warn',
  ringing: 'accent',
  talking: 'ok',
  hold: 'warn',
  unknown: 'neutral',
};

export function CallStateBadge({ state }: { state: CallState }) {
  return <StatusBadge tone={CALL_STATE_TONES[state]}>{CALL_STATE_LABELS[state]}</StatusBadge>;
}

/** Vendor text as a text node (markup shows literally), or "—". */
export function Text({ value, muted = false }: { value: string | null | undefined; muted?: boolean }) {
  if (!value) return <span className="text-fg-subtle">{EMPTY_VALUE}</span>;
  return <span className={muted ? 'text-fg-muted' : undefined}>{value}</span>;
}

export function SourceCell({ sourceId }: { sourceId: string }) {
  const { sourceLabel } = useCallsContext();
  return <span className="whitespace-nowrap text-fg-muted">{sourceLabel(sourceId)}</span>;
}

export function QueueCell({ queueId, fallback }: { queueId: string | null; fallback?: string | null }) {
  const { queueName } = useCallsContext();
  return <Text value={queueId ? queueName(queueId, fallback) : fallback} />;
}

/** "Pick up" where the role and the source allow it and the vendor gave a handle for the call. */
export function PickupCell({ caller }: { caller: WaitingRow }) {
  const { canPickup, queueName, affectedQueryKeys } = useCallsContext();
  const pickup = usePickupAction({ affectedQueryKeys });
  if (!canPickup(caller.sourceId) || !caller.vendorSessionId) return null;
  const label = callerLabel(caller);
  const pending = pickup.isPending || !!caller.pickupPending;
  return (
    <Button
      size="xs"
      variant="secondary"
      pending={pending}
      aria-label={pending ? `Picking up ${label}` : `Pick up ${label}`}
      onClick={() =>
        pickup.mutate({
          queueId: caller.queueId,
          waitingId: caller.id,
          callerLabel: label,
          queueName: queueName(caller.queueId),
        })
      }
    >
      {pending ? 'Picking up…' : 'Pick up'}
    </Button>
  );
}
