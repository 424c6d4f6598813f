import { describe, expect, it } from 'vitest';
import { NO_CAPABILITIES, makeSource } from '@/test/fixtures';
import { NAV_ITEMS, visibleNavItems, type NavItem } from './nav';

const labels = (items: NavItem[]) => items.map((i) => i.label);

describe('visibleNavItems', () => {
  const queuesSource = makeSource({ id: 'fono' });
  const entriesOnly = makeSource({
    id: 'iqra',
    capabilities: {
      ...NO_CAPABILITIES,
      entries: { directions: ['outbound'], filters: [], sorts: [], total: true },
    },
  });

  it('shows Queues to every role when a source serves queues', () => {
    for (const role of ['supervisor', 'campaign_manager', 'viewer'] as const) {
      expect(labels(visibleNavItems(NAV_ITEMS, role, [queuesSource]))).toEqual(['Wallboard', 'Queues', 'Sources']);
    }
    // Admin is admins' only, whatever the sources can do.
    expect(labels(visibleNavItems(NAV_ITEMS, 'admin', [queuesSource]))).toEqual(['Wallboard', 'Queues', 'Sources', 'Admin', 'Displays']);
  });

  it('hides a view no source can serve', () => {
    // Sources is every role's view of the connections, whatever they can serve.
    expect(labels(visibleNavItems(NAV_ITEMS, 'admin', [entriesOnly]))).toEqual(['Entries', 'Sources', 'Admin']);
  });

  it("hides a view the role's permissions do not allow", () => {
    const items: NavItem[] = [
      ...NAV_ITEMS,
      {
        to: '/queues',
        label: 'Users',
        permission: 'manageUsers',
        capability: () => true,
        icon: () => null,
      },
      {
        to: '/queues',
        label: 'Dial',
        permission: 'initiateCall',
        capability: (c) => c.initiateCall,
        icon: () => null,
      },
    ];
    const dialler = makeSource({
      id: 'w1',
      capabilities: { ...NO_CAPABILITIES, queues: true, initiateCall: true },
    });
    expect(labels(visibleNavItems(items, 'admin', [dialler]))).toEqual([
      'Wallboard',
      'Queues',
      'Place calls',
      'Sources',
      'Admin',
      'Displays',
      'Users',
      'Dial',
    ]);
    expect(labels(visibleNavItems(items, 'campaign_manager', [dialler]))).toEqual([
      'Wallboard',
      'Queues',
      'Place calls',
      'Sources',
      'Dial',
    ]);
    expect(labels(visibleNavItems(items, 'supervisor', [dialler]))).toEqual(['Wallboard', 'Queues', 'Sources']);
    expect(labels(visibleNavItems(items, 'viewer', [dialler]))).toEqual(['Wallboard', 'Queues', 'Sources']);
  });

  it('does not hold unknown capabilities against an item when sources failed to load', () => {
    expect(labels(visibleNavItems(NAV_ITEMS, 'viewer', undefined))).toEqual([
      'Wallboard',
      'Queues',
      'Agents',
      'Live calls',
      'Entries',
      'Campaigns',
      'Call records',
      'Sources',
    ]);
  });
});
