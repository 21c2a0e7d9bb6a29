ALTER TABLE "users" ADD COLUMN "email_set_by_org_id" uuid;--> statement-breakpoint
ALTER TABLE "sso_login_requests" ADD COLUMN "binding_hash" text;--> statement-breakpoint
ALTER TABLE "sso_login_tickets" ADD COLUMN "binding_hash" text;