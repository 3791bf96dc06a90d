CREATE TABLE `alert_notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`alert_id` integer NOT NULL,
	`therapist_id` integer NOT NULL,
	`reason` text NOT NULL,
	`level` integer NOT NULL,
	`outbox_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`therapist_id`) REFERENCES `therapists`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `alert_notifications_alert` ON `alert_notifications` (`alert_id`);--> statement-breakpoint
CREATE INDEX `alert_notifications_therapist` ON `alert_notifications` (`therapist_id`);--> statement-breakpoint
CREATE TABLE `alert_triggers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`alert_id` integer NOT NULL,
	`kind` text NOT NULL,
	`occurrence_id` integer,
	`rule` text,
	`text` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`occurrence_id`) REFERENCES `occurrences`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `alert_triggers_alert` ON `alert_triggers` (`alert_id`);--> statement-breakpoint
ALTER TABLE `alerts` ADD `escalation_level` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `alerts` ADD `escalate_at` integer;--> statement-breakpoint
ALTER TABLE `alerts` ADD `follow_up_due_at` integer;--> statement-breakpoint
ALTER TABLE `alerts` ADD `follow_up_sent_at` integer;--> statement-breakpoint
ALTER TABLE `alerts` ADD `follow_up_answer` text;--> statement-breakpoint
ALTER TABLE `alerts` ADD `follow_up_answered_at` integer;--> statement-breakpoint
ALTER TABLE `alerts` ADD `follow_up_note` text;--> statement-breakpoint
CREATE INDEX `alerts_escalate` ON `alerts` (`escalate_at`);--> statement-breakpoint
CREATE INDEX `alerts_follow_up` ON `alerts` (`follow_up_due_at`);--> statement-breakpoint
ALTER TABLE `choice_sets` ADD `alert_id` integer;--> statement-breakpoint
ALTER TABLE `clients` ADD `region` text;--> statement-breakpoint
ALTER TABLE `therapists` ADD `backup_rank` integer;