CREATE TABLE `amendment_positions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`amendment_id` integer NOT NULL,
	`state_code` text NOT NULL,
	`position` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`user_id` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`amendment_id`) REFERENCES `amendments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`state_code`) REFERENCES `states`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "amendment_positions_position" CHECK("amendment_positions"."position" IN ('cosponsor', 'object', 'none'))
);
--> statement-breakpoint
CREATE INDEX `amendment_positions_amendment` ON `amendment_positions` (`amendment_id`,`state_code`,`id`);--> statement-breakpoint
CREATE TABLE `amendments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`number` integer NOT NULL,
	`clause_id` text NOT NULL,
	`base_text` text NOT NULL,
	`proposed_text` text NOT NULL,
	`justification` text NOT NULL,
	`proposed_by` integer NOT NULL,
	`state_code` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`created_at` integer NOT NULL,
	`submitted_at` integer,
	`decided_at` integer,
	`decided_by` integer,
	`decision_note` text,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`state_code`) REFERENCES `states`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "amendments_status" CHECK("amendments"."status" IN ('draft', 'submitted', 'accepted', 'rejected', 'withdrawn'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `amendments_number` ON `amendments` (`document_id`,`number`);--> statement-breakpoint
CREATE INDEX `amendments_status` ON `amendments` (`document_id`,`status`);--> statement-breakpoint
CREATE TABLE `bracket_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`bracket_id` text NOT NULL,
	`clause_id` text,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`holders` text DEFAULT '[]' NOT NULL,
	`alternatives` text DEFAULT '[]' NOT NULL,
	`user_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "bracket_events_kind" CHECK("bracket_events"."kind" IN ('added', 'changed', 'removed'))
);
--> statement-breakpoint
CREATE INDEX `bracket_events_document` ON `bracket_events` (`document_id`,`bracket_id`,`id`);--> statement-breakpoint
CREATE TABLE `clause_decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`clause_id` text NOT NULL,
	`decision` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`user_id` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "clause_decisions_decision" CHECK("clause_decisions"."decision" IN ('open', 'agreed-ad-referendum', 'agreed'))
);
--> statement-breakpoint
CREATE INDEX `clause_decisions_clause` ON `clause_decisions` (`document_id`,`clause_id`,`id`);--> statement-breakpoint
CREATE TABLE `clause_positions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`clause_id` text NOT NULL,
	`state_code` text NOT NULL,
	`position` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`user_id` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`state_code`) REFERENCES `states`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "clause_positions_position" CHECK("clause_positions"."position" IN ('supports', 'reserves', 'objects'))
);
--> statement-breakpoint
CREATE INDEX `clause_positions_clause` ON `clause_positions` (`document_id`,`clause_id`,`state_code`,`id`);--> statement-breakpoint
CREATE TABLE `comment_threads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`clause_id` text,
	`anchor_start` blob,
	`anchor_end` blob,
	`quote` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`created_by` integer NOT NULL,
	`state_code` text,
	`created_at` integer NOT NULL,
	`status_changed_at` integer,
	`status_changed_by` integer,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`state_code`) REFERENCES `states`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`status_changed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "comment_threads_status" CHECK("comment_threads"."status" IN ('open', 'resolved')),
	CONSTRAINT "comment_threads_anchor" CHECK(("comment_threads"."anchor_start" IS NULL) = ("comment_threads"."anchor_end" IS NULL))
);
--> statement-breakpoint
CREATE INDEX `comment_threads_document` ON `comment_threads` (`document_id`,`status`);--> statement-breakpoint
CREATE TABLE `comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`thread_id` integer NOT NULL,
	`body` text NOT NULL,
	`author_id` integer NOT NULL,
	`state_code` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`thread_id`) REFERENCES `comment_threads`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`state_code`) REFERENCES `states`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `comments_thread` ON `comments` (`thread_id`,`id`);--> statement-breakpoint
CREATE TABLE `document_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`number` integer NOT NULL,
	`name` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`content` text NOT NULL,
	`canonical_text` text NOT NULL,
	`digest` text NOT NULL,
	`snapshot` blob NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "document_versions_digest" CHECK(length("document_versions"."digest") = 64)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `document_versions_number` ON `document_versions` (`document_id`,`number`);--> statement-breakpoint
CREATE TABLE `silence_breaks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`procedure_id` integer NOT NULL,
	`state_code` text NOT NULL,
	`user_id` integer NOT NULL,
	`reason` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`procedure_id`) REFERENCES `silence_procedures`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`state_code`) REFERENCES `states`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `silence_breaks_state` ON `silence_breaks` (`procedure_id`,`state_code`);--> statement-breakpoint
CREATE TABLE `silence_procedures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`version_id` integer NOT NULL,
	`deadline` integer NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`started_by` integer NOT NULL,
	`started_at` integer NOT NULL,
	`outcome` text,
	`closed_at` integer,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `document_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`started_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "silence_procedures_outcome" CHECK("silence_procedures"."outcome" IS NULL OR "silence_procedures"."outcome" IN ('held', 'broken', 'cancelled')),
	CONSTRAINT "silence_procedures_closed" CHECK(("silence_procedures"."outcome" IS NULL) = ("silence_procedures"."closed_at" IS NULL))
);
--> statement-breakpoint
CREATE INDEX `silence_procedures_document` ON `silence_procedures` (`document_id`,`id`);--> statement-breakpoint
CREATE INDEX `silence_procedures_open` ON `silence_procedures` (`outcome`,`deadline`);--> statement-breakpoint
ALTER TABLE `audit_events` ADD `instrument_id` integer;--> statement-breakpoint
CREATE INDEX `audit_events_instrument` ON `audit_events` (`instrument_id`,`id`);