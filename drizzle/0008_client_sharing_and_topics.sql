CREATE TABLE `topics` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` integer NOT NULL,
	`text` text NOT NULL,
	`release` text NOT NULL,
	`released_at` integer,
	`reminded_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `topics_client` ON `topics` (`client_id`);--> statement-breakpoint
ALTER TABLE `answers` ADD `sharing` text;--> statement-breakpoint
ALTER TABLE `choice_sets` ADD `topic_id` integer REFERENCES topics(id) ON DELETE cascade;--> statement-breakpoint
ALTER TABLE `clients` ADD `note_sharing` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `score_detail` text DEFAULT 'detailed' NOT NULL;