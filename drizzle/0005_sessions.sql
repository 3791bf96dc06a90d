CREATE TABLE `session_series` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` integer NOT NULL,
	`weekday` integer NOT NULL,
	`local_time` text NOT NULL,
	`duration_minutes` integer NOT NULL,
	`starts_on` text NOT NULL,
	`expanded_until` text,
	`source` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `session_series_client` ON `session_series` (`client_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` integer NOT NULL,
	`series_id` integer,
	`starts_at` integer NOT NULL,
	`duration_minutes` integer NOT NULL,
	`local_date` text NOT NULL,
	`local_time` text NOT NULL,
	`timezone` text NOT NULL,
	`status` text DEFAULT 'planned' NOT NULL,
	`source` text NOT NULL,
	`calendar_uid` text,
	`calendar_recurrence_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`series_id`) REFERENCES `session_series`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `sessions_client_start` ON `sessions` (`client_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `sessions_status_start` ON `sessions` (`status`,`starts_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_series_day` ON `sessions` (`series_id`,`local_date`);--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_calendar_event` ON `sessions` (`calendar_uid`,`calendar_recurrence_id`);