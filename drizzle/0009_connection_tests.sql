CREATE TABLE "sso_connection_tests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"connection_id" text NOT NULL,
	"tested_by" jsonb NOT NULL,
	"ok" boolean NOT NULL,
	"failure_code" text,
	"failure_detail" text,
	"claims" jsonb,
	"outcome" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sso_login_requests" ADD COLUMN "purpose" text DEFAULT 'login' NOT NULL;--> statement-breakpoint
ALTER TABLE "sso_login_requests" ADD COLUMN "requested_by" jsonb;--> statement-breakpoint
ALTER TABLE "sso_connection_tests" ADD CONSTRAINT "sso_connection_tests_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sso_connection_tests_connection_idx" ON "sso_connection_tests" USING btree ("org_id","connection_id","created_at");