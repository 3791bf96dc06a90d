CREATE TABLE "telegram_inbox" (
	"update_id" bigint PRIMARY KEY NOT NULL,
	"chat_id" text,
	"payload" text NOT NULL,
	"received_at" timestamp (3) with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"claimed_until" timestamp (3) with time zone,
	"next_attempt_at" timestamp (3) with time zone NOT NULL,
	"handled_at" timestamp (3) with time zone,
	"given_up_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE INDEX "telegram_inbox_waiting" ON "telegram_inbox" USING btree ("chat_id","update_id") WHERE "telegram_inbox"."handled_at" is null and "telegram_inbox"."given_up_at" is null;