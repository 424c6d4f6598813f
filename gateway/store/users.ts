import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Role, Scope, User } from '@contract/auth';
import type { Db } from './database';
import { isOutage } from './database';
import type { UsersTable } from './schema';

function toUser(r: UsersTable): User {
  return {
    id: r.id,
    username: r.username,
    role: r.role as Role,
    disabled: r.disabled === 1,
    scope: JSON.parse(r.scope_json) as Scope,
    createdAt: r.created_at,
  };
}

/** Usernames are unique and matched case-insensitively (they are ASCII, see the contract). */
const usernameKey = sql<string>`lower(username)`;

/** As SESSION_RECHECK_MS: a change made on this gateway applies at once, elsewhere within this. */
const USER_RECHECK_MS = 5_000;

/** Users and their password hashes; hashes never leave this module except for verification. */
export class UserStore {
  // The users that requests were signed in as, with when the store last confirmed each: trusted
  // for a few seconds (every request reads its user), and through an outage.
  private readonly seen = new Map<string, { user: User; checkedAt: number }>();

  constructor(private readonly db: Db) {}

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async create(input: {
    username: string;
    role: Role;
    passwordHash: string;
    scope?: Scope | undefined;
  }): Promise<User> {
    const row: UsersTable = {
      id: randomUUID(),
      username: input.username,
      role: input.role,
      password_hash: input.passwordHash,
      disabled: 0,
      scope_json: JSON.stringify(input.scope ?? { sources: null, queues: null }),
      created_at: new Date().toISOString(),
    };
    await this.db.insertInto('users').values(row).execute();
    const user = toUser(row);
    this.remember(user);
    return user;
  }

  async findByUsername(username: string): Promise<(User & { passwordHash: string }) | null> {
    const r = await this.db
      .selectFrom('users')
      .selectAll()
      .where(usernameKey, '=', username.toLowerCase())
      .executeTakeFirst();
    if (!r) return null;
    const user = toUser(r);
    this.remember(user);
    return { ...user, passwordHash: r.password_hash };
  }

  /** The user, read from the store; during an outage, the last copy this gateway saw. */
  async get(id: string, now = Date.now()): Promise<User | null> {
    const recent = this.seen.get(id);
    if (recent && now - recent.checkedAt < USER_RECHECK_MS) return recent.user;
    try {
      const r = await this.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      const user = r ? toUser(r) : null;
      if (user) this.remember(user);
      else this.seen.delete(id);
      return user;
    } catch (e) {
      const cached = this.seen.get(id);
      if (isOutage(e) && cached) return cached.user;
      throw e;
    }
  }

  private remember(user: User, now = Date.now()): void {
    if (this.seen.size >= 10_000 && !this.seen.has(user.id)) {
      this.seen.delete(this.seen.keys().next().value!);
    }
    this.seen.set(user.id, { user, checkedAt: now });
  }

  async list(): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('username').execute();
    return rows.map(toUser);
  }

  /** Enabled admins other than `exceptId`: an admin change must never leave this at zero. */
  async countActiveAdmins(exceptId?: string): Promise<number> {
    const r = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'admin')
      .where('disabled', '=', 0)
      .where('id', '!=', exceptId ?? '')
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async update(
    id: string,
    patch: {
      role?: Role | undefined;
      disabled?: boolean | undefined;
      scope?: Scope | undefined;
      passwordHash?: string | undefined;
    },
  ): Promise<User | null> {
    return this.db.transaction().execute(async (trx) => {
      const cur = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      if (!cur) return null;
      const next: UsersTable = {
        ...cur,
        role: patch.role ?? cur.role,
        disabled: patch.disabled === undefined ? cur.disabled : patch.disabled ? 1 : 0,
        scope_json: patch.scope ? JSON.stringify(patch.scope) : cur.scope_json,
        password_hash: patch.passwordHash ?? cur.password_hash,
      };
      await trx
        .updateTable('users')
        .set({
          role: next.role,
          disabled: next.disabled,
          scope_json: next.scope_json,
          password_hash: next.password_hash,
        })
        .where('id', '=', id)
        .execute();
      const user = toUser(next);
      this.remember(user);
      return user;
    });
  }
}
