import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { ROLE_LABELS, type User } from '@contract/auth';
import { SignOutIcon } from '@/components/ui/icons';
import { UserBadge, userTriggerClasses } from './user-badge';
import { THEME_LABELS, ThemePreference, useThemeActions, useThemePreference } from '../theme-store';

const itemClasses =
  'flex cursor-default select-none items-center gap-2 rounded-md px-2 py-1.5 text-sm text-fg outline-none data-[highlighted]:bg-surface-muted data-[disabled]:opacity-50';

export interface UserMenuProps {
  user: User;
  onSignOut: () => void;
  signingOut?: boolean;
}

/** Who is signed in, the theme choice, and sign-out. */
export function UserMenu({ user, onSignOut, signingOut = false }: UserMenuProps) {
  const preference = useThemePreference();
  const { setPreference } = useThemeActions();

  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        aria-label={`Account: ${user.username}, ${ROLE_LABELS[user.role]}`}
        className={userTriggerClasses}
      >
        <UserBadge user={user} />
      </DropdownMenu.Trigger>

      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          side="top"
          sideOffset={6}
          collisionPadding={8}
          className="z-50 min-w-56 rounded-lg border border-line bg-surface-raised p-1 shadow-lg"
        >
          <DropdownMenu.Label className="px-2 py-2">
            <span className="block text-sm font-semibold text-fg">{user.username}</span>
            <span className="block text-xs text-fg-muted">{ROLE_LABELS[user.role]}</span>
          </DropdownMenu.Label>
          <DropdownMenu.Separator className="my-1 h-px bg-line" />
          <DropdownMenu.Label className="px-2 pt-1 text-xs font-medium text-fg-muted">
            Theme
          </DropdownMenu.Label>
          <DropdownMenu.RadioGroup
            value={preference}
            onValueChange={(value) => {
              const parsed = ThemePreference.safeParse(value);
              if (parsed.success) setPreference(parsed.data);
            }}
          >
            {ThemePreference.options.map((option) => (
              <DropdownMenu.RadioItem key={option} value={option} className={itemClasses}>
                <span className="flex size-4 items-center justify-center">
                  <DropdownMenu.ItemIndicator>
                    <span className="block size-2 rounded-full bg-accent" />
                  </DropdownMenu.ItemIndicator>
                </span>
                {THEME_LABELS[option]}
              </DropdownMenu.RadioItem>
            ))}
          </DropdownMenu.RadioGroup>
          <DropdownMenu.Separator className="my-1 h-px bg-line" />
          <DropdownMenu.Item className={itemClasses} disabled={signingOut} onSelect={onSignOut}>
            <SignOutIcon className="text-base text-fg-muted" />
            Sign out
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
