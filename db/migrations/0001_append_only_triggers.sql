-- Evidence tables are append-only in the database itself, not only in code: a correction is a
-- new record, never an edit. Each table gets one trigger for UPDATE and one for DELETE.
CREATE TRIGGER `audit_events_no_update` BEFORE UPDATE ON `audit_events`
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_events_no_delete` BEFORE DELETE ON `audit_events`
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `participation_records_no_update` BEFORE UPDATE ON `participation_records`
BEGIN SELECT RAISE(ABORT, 'participation_records is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `participation_records_no_delete` BEFORE DELETE ON `participation_records`
BEGIN SELECT RAISE(ABORT, 'participation_records is append-only'); END;
