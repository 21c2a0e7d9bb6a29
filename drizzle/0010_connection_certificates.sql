ALTER TABLE "sso_connections" ADD COLUMN "signing_certificates" text[];--> statement-breakpoint
ALTER TABLE "sso_connections" ADD COLUMN "removed_certificates" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "sso_connections" ADD COLUMN "last_login_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sso_connections" ADD COLUMN "metadata_refreshed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sso_connections" ADD COLUMN "metadata_refresh_error" text;