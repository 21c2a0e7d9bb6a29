import { pgEnum } from 'drizzle-orm/pg-core';

export const planEnum = pgEnum('plan', ['free', 'team', 'enterprise']);
export const roleEnum = pgEnum('role', ['owner', 'admin', 'member', 'viewer']);
export const membershipSourceEnum = pgEnum('membership_source', ['invite', 'sso', 'scim', 'manual']);
export const membershipStatusEnum = pgEnum('membership_status', ['active', 'suspended']);
export const userStatusEnum = pgEnum('user_status', ['active', 'disabled']);
export const signInMethodEnum = pgEnum('sign_in_method', ['password', 'passkey', 'sso', 'break_glass']);

export type Plan = (typeof planEnum.enumValues)[number];
export type Role = (typeof roleEnum.enumValues)[number];
export type MembershipSource = (typeof membershipSourceEnum.enumValues)[number];
export type SignInMethod = (typeof signInMethodEnum.enumValues)[number];
