import { randomUUID } from 'node:crypto';
import type { Role, Scope, User } from '@contract/auth';
import type Database from 'better-sqlite3';
import type { Db } from './db';

interface UserRow {
  id: string;
  username: string;
  role: Role;
  password_hash: string;
  disabled: number;
  scope_json: string;
  created_at: string;
}

function toUser(r: UserRow): User {
  return {
    id: r.id,
    username: r.username,
    role: r.role,
    disabled: r.disabled === 1,
    scope: JSON.parse(r.scope_json) as Scope,
    createdAt: r.created_at,
  };
}

/** Users and their password hashes; hashes never leave this module except for verification. */
export class UserStore {
  // get() runs on every API request (the session's user): prepared once, not per request.
  private readonly byId: Database.Statement<[string], UserRow>;

  constructor(private readonly db: Db) {
    this.byId = db.prepare('SELECT * FROM users WHERE id = ?');
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  create(input: { username: string; role: Role; passwordHash: string; scope?: Scope }): User {
    const row: UserRow = {
      id: randomUUID(),
      username: input.username,
      role: input.role,
      password_hash: input.passwordHash,
      disabled: 0,
      scope_json: JSON.stringify(input.scope ?? { sources: null, queues: null }),
      created_at: new Date().toISOString(),
    };
    this.db
      .prepare(
        `INSERT INTO users (id, username, role, password_hash, disabled, scope_json, created_at)
         VALUES (@id, @username, @role, @password_hash, @disabled, @scope_json, @created_at)`,
      )
      .run(row);
    return toUser(row);
  }

  findByUsername(username: string): (User & { passwordHash: string }) | null {
    const r = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as
      UserRow | undefined;
    return r ? { ...toUser(r), passwordHash: r.password_hash } : null;
  }

  get(id: string): User | null {
    const r = this.byId.get(id);
    return r ? toUser(r) : null;
  }

  list(): User[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map(
      toUser,
    );
  }

  /** Enabled admins other than `exceptId`: an admin change must never leave this at zero. */
  countActiveAdmins(exceptId?: string): number {
    const r = this.db
      .prepare("SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0 AND id != ?")
      .get(exceptId ?? '') as { n: number };
    return r.n;
  }

  update(
    id: string,
    patch: { role?: Role; disabled?: boolean; scope?: Scope; passwordHash?: string },
  ): User | null {
    const cur = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    if (!cur) return null;
    const next: UserRow = {
      ...cur,
      role: patch.role ?? cur.role,
      disabled: patch.disabled === undefined ? cur.disabled : patch.disabled ? 1 : 0,
      scope_json: patch.scope ? JSON.stringify(patch.scope) : cur.scope_json,
      password_hash: patch.passwordHash ?? cur.password_hash,
    };
    this.db
      .prepare(
        `UPDATE users SET role=@role, disabled=@disabled, scope_json=@scope_json,
         password_hash=@password_hash WHERE id=@id`,
      )
      .run(next);
    return toUser(next);
  }
}
