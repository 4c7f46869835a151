-- The negotiation's evidence is append-only like the audit trail (0001): versions, comments, positions,
-- decisions, bracket events and silence breaks are never edited or deleted; a change is a new record.
CREATE TRIGGER `document_versions_no_update` BEFORE UPDATE ON `document_versions`
BEGIN SELECT RAISE(ABORT, 'document_versions is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `document_versions_no_delete` BEFORE DELETE ON `document_versions`
BEGIN SELECT RAISE(ABORT, 'document_versions is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `comments_no_update` BEFORE UPDATE ON `comments`
BEGIN SELECT RAISE(ABORT, 'comments is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `comments_no_delete` BEFORE DELETE ON `comments`
BEGIN SELECT RAISE(ABORT, 'comments is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `amendment_positions_no_update` BEFORE UPDATE ON `amendment_positions`
BEGIN SELECT RAISE(ABORT, 'amendment_positions is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `amendment_positions_no_delete` BEFORE DELETE ON `amendment_positions`
BEGIN SELECT RAISE(ABORT, 'amendment_positions is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `bracket_events_no_update` BEFORE UPDATE ON `bracket_events`
BEGIN SELECT RAISE(ABORT, 'bracket_events is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `bracket_events_no_delete` BEFORE DELETE ON `bracket_events`
BEGIN SELECT RAISE(ABORT, 'bracket_events is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `clause_decisions_no_update` BEFORE UPDATE ON `clause_decisions`
BEGIN SELECT RAISE(ABORT, 'clause_decisions is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `clause_decisions_no_delete` BEFORE DELETE ON `clause_decisions`
BEGIN SELECT RAISE(ABORT, 'clause_decisions is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `clause_positions_no_update` BEFORE UPDATE ON `clause_positions`
BEGIN SELECT RAISE(ABORT, 'clause_positions is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `clause_positions_no_delete` BEFORE DELETE ON `clause_positions`
BEGIN SELECT RAISE(ABORT, 'clause_positions is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `silence_breaks_no_update` BEFORE UPDATE ON `silence_breaks`
BEGIN SELECT RAISE(ABORT, 'silence_breaks is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `silence_breaks_no_delete` BEFORE DELETE ON `silence_breaks`
BEGIN SELECT RAISE(ABORT, 'silence_breaks is append-only'); END;
