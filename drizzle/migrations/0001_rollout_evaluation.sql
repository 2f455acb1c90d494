CREATE TABLE "budget_waivers" (
	"id" text PRIMARY KEY NOT NULL,
	"task_type" text NOT NULL,
	"tokens" integer NOT NULL,
	"reason" text NOT NULL,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_reports" (
	"id" text PRIMARY KEY NOT NULL,
	"task_type" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"window_since" timestamp with time zone NOT NULL,
	"window_until" timestamp with time zone NOT NULL,
	"trigger" text NOT NULL,
	"config_version" integer NOT NULL,
	"policy_version" text NOT NULL,
	"report" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rollout_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"task_type" text NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"actor" text NOT NULL,
	"reason" text,
	"config_version" integer NOT NULL,
	"policy_version" text NOT NULL,
	"details" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "slo_metrics" (
	"id" text PRIMARY KEY NOT NULL,
	"task_type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"phase" text NOT NULL,
	"verdict" text NOT NULL,
	"treated" jsonb NOT NULL,
	"control" jsonb NOT NULL,
	"details" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "evaluation_reports_task_type_created" ON "evaluation_reports" USING btree ("task_type","created_at");--> statement-breakpoint
CREATE INDEX "rollout_events_task_type_seq" ON "rollout_events" USING btree ("task_type","seq");--> statement-breakpoint
CREATE INDEX "slo_metrics_task_type_at" ON "slo_metrics" USING btree ("task_type","at");