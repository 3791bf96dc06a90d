CREATE TABLE `telegram_inbox` (
	`update_id` integer PRIMARY KEY NOT NULL,
	`chat_id` text,
	`payload` text NOT NULL,
	`received_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`claimed_until` integer,
	`next_attempt_at` integer NOT NULL,
	`handled_at` integer,
	`given_up_at` integer
);
--> statement-breakpoint
CREATE INDEX `telegram_inbox_waiting` ON `telegram_inbox` (`chat_id`,`update_id`) WHERE "telegram_inbox"."handled_at" is null and "telegram_inbox"."given_up_at" is null;