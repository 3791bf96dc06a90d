CREATE TABLE `erasures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` integer NOT NULL,
	`erased_at` integer NOT NULL,
	`actor` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `erasures_client` ON `erasures` (`client_id`);--> statement-breakpoint
ALTER TABLE `clients` ADD `erasure_requested_at` integer;--> statement-breakpoint
-- Hand-written (drizzle-kit does not model triggers): the audit log is append-only. No entry is ever
-- changed; an entry is deleted only when it is about a client who has been erased (a tombstone in
-- `erasures` names them), so erasure can honour Art. 17 and nothing else can rewrite history.
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log`
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_delete_only_erased` BEFORE DELETE ON `audit_log`
WHEN NOT EXISTS (
	SELECT 1 FROM `erasures` AS e
	WHERE OLD.`subject` = 'client:' || e.`client_id` OR OLD.`actor` = 'client:' || e.`client_id`
)
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
