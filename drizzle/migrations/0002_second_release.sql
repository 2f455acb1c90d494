ALTER TABLE "budget_waivers" ALTER COLUMN "tokens" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "outcomes" ALTER COLUMN "prompt_tokens" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "outcomes" ALTER COLUMN "completion_tokens" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "randomization" text;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "cost_usd" double precision;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "incarnation" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "outcomes" ADD COLUMN "cost_usd" double precision;