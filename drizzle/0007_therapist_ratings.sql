CREATE TABLE `therapist_ratings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`client_id` integer NOT NULL,
	`therapist_id` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`next` integer DEFAULT 0 NOT NULL,
	`safety` integer,
	`bond` integer,
	`work` integer,
	`created_at` integer NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`therapist_id`) REFERENCES `therapists`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `therapist_ratings_session` ON `therapist_ratings` (`session_id`);--> statement-breakpoint
CREATE INDEX `therapist_ratings_client` ON `therapist_ratings` (`client_id`);--> statement-breakpoint
CREATE INDEX `therapist_ratings_status` ON `therapist_ratings` (`status`,`created_at`);--> statement-breakpoint
ALTER TABLE `choice_sets` ADD `rating_id` integer REFERENCES therapist_ratings(id) ON DELETE cascade;