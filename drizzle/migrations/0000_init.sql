CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"scopes" jsonb NOT NULL,
	"key_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"decision_id" text PRIMARY KEY NOT NULL,
	"task_type" text NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"request_id" text,
	"unit_id" text,
	"context" jsonb NOT NULL,
	"arm_id" text NOT NULL,
	"params" jsonb NOT NULL,
	"propensity" double precision NOT NULL,
	"policy_propensity" double precision NOT NULL,
	"share" double precision NOT NULL,
	"served" text NOT NULL,
	"phase" text NOT NULL,
	"policy_version" text NOT NULL,
	"shadow" jsonb,
	"reward" double precision,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outcomes" (
	"decision_id" text PRIMARY KEY NOT NULL,
	"task_type" text NOT NULL,
	"quality" double precision,
	"latency_ms" double precision,
	"prompt_tokens" integer,
	"completion_tokens" integer,
	"success" boolean,
	"error" text,
	"reward" double precision,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outcomes" ADD CONSTRAINT "outcomes_decision_id_decisions_decision_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("decision_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "decisions_task_type_ts" ON "decisions" USING btree ("task_type","ts","decision_id");