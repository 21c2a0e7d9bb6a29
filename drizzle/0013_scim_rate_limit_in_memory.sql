ALTER TABLE "scim_tokens" DROP COLUMN "rate_window_started_at";--> statement-breakpoint
ALTER TABLE "scim_tokens" DROP COLUMN "rate_count";