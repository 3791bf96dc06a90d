CREATE TABLE `summaries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`therapist_id` integer NOT NULL,
	`week` text NOT NULL,
	`status` text NOT NULL,
	`parts` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`therapist_id`) REFERENCES `therapists`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `summaries_therapist_week` ON `summaries` (`therapist_id`,`week`);