'use server';

import { exportAuditAction, verifyAuditAction } from '@/lib/audit/actions';
import { invokeAccountAction, invokeAction } from '@/lib/auth/invoke';
import { finishPasskeyRegistrationAction, removePasskeyAction, startPasskeyRegistrationAction } from '@/lib/auth/passkey-actions';
import { createApiKeyAction, createProjectAction, disableApiKeyAction } from '@/lib/gateway/actions';
import { acceptInviteAction, changeMemberRoleAction, inviteMemberAction, switchOrgAction } from '@/lib/orgs/actions';

// Thin 'use server' entry points: each one goes through the guard (session, role, input).
export const createProject = async (input: unknown) => invokeAction(createProjectAction, input);
export const createApiKey = async (input: unknown) => invokeAction(createApiKeyAction, input);
export const disableApiKey = async (input: unknown) => invokeAction(disableApiKeyAction, input);
export const changeMemberRole = async (input: unknown) => invokeAction(changeMemberRoleAction, input);
export const inviteMember = async (input: unknown) => invokeAction(inviteMemberAction, input);
export const exportAuditLog = async (input: unknown) => invokeAction(exportAuditAction, input);
export const verifyAuditLog = async () => invokeAction(verifyAuditAction, undefined);
export const acceptInvitation = async (input: unknown) => invokeAccountAction(acceptInviteAction, input);
export const switchOrganization = async (input: unknown) => invokeAccountAction(switchOrgAction, input);
export const beginPasskeyRegistration = async () => invokeAccountAction(startPasskeyRegistrationAction, undefined);
export const completePasskeyRegistration = async (input: unknown) => invokeAccountAction(finishPasskeyRegistrationAction, input);
export const removePasskey = async (input: unknown) => invokeAccountAction(removePasskeyAction, input);
