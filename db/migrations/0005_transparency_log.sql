CREATE TABLE `log_checkpoints` (
	`tree_size` integer PRIMARY KEY NOT NULL,
	`root_hash` blob NOT NULL,
	`note` text NOT NULL,
	`created_at` integer NOT NULL,
	CONSTRAINT "log_checkpoints_size" CHECK("log_checkpoints"."tree_size" >= 0),
	CONSTRAINT "log_checkpoints_root_hash" CHECK(length("log_checkpoints"."root_hash") = 32)
);
--> statement-breakpoint
CREATE TABLE `log_entries` (
	`leaf_index` integer PRIMARY KEY NOT NULL,
	`entry` text NOT NULL,
	`leaf_hash` blob NOT NULL,
	`recorded_at` integer NOT NULL,
	CONSTRAINT "log_entries_index" CHECK("log_entries"."leaf_index" >= 0),
	CONSTRAINT "log_entries_leaf_hash" CHECK(length("log_entries"."leaf_hash") = 32)
);
