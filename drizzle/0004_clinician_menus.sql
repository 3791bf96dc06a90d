CREATE TABLE `clinician_menus` (
	`platform` text NOT NULL,
	`chat_id` text NOT NULL,
	`locale` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`platform`, `chat_id`)
);
--> statement-breakpoint
-- Hand-written: until now the published menus were remembered in memory only. Every Telegram chat
-- that may be showing a clinicians' menu is recorded once, with no locale ("may be showing, publish
-- again or clear"): the chats of linked clinicians, and the chats of clinicians already unlinked
-- (each was told so by an `access-ended:` message). The first sync then clears the stale ones.
INSERT OR IGNORE INTO `clinician_menus` (`platform`, `chat_id`, `locale`, `updated_at`)
	SELECT `platform`, `chat_id`, NULL, CAST(strftime('%s', 'now') AS integer) * 1000 FROM `identities`
	WHERE `therapist_id` IS NOT NULL AND `platform` = 'telegram';
--> statement-breakpoint
INSERT OR IGNORE INTO `clinician_menus` (`platform`, `chat_id`, `locale`, `updated_at`)
	SELECT DISTINCT `platform`, `chat_id`, NULL, CAST(strftime('%s', 'now') AS integer) * 1000 FROM `outbox`
	WHERE `platform` = 'telegram' AND `dedupe_key` LIKE 'access-ended:%';
