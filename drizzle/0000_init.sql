CREATE TABLE `alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` integer NOT NULL,
	`therapist_id` integer NOT NULL,
	`kind` text NOT NULL,
	`trigger` text NOT NULL,
	`occurrence_id` integer,
	`opened_at` integer NOT NULL,
	`notified_at` integer,
	`escalated_at` integer,
	`acknowledged_at` integer,
	`acknowledged_by` text,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`therapist_id`) REFERENCES `therapists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`occurrence_id`) REFERENCES `occurrences`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `alerts_client_open` ON `alerts` (`client_id`,`acknowledged_at`);--> statement-breakpoint
CREATE TABLE `answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`occurrence_id` integer NOT NULL,
	`item_id` text NOT NULL,
	`item_version` integer NOT NULL,
	`value` integer,
	`text` text,
	`skipped` integer DEFAULT false NOT NULL,
	`answered_at` integer NOT NULL,
	FOREIGN KEY (`occurrence_id`) REFERENCES `occurrences`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `answers_occurrence_item` ON `answers` (`occurrence_id`,`item_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`subject` text NOT NULL,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `audit_subject` ON `audit_log` (`subject`,`at`);--> statement-breakpoint
CREATE TABLE `choice_sets` (
	`id` text PRIMARY KEY NOT NULL,
	`identity_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`occurrence_id` integer,
	`item_id` text,
	`outbox_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`identity_id`) REFERENCES `identities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`occurrence_id`) REFERENCES `occurrences`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `choice_sets_identity` ON `choice_sets` (`identity_id`);--> statement-breakpoint
CREATE TABLE `clients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`practice_id` integer NOT NULL,
	`therapist_id` integer NOT NULL,
	`alias` text NOT NULL,
	`locale` text NOT NULL,
	`timezone` text,
	`checkin_id` text NOT NULL,
	`status` text DEFAULT 'invited' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`practice_id`) REFERENCES `practices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`therapist_id`) REFERENCES `therapists`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clients_practice_alias` ON `clients` (`practice_id`,`alias`);--> statement-breakpoint
CREATE INDEX `clients_therapist` ON `clients` (`therapist_id`);--> statement-breakpoint
CREATE TABLE `consents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` integer NOT NULL,
	`version` text NOT NULL,
	`decision` text NOT NULL,
	`locale` text NOT NULL,
	`decided_at` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `consents_client` ON `consents` (`client_id`);--> statement-breakpoint
CREATE TABLE `enrolment_attempts` (
	`platform` text NOT NULL,
	`platform_user_id` text NOT NULL,
	`failures` integer NOT NULL,
	`window_started_at` integer NOT NULL,
	`blocked_until` integer,
	PRIMARY KEY(`platform`, `platform_user_id`)
);
--> statement-breakpoint
CREATE TABLE `identities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`platform` text NOT NULL,
	`platform_user_id` text NOT NULL,
	`chat_id` text NOT NULL,
	`client_id` integer,
	`therapist_id` integer,
	`undeliverable` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`therapist_id`) REFERENCES `therapists`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `identities_platform_user` ON `identities` (`platform`,`platform_user_id`);--> statement-breakpoint
CREATE INDEX `identities_client` ON `identities` (`client_id`);--> statement-breakpoint
CREATE TABLE `invites` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code_hash` text NOT NULL,
	`client_id` integer,
	`therapist_id` integer,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`revoked_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`therapist_id`) REFERENCES `therapists`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invites_code_hash` ON `invites` (`code_hash`);--> statement-breakpoint
CREATE TABLE `occurrences` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` integer NOT NULL,
	`schedule_id` integer,
	`idempotency_key` text NOT NULL,
	`checkin_id` text NOT NULL,
	`checkin_version` integer NOT NULL,
	`item_ids` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`reasked` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`scheduled_for` integer NOT NULL,
	`created_at` integer NOT NULL,
	`first_outbox_id` integer,
	`reminded_at` integer,
	`first_answer_at` integer,
	`closed_at` integer,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`schedule_id`) REFERENCES `schedules`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `occurrences_idempotency` ON `occurrences` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `occurrences_client_status` ON `occurrences` (`client_id`,`status`);--> statement-breakpoint
CREATE INDEX `occurrences_status_created` ON `occurrences` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`platform` text NOT NULL,
	`chat_id` text NOT NULL,
	`identity_id` integer,
	`payload` text NOT NULL,
	`priority` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`platform_message_id` text,
	`dedupe_key` text NOT NULL,
	`created_at` integer NOT NULL,
	`claimed_at` integer,
	`sent_at` integer,
	FOREIGN KEY (`identity_id`) REFERENCES `identities`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`platform`,`status`,`priority`,`id`);--> statement-breakpoint
CREATE INDEX `outbox_chat` ON `outbox` (`platform`,`chat_id`,`status`,`id`);--> statement-breakpoint
CREATE TABLE `practices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`timezone` text NOT NULL,
	`locale` text NOT NULL,
	`settings` text DEFAULT '{}' NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `processed_updates` (
	`platform` text NOT NULL,
	`update_id` text NOT NULL,
	`processed_at` integer NOT NULL,
	PRIMARY KEY(`platform`, `update_id`)
);
--> statement-breakpoint
CREATE TABLE `schedule_cursors` (
	`client_id` integer PRIMARY KEY NOT NULL,
	`schedule_id` integer,
	`slot` text,
	`timezone` text NOT NULL,
	`jitter_minutes` integer NOT NULL,
	`due_at` integer,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`schedule_id`) REFERENCES `schedules`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `schedule_cursors_due` ON `schedule_cursors` (`due_at`);--> statement-breakpoint
CREATE TABLE `schedules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`practice_id` integer NOT NULL,
	`therapist_id` integer,
	`client_id` integer,
	`spec` text NOT NULL,
	`cron` text NOT NULL,
	`interval_days` integer,
	`anchor_date` text,
	`quiet_start` text,
	`quiet_end` text,
	`jitter_minutes` integer DEFAULT 0 NOT NULL,
	`active_from` text,
	`active_until` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`practice_id`) REFERENCES `practices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`therapist_id`) REFERENCES `therapists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `schedules_scope` ON `schedules` (`practice_id`,`therapist_id`,`client_id`);--> statement-breakpoint
CREATE TABLE `therapists` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`practice_id` integer NOT NULL,
	`alias` text NOT NULL,
	`timezone` text,
	`locale` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`practice_id`) REFERENCES `practices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `therapists_practice_alias` ON `therapists` (`practice_id`,`alias`);