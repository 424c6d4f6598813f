import { createColumnHelper, useTable, type SortingState } from '@tanstack/react-table';
import { useState } from 'react';
import { AGENT_STATE_LABELS, type Agent } from '@contract/agent';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { DataTable, dataTableFeatures, type DataTableFeatures } from '@/components/ui/data-table';
import { Elapsed } from '@/components/ui/elapsed';
import { Switch } from '@/components/ui/switch';
import { cn } from '@/lib/cn';
import { useQueueAgentAction } from '../api/queue-actions';
import { AGENT_STATE_DOT } from '../lib/agent-state-style';
import { isLoggedInto } from '../lib/members';
import { useQueueDetailContext } from './queue-detail-context';

function StateCell({ agent }: { agent: Agent }) {
  return (
    <span className="inline-flex min-w-0 items-center gap-2">
      <span aria-hidden="true" className={cn('size-2.5 shrink-0 rounded-full', AGENT_STATE_DOT[agent.state])} />
      <span className="font-medium">{AGENT_STATE_LABELS[agent.state]}</span>
      {agent.reason && <span className="truncate text-fg-muted">({agent.reason})</span>}
    </span>
  );
}

/** "Logged in"/"Logged out" for this queue, with a switch where the role and the source allow it. */
function MembershipCell({ agent }: { agent: Agent }) {
  const { queueId, queueName, canToggle, affectedQueryKeys } = useQueueDetailContext();
  const mutation = useQueueAgentAction({ affectedQueryKeys });
  const [confirming, setConfirming] = useState(false);
  const loggedIn = isLoggedInto(agent, queueId);
  const run = (action: 'login' | 'logout') =>
    mutation.mutate({ agentId: agent.id, agentName: agent.name, queueId, queueName, action });

  return (
    <span className="inline-flex items-center justify-end gap-3">
      {/* Beside a switch the words repeat its state; on a phone the switch says it alone. */}
      <span
        className={cn(
          'text-xs',
          loggedIn ? 'font-medium text-threshold-ok' : 'text-fg-muted',
          canToggle && 'hidden sm:inline',
        )}
      >
        {loggedIn ? 'Logged in' : 'Logged out'}
      </span>
      {canToggle && (
        <>
          <Switch
            checked={loggedIn}
            label={`${agent.name} logged into ${queueName}`}
            pending={mutation.isPending}
            onCheckedChange={(on) => (on ? run('login') : setConfirming(true))}
          />
          <ConfirmDialog
            open={confirming}
            onOpenChange={setConfirming}
            title={`Log ${agent.name} out of ${queueName}?`}
            description="They stop receiving calls from this queue until someone logs them in again."
            confirmLabel="Log out"
            onConfirm={() => run('logout')}
          />
        </>
      )}
    </span>
  );
}

const col = createColumnHelper<DataTableFeatures, Agent>();

// Module scope: stable across renders. "Time in state" ticks on the shared clock by itself and
// uses the gateway's stateSince, never the browser's idea of when the state began.
const COLUMNS = col.columns([
  col.accessor('name', {
    id: 'name',
    header: 'Agent',
    sortFn: 'text',
    cell: (ctx) => {
      const a = ctx.row.original;
      return (
        <span className="flex min-w-0 flex-col">
          <span className="break-words font-medium">{a.name}</span>
          {a.extension && <span className="text-xs text-fg-muted">Ext. {a.extension}</span>}
        </span>
      );
    },
  }),
  col.accessor((a) => AGENT_STATE_LABELS[a.state], {
    id: 'state',
    header: 'State',
    sortFn: 'text',
    cell: (ctx) => <StateCell agent={ctx.row.original} />,
  }),
  col.accessor((a) => (a.stateSince ? -Date.parse(a.stateSince) : undefined), {
    id: 'time',
    header: 'Time in state',
    sortFn: 'basic',
    sortUndefined: 'last',
    sortDescFirst: true,
    meta: { align: 'end', cellClassName: 'w-32' },
    cell: (ctx) => <Elapsed since={ctx.row.original.stateSince} />,
  }),
  col.display({
    id: 'membership',
    header: 'This queue',
    meta: { align: 'end', cellClassName: 'w-48' },
    cell: (ctx) => <MembershipCell agent={ctx.row.original} />,
  }),
]);

const rowId = (row: { id: string }) => row.id;
const BY_NAME: SortingState = [{ id: 'name', desc: false }];

/** The queue's member agents: state as colour and label, time in state, and queue login. */
export function QueueAgentsTable({ agents }: { agents: readonly Agent[] }) {
  const [sorting, setSorting] = useState<SortingState>(BY_NAME);
  const table = useTable({
    features: dataTableFeatures,
    columns: COLUMNS,
    data: agents as Agent[],
    getRowId: rowId,
    state: { sorting },
    onSortingChange: setSorting,
    enableSortingRemoval: false,
  });
  return <DataTable table={table} caption="Agents of this queue" />;
}
