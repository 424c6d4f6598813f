import { expect, type APIRequestContext, type TestInfo } from '@playwright/test';
import { ADMIN_API, CreateUserRequest } from '../../contract/admin';
import type { Role, Scope } from '../../contract/auth';
import { CSRF_HEADER, CSRF_VALUE } from '../../contract/common';

export interface TestUser {
  username: string;
  password: string;
  role: Role;
}

/**
 * Creates a user through POST /api/v1/users with an admin's session (admin.spec.ts covers the
 * form itself). The name is unique per worker, repeat and run, so parallel and repeated runs
 * against the same gateway never collide.
 */
export async function createUser(
  adminRequest: APIRequestContext,
  role: Role,
  testInfo: TestInfo,
  scope?: Scope,
): Promise<TestUser> {
  const user = {
    username: `e2e-${role.replace('_', '-')}-${testInfo.workerIndex}-${testInfo.repeatEachIndex}-${Date.now()}`,
    password: `${role}-password-long`,
    role,
  };
  const body = CreateUserRequest.parse({ ...user, ...(scope ? { scope } : {}) });
  const res = await adminRequest.post(ADMIN_API.users, { data: body, headers: { [CSRF_HEADER]: CSRF_VALUE } });
  expect(res.status(), await res.text()).toBe(201);
  return user;
}
