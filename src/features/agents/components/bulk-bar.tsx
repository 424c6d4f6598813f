import { useState } from 'react';
import type { AgentQueueAction } from '@contract/actions';
import type { Agent } from '@contract/agent';
import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/field';
import { Modal, ModalClose } from '@/components/ui/modal';
import { formatCount } from '@/lib/format';
import { useBulkAgentQueueAction, type ActionOptions } from '../api/agent-actions';
import { queuesOf } from '../lib/filter-agents';

export interface BulkBarProps extends ActionOptions {
  /** The selected agents that still exist and whose source supports queue login. */
  selected: readonly Agent[];
  visibleCount: number;
  onSelectAllVisible: () => void;
  onClear: () => void;
  onDone: () => void;
}

/** Selection-mode toolbar: counts, select all visible, clear, and the bulk queue actions. */
export function BulkBar({
  selected,
  visibleCount,
  onSelectAllVisible,
  onClear,
  onDone,
  affectedQueryKeys,
}: BulkBarProps) {
  const [action, setAction] = useState<AgentQueueAction | null>(null);
  const bulk = useBulkAgentQueueAction({ affectedQueryKeys });
  const none = selected.length === 0;
  return (
    <div
      role="toolbar"
      aria-label="Bulk actions"
      className="flex flex-wrap items-center gap-2 rounded-card border border-accent/40 bg-accent-soft px-3 py-2"
    >
      <span role="status" className="mr-2 text-sm font-medium text-accent-text">
        {formatCount(selected.length)} selected
      </span>
      <Button variant="secondary" size="sm" onClick={onSelectAllVisible} disabled={visibleCount === 0}>
        Select all visible ({formatCount(visibleCount)})
      </Button>
      <Button variant="ghost" size="sm" onClick={onClear} disabled={none}>
        Clear
      </Button>
      <span className="flex-1" />
      <Button size="sm" onClick={() => setAction('login')} disabled={none} pending={bulk.isPending && bulk.variables?.action === 'login'}>
        Log into queue…
      </Button>
      <Button
        variant="danger"
        size="sm"
        onClick={() => setAction('logout')}
        disabled={none}
        pending={bulk.isPending && bulk.variables?.action === 'logout'}
      >
        Log out of queue…
      </Button>
      <Button variant="ghost" size="sm" onClick={onDone}>
        Done
      </Button>
      {action && (
        <BulkQueueDialog
          action={action}
          agents={selected}
          onClose={() => setAction(null)}
          onConfirm={(queueId, queueName, targets) => {
            setAction(null);
            bulk.mutate({ agents: targets, queueId, queueName, action });
          }}
        />
      )}
    </div>
  );
}

function BulkQueueDialog({
  action,
  agents,
  onClose,
  onConfirm,
}: {
  action: AgentQueueAction;
  agents: readonly Agent[];
  onClose: () => void;
  onConfirm: (queueId: string, queueName: string, targets: Agent[]) => void;
}) {
  const queues = queuesOf(agents);
  const [queueId, setQueueId] = useState(queues[0]?.queueId ?? '');
  const queue = queues.find((q) => q.queueId === queueId);
  const members = agents.filter((a) => a.queues.some((m) => m.queueId === queueId));
  // Agents already in the wanted state are left alone: no vendor call for nothing.
  const targets = members.filter((a) =>
    a.queues.some((m) => m.queueId === queueId && m.loggedIn !== (action === 'login')),
  );
  const logout = action === 'logout';
  const n = (k: number) => `${formatCount(k)} agent${k === 1 ? '' : 's'}`;

  return (
    <Modal
      open
      onOpenChange={(open) => !open && onClose()}
      role={logout ? 'alertdialog' : 'dialog'}
      title={logout ? 'Log selected agents out of a queue' : 'Log selected agents into a queue'}
      description={`${n(agents.length)} selected. Only members of the queue are changed.`}
    >
      {queues.length === 0 ? (
        <p className="text-sm text-fg-muted">The selected agents are not members of any queue.</p>
      ) : (
        <div className="flex flex-col gap-3">
          <SelectField
            label="Queue"
            value={queueId}
            onValueChange={setQueueId}
            options={queues.map((q) => ({ value: q.queueId, label: q.queueName }))}
          />
          <p role="status" className="text-sm text-fg-muted">
            {members.length === 0
              ? 'None of the selected agents is a member of this queue.'
              : targets.length === 0
                ? `All ${n(members.length)} who are members are already logged ${logout ? 'out' : 'in'}.`
                : `${n(targets.length)} will be logged ${logout ? 'out of' : 'into'} this queue` +
                  (members.length - targets.length > 0
                    ? ` (${formatCount(members.length - targets.length)} already ${logout ? 'out' : 'in'}).`
                    : '.') +
                  (agents.length - members.length > 0
                    ? ` ${n(agents.length - members.length)} not in this queue ${agents.length - members.length === 1 ? 'is' : 'are'} skipped.`
                    : '')}
          </p>
        </div>
      )}
      <div className="mt-5 flex justify-end gap-2">
        <ModalClose asChild>
          <Button variant="secondary">Cancel</Button>
        </ModalClose>
        <Button
          variant={logout ? 'danger' : 'primary'}
          disabled={!queue || targets.length === 0}
          onClick={() => queue && onConfirm(queue.queueId, queue.queueName, targets)}
        >
          {logout ? `Log out ${n(targets.length)}` : `Log in ${n(targets.length)}`}
        </Button>
      </div>
    </Modal>
  );
}
