import { useState, type ReactNode } from 'react';
import { AGENT_STATE_LABELS, AgentState, type Agent, type QueueMembership } from '@contract/agent';
import type { Capabilities } from '@contract/source';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Drawer } from '@/components/ui/drawer';
import { Elapsed } from '@/components/ui/elapsed';
import { SelectField, TextField } from '@/components/ui/field';
import { Switch } from '@/components/ui/switch';
import { formatClockTime } from '@/lib/format';
import { cn } from '@/lib/cn';
import {
  useAgentQueueAction,
  useAgentStateAction,
  type ActionOptions,
} from '../api/agent-actions';
import { AGENT_STATE_BG } from '../lib/agent-state-style';
import { callerText } from './agent-tile';

export interface AgentDrawerProps extends ActionOptions {
  /** The agent as the latest poll reports it; null once it is no longer reported. */
  agent: Agent | null;
  /** Shown while `agent` is null, so the sheet does not go blank. */
  agentName: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The agent's source's capabilities; undefined while sources are unknown (no controls then). */
  capabilities: Capabilities | undefined;
  sourceLabel: string | undefined;
  /** The role may act on agents (contract/auth can(role, 'actOnAgents')). */
  canAct: boolean;
}

/** An agent's details and, where the source and role allow, queue login/logout and state change. */
export function AgentDrawer({
  agent,
  agentName,
  open,
  onOpenChange,
  capabilities,
  sourceLabel,
  canAct,
  affectedQueryKeys,
}: AgentDrawerProps) {
  const description = agent
    ? [agent.extension ? `Extension ${agent.extension}` : null, sourceLabel ?? agent.sourceId]
        .filter(Boolean)
        .join(' · ')
    : undefined;
  return (
    <Drawer open={open} onOpenChange={onOpenChange} title={agent?.name ?? agentName} description={description}>
      {agent ? (
        <AgentDetails
          agent={agent}
          capabilities={capabilities}
          canAct={canAct}
          affectedQueryKeys={affectedQueryKeys}
        />
      ) : (
        <p className="text-sm text-fg-muted">
          This agent is no longer reported by their source. They may have been removed.
        </p>
      )}
    </Drawer>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-3 border-b border-line pb-5 last:border-b-0">
      <h3 className="text-sm font-semibold text-fg">{title}</h3>
      {children}
    </section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 items-baseline justify-between gap-4">
      <dt className="shrink-0 text-sm text-fg-muted">{label}</dt>
      <dd className="min-w-0 break-words text-right text-sm text-fg">{children}</dd>
    </div>
  );
}

function AgentDetails({
  agent,
  capabilities,
  canAct,
  affectedQueryKeys,
}: {
  agent: Agent;
  capabilities: Capabilities | undefined;
  canAct: boolean;
} & ActionOptions) {
  const canLogin = canAct && !!capabilities?.agentQueueLogin;
  const settableStates = (capabilities?.agentStates ?? []).filter(
    (s): s is AgentState => AgentState.safeParse(s).success,
  );
  const canSetState = canAct && settableStates.length > 0 && agent.queues.length > 0;
  const call = agent.currentCall;
  const callQueue = call?.queueId ? agent.queues.find((m) => m.queueId === call.queueId) : undefined;

  return (
    <div className="flex flex-col gap-5">
      <Section title="State">
        <dl className="flex flex-col gap-2">
          <Fact label="State">
            <span className="inline-flex items-center gap-1.5 font-medium">
              <span aria-hidden="true" className={cn('size-2.5 rounded-full', AGENT_STATE_BG[agent.state])} />
              {AGENT_STATE_LABELS[agent.state]}
            </span>
          </Fact>
          <Fact label="Time in state">
            <Elapsed since={agent.stateSince} />
          </Fact>
          {agent.reason && <Fact label="Reason">{agent.reason}</Fact>}
          {agent.rawState && <Fact label="Vendor state">{agent.rawState}</Fact>}
        </dl>
        {canSetState && (
          <AgentStateForm
            agent={agent}
            states={settableStates}
            affectedQueryKeys={affectedQueryKeys}
          />
        )}
      </Section>

      <Section title="Current call">
        {call ? (
          <dl className="flex flex-col gap-2">
            <Fact label="Caller">{callerText(call)}</Fact>
            {callQueue && <Fact label="Queue">{callQueue.queueName}</Fact>}
            <Fact label="Started">{formatClockTime(call.startedAt)}</Fact>
            <Fact label="Duration">
              <Elapsed since={call.startedAt} />
            </Fact>
          </dl>
        ) : (
          <p className="text-sm text-fg-muted">Not on a call.</p>
        )}
      </Section>

      <Section title="Queues">
        {agent.queues.length === 0 ? (
          <p className="text-sm text-fg-muted">Not a member of any queue.</p>
        ) : (
          <ul className="flex flex-col divide-y divide-line rounded-lg border border-line">
            {agent.queues.map((m) => (
              <MembershipRow
                key={m.queueId}
                agent={agent}
                membership={m}
                canToggle={canLogin}
                affectedQueryKeys={affectedQueryKeys}
              />
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}

function MembershipRow({
  agent,
  membership,
  canToggle,
  affectedQueryKeys,
}: {
  agent: Agent;
  membership: QueueMembership;
  canToggle: boolean;
} & ActionOptions) {
  const mutation = useAgentQueueAction({ affectedQueryKeys });
  const [confirming, setConfirming] = useState(false);
  const { queueId, queueName, loggedIn } = membership;
  const run = (action: 'login' | 'logout') =>
    mutation.mutate({ agentId: agent.id, agentName: agent.name, queueId, queueName, action });

  return (
    <li className="flex items-center justify-between gap-3 px-3 py-2.5">
      <span className="flex min-w-0 flex-col">
        <span className="truncate text-sm font-medium text-fg">{queueName}</span>
        <span className={cn('text-xs', loggedIn ? 'text-threshold-ok' : 'text-fg-muted')}>
          {loggedIn ? 'Logged in' : 'Logged out'}
        </span>
      </span>
      {canToggle && (
        <>
          <Switch
            checked={loggedIn}
            label={`Logged into ${queueName}`}
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
    </li>
  );
}

function AgentStateForm({
  agent,
  states,
  affectedQueryKeys,
}: { agent: Agent; states: AgentState[] } & ActionOptions) {
  const mutation = useAgentStateAction({ affectedQueryKeys });
  const queues = agent.queues;
  const [queueId, setQueueId] = useState(() => (queues.find((m) => m.loggedIn) ?? queues[0])?.queueId ?? '');
  const [state, setState] = useState<AgentState>(() => states.find((s) => s !== agent.state) ?? states[0]!);
  const [reason, setReason] = useState('');

  return (
    <form
      className="mt-1 flex flex-col gap-3 rounded-lg border border-line bg-surface p-3"
      aria-label="Change state"
      onSubmit={(e) => {
        e.preventDefault();
        mutation.mutate(
          { agentId: agent.id, agentName: agent.name, queueId, state, reason: reason.trim() || undefined },
          { onSuccess: () => setReason('') },
        );
      }}
    >
      <div className="grid gap-3">
        <SelectField
          label="New state"
          value={state}
          onValueChange={(v) => setState(AgentState.parse(v))}
          options={states.map((s) => ({ value: s, label: AGENT_STATE_LABELS[s] }))}
        />
        <SelectField
          label="In queue"
          value={queueId}
          onValueChange={setQueueId}
          options={queues.map((m) => ({ value: m.queueId, label: m.queueName }))}
        />
      </div>
      <TextField
        label="Reason (optional)"
        value={reason}
        maxLength={200}
        onChange={(e) => setReason(e.target.value)}
        placeholder="e.g. Team meeting"
      />
      <div className="flex justify-end">
        <Button type="submit" size="sm" pending={mutation.isPending}>
          Set state
        </Button>
      </div>
    </form>
  );
}
