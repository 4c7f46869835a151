CREATE TABLE `commitment_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`commitment_id` integer NOT NULL,
	`state_code` text NOT NULL,
	`status` text NOT NULL,
	`narrative` text NOT NULL,
	`evidence_links` text DEFAULT '[]' NOT NULL,
	`report_date` text NOT NULL,
	`filed_by` integer,
	`filed_at` integer NOT NULL,
	FOREIGN KEY (`commitment_id`) REFERENCES `commitments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`state_code`) REFERENCES `states`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`filed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "commitment_reports_status" CHECK("commitment_reports"."status" IN ('not-started','in-progress','implemented')),
	CONSTRAINT "commitment_reports_date_format" CHECK("commitment_reports"."report_date" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
CREATE INDEX `commitment_reports_state` ON `commitment_reports` (`state_code`,`commitment_id`,`id`);--> statement-breakpoint
CREATE TABLE `commitments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`edition_id` integer NOT NULL,
	`number` integer NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`clause_ids` text NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`edition_id`) REFERENCES `editions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `commitments_number` ON `commitments` (`edition_id`,`number`);--> statement-breakpoint
CREATE TABLE `editions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`instrument_id` integer NOT NULL,
	`number` integer NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`source_version_id` integer NOT NULL,
	`content` text NOT NULL,
	`canonical_text` text NOT NULL,
	`digest` text NOT NULL,
	`adopted_on` text NOT NULL,
	`adopted_by` integer,
	`recorded_at` integer NOT NULL,
	`log_index` integer NOT NULL,
	FOREIGN KEY (`instrument_id`) REFERENCES `instruments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_version_id`) REFERENCES `document_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`adopted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`log_index`) REFERENCES `log_entries`(`leaf_index`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "editions_digest" CHECK(length("editions"."digest") = 64),
	CONSTRAINT "editions_adopted_on_format" CHECK("editions"."adopted_on" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `editions_number` ON `editions` (`instrument_id`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `editions_slug` ON `editions` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `editions_log_index` ON `editions` (`log_index`);--> statement-breakpoint
CREATE TABLE `pledge_declarations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pledge_id` integer NOT NULL,
	`text` text NOT NULL,
	`digest` text NOT NULL,
	`channel` text NOT NULL,
	`recorded_by` integer,
	`recorded_at` integer NOT NULL,
	`log_index` integer NOT NULL,
	FOREIGN KEY (`pledge_id`) REFERENCES `pledges`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`log_index`) REFERENCES `log_entries`(`leaf_index`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `pledge_declarations_pledge` ON `pledge_declarations` (`pledge_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `pledge_declarations_log_index` ON `pledge_declarations` (`log_index`);--> statement-breakpoint
CREATE TABLE `pledge_withdrawals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pledge_id` integer NOT NULL,
	`effective_date` text NOT NULL,
	`reason` text NOT NULL,
	`channel` text NOT NULL,
	`recorded_by` integer,
	`recorded_at` integer NOT NULL,
	`log_index` integer NOT NULL,
	FOREIGN KEY (`pledge_id`) REFERENCES `pledges`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`log_index`) REFERENCES `log_entries`(`leaf_index`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "pledge_withdrawals_effective_date_format" CHECK("pledge_withdrawals"."effective_date" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pledge_withdrawals_pledge` ON `pledge_withdrawals` (`pledge_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `pledge_withdrawals_log_index` ON `pledge_withdrawals` (`log_index`);--> statement-breakpoint
CREATE TABLE `pledges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`edition_id` integer NOT NULL,
	`state_code` text NOT NULL,
	`kind` text NOT NULL,
	`text_digest` text NOT NULL,
	`effective_date` text NOT NULL,
	`channel` text NOT NULL,
	`recorded_by` integer,
	`recorded_at` integer NOT NULL,
	`log_index` integer NOT NULL,
	FOREIGN KEY (`edition_id`) REFERENCES `editions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`state_code`) REFERENCES `states`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`log_index`) REFERENCES `log_entries`(`leaf_index`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "pledges_kind" CHECK("pledges"."kind" IN ('subscription','endorsement')),
	CONSTRAINT "pledges_channel" CHECK("pledges"."channel" IN ('signer','paper')),
	CONSTRAINT "pledges_effective_date_format" CHECK("pledges"."effective_date" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
CREATE INDEX `pledges_edition_state` ON `pledges` (`edition_id`,`state_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `pledges_log_index` ON `pledges` (`log_index`);--> statement-breakpoint
CREATE TABLE `totp_credentials` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`secret` text NOT NULL,
	`created_at` integer NOT NULL,
	`confirmed_at` integer,
	`revoked_at` integer,
	`last_used_step` integer,
	`failed_count` integer DEFAULT 0 NOT NULL,
	`last_failed_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `totp_credentials_user` ON `totp_credentials` (`user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `totp_credentials_one_active` ON `totp_credentials` (`user_id`) WHERE "totp_credentials"."confirmed_at" IS NOT NULL AND "totp_credentials"."revoked_at" IS NULL;