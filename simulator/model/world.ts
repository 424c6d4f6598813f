import type { TenantSpec } from './types';

/**
 * The default demo world: FonoUC tenant "Support" (3 queues, ~40 agents) and PortSIP tenant
 * "Sales" (2 queues, ~25 agents). `scaleAgents` spreads a requested total over the tenants.
 */

export const SUPPORT_TENANT: TenantSpec = {
  key: 'fonouc/support',
  name: 'Support',
  agentCount: 40,
  agentExtensionStart: 1001,
  queueExtensionStart: 7701,
  didCountry: 'GB',
  emailDomain: 'support.queuedeck-demo.test',
  queues: [
    { name: 'Billing', strategy: 'longest_idle', slaSeconds: 20, maxWaitSeconds: 600, wrapUpSeconds: 30, ringTimeoutSeconds: 20, talkMedianSeconds: 170, weight: 3, skill: 'billing' },
    { name: 'Technical support', strategy: 'skills', slaSeconds: 30, maxWaitSeconds: 900, wrapUpSeconds: 45, ringTimeoutSeconds: 20, talkMedianSeconds: 260, weight: 4, skill: 'technical' },
    { name: 'Sales enquiries', strategy: 'ring_all', slaSeconds: 15, maxWaitSeconds: 300, wrapUpSeconds: 20, ringTimeoutSeconds: 20, talkMedianSeconds: 200, weight: 2, skill: 'sales' },
  ],
};

export const SALES_TENANT: TenantSpec = {
  key: 'portsip/sales',
  name: 'Sales',
  agentCount: 25,
  agentExtensionStart: 101,
  queueExtensionStart: 8001,
  didCountry: 'US',
  emailDomain: 'sales.queuedeck-demo.test',
  queues: [
    { name: 'New business', strategy: 'round_robin', slaSeconds: 20, maxWaitSeconds: 300, wrapUpSeconds: 25, ringTimeoutSeconds: 20, talkMedianSeconds: 220, weight: 3, skill: 'new-business' },
    { name: 'Account management', strategy: 'least_worked', slaSeconds: 30, maxWaitSeconds: 600, wrapUpSeconds: 30, ringTimeoutSeconds: 25, talkMedianSeconds: 180, weight: 2, skill: 'accounts' },
  ],
};

/** Default agents across the two default tenants: the ratio `agents` is spread with. */
export const DEFAULT_TOTAL_AGENTS = SUPPORT_TENANT.agentCount + SALES_TENANT.agentCount;

/**
 * A tenant spec with its agent count scaled so that the default tenants together hold `total`
 * agents (at least 2 per tenant). Without `total` the spec is returned unchanged.
 */
export function scaleTenant(spec: TenantSpec, total: number | undefined): TenantSpec {
  if (total === undefined) return spec;
  const share = spec.agentCount / DEFAULT_TOTAL_AGENTS;
  return { ...spec, agentCount: Math.max(2, Math.round(total * share)) };
}
