import { Link, type LinkProps } from '@tanstack/react-router';
import type { ComponentType, SVGProps } from 'react';
import { can, type Permission, type Role } from '@contract/auth';
import type { Capabilities, Source } from '@contract/source';
import {
  AgentsIcon,
  ListIcon,
  MegaphoneIcon,
  PhoneIcon,
  QueuesIcon,
  WallboardIcon,
} from '@/components/ui/icons';
import { SourcesIcon } from '@/components/ui/sources-icon';
import { AdminIcon } from '@/features/admin/components/admin-icon';
import { cn } from '@/lib/cn';

export interface NavItem {
  to: LinkProps['to'];
  label: string;
  /** The role must hold this permission (contract/auth.ts). */
  permission: Permission;
  /** At least one source must be able to serve the view. */
  capability: (capabilities: Capabilities) => boolean;
  icon: ComponentType<SVGProps<SVGSVGElement>>;
}

/**
 * The main navigation, in display order. Each view's issue adds its route in router.tsx and one
 * line here, in this order: Wallboard (viewLive, queues), Queues, Agents (viewLive, agents),
 * Live calls (viewLive, liveCalls), Entries (viewEntries, entries !== null), Campaigns
 * (viewEntries, campaigns). Until then there is no route and no link: nothing is stubbed.
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/wallboard', label: 'Wallboard', permission: 'viewLive', capability: (c) => c.queues, icon: WallboardIcon },
  {
    to: '/queues',
    label: 'Queues',
    permission: 'viewLive',
    capability: (c) => c.queues,
    icon: QueuesIcon,
  },
  { to: '/agents', label: 'Agents', permission: 'viewLive', capability: (c) => c.agents, icon: AgentsIcon },
  { to: '/calls', label: 'Live calls', permission: 'viewLive', capability: (c) => c.liveCalls, icon: PhoneIcon },
  { to: '/entries', label: 'Entries', permission: 'viewEntries', capability: (c) => c.entries !== null, icon: ListIcon },
  { to: '/campaigns', label: 'Campaigns', permission: 'viewEntries', capability: (c) => c.campaigns, icon: MegaphoneIcon },
  { to: '/calling', label: 'Place calls', permission: 'initiateCall', capability: (c) => c.initiateCall || c.scheduleCallback, icon: PhoneIcon },
  { to: '/reports/calls', label: 'Call records', permission: 'viewLive', capability: (c) => c.cdrs, icon: ListIcon },
  // Every role sees the vendor connections; any source at all is enough.
  { to: '/sources', label: 'Sources', permission: 'viewLive', capability: () => true, icon: SourcesIcon },
  // Users, audit and source health: admins only, whatever the sources can do.
  { to: '/admin', label: 'Admin', permission: 'manageUsers', capability: () => true, icon: AdminIcon },
  // Wallboard displays and thresholds (issue 6): admins only.
  { to: '/displays', label: 'Displays', permission: 'manageDisplays', capability: (c) => c.queues, icon: WallboardIcon },
];

/**
 * The items this role may open and some source can serve. While sources are unknown (the request
 * failed), capability is not held against an item: the view itself explains what is missing.
 */
export function visibleNavItems(
  items: readonly NavItem[],
  role: Role,
  sources: readonly Source[] | undefined,
): NavItem[] {
  return items.filter(
    (item) =>
      can(role, item.permission) &&
      (sources === undefined || sources.some((s) => item.capability(s.capabilities))),
  );
}

// No colour transition: axe (and a user's eye) would catch the active link mid-fade at low contrast.
const linkClasses =
  'flex shrink-0 items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium text-fg-muted hover:bg-surface-muted hover:text-fg data-[status=active]:bg-accent-soft data-[status=active]:text-accent-text';

/** The navigation list; horizontal on small screens, a vertical sidebar list from md up. */
export function MainNav({ items, className }: { items: readonly NavItem[]; className?: string }) {
  return (
    <nav aria-label="Main" className={className}>
      <ul className="flex gap-1 overflow-x-auto md:flex-col md:overflow-visible">
        {items.map((item) => (
          <li key={String(item.to)}>
            <Link to={item.to} className={cn(linkClasses)}>
              <item.icon className="text-lg" />
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
