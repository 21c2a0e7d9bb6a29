ALTER TABLE "memberships" ADD COLUMN "last_sso_login_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "last_sso_connection_id" text;--> statement-breakpoint
-- Members who already signed in by SSO keep that proof (until now it was read from the audit log).
UPDATE "memberships" m SET "last_sso_login_at" = e.created_at, "last_sso_connection_id" = e.metadata->>'connectionId'
FROM (
  SELECT DISTINCT ON (org_id, actor_id) org_id, actor_id, created_at, metadata
  FROM "audit_events"
  WHERE action = 'auth.signed_in' AND metadata->>'method' = 'sso' AND actor_id IS NOT NULL AND org_id IS NOT NULL
  ORDER BY org_id, actor_id, seq DESC
) e
WHERE e.org_id = m.org_id AND e.actor_id = m.user_id::text;
