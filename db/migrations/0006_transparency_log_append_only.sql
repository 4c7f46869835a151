-- The transparency log is append-only like the other evidence (0001, 0004): entries and checkpoints are
-- never edited or deleted. Inserts are held to the log's shape too: an entry takes the next index (no
-- gaps, no reuse, so INSERT OR REPLACE cannot overwrite one), and a checkpoint is for the log's size
-- at the moment it is written.
CREATE TRIGGER `log_entries_no_update` BEFORE UPDATE ON `log_entries`
BEGIN SELECT RAISE(ABORT, 'log_entries is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `log_entries_no_delete` BEFORE DELETE ON `log_entries`
BEGIN SELECT RAISE(ABORT, 'log_entries is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `log_entries_next_index` BEFORE INSERT ON `log_entries`
WHEN NEW.`leaf_index` IS NOT (SELECT COALESCE(MAX(`leaf_index`) + 1, 0) FROM `log_entries`)
BEGIN SELECT RAISE(ABORT, 'log_entries: a new entry must take the next index, the size of the log'); END;
--> statement-breakpoint
CREATE TRIGGER `log_checkpoints_no_update` BEFORE UPDATE ON `log_checkpoints`
BEGIN SELECT RAISE(ABORT, 'log_checkpoints is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `log_checkpoints_no_delete` BEFORE DELETE ON `log_checkpoints`
BEGIN SELECT RAISE(ABORT, 'log_checkpoints is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `log_checkpoints_current_size` BEFORE INSERT ON `log_checkpoints`
WHEN NEW.`tree_size` IS NOT (SELECT COALESCE(MAX(`leaf_index`) + 1, 0) FROM `log_entries`)
BEGIN SELECT RAISE(ABORT, 'log_checkpoints: a checkpoint must be for the current size of the log'); END;
