-- Adoption and pledge records are evidence, like the negotiation's (0004) and the log's (0006): never
-- edited or deleted. A pledge must name its edition's digest, and a state has at most one active
-- (not withdrawn) pledge per edition; the domain checks both first with a clear message, the triggers
-- hold whatever writes the tables.
CREATE TRIGGER `editions_no_update` BEFORE UPDATE ON `editions`
BEGIN SELECT RAISE(ABORT, 'editions is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `editions_no_delete` BEFORE DELETE ON `editions`
BEGIN SELECT RAISE(ABORT, 'editions is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `commitments_no_update` BEFORE UPDATE ON `commitments`
BEGIN SELECT RAISE(ABORT, 'commitments is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `commitments_no_delete` BEFORE DELETE ON `commitments`
BEGIN SELECT RAISE(ABORT, 'commitments is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `commitment_reports_no_update` BEFORE UPDATE ON `commitment_reports`
BEGIN SELECT RAISE(ABORT, 'commitment_reports is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `commitment_reports_no_delete` BEFORE DELETE ON `commitment_reports`
BEGIN SELECT RAISE(ABORT, 'commitment_reports is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `pledges_no_update` BEFORE UPDATE ON `pledges`
BEGIN SELECT RAISE(ABORT, 'pledges is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `pledges_no_delete` BEFORE DELETE ON `pledges`
BEGIN SELECT RAISE(ABORT, 'pledges is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `pledge_declarations_no_update` BEFORE UPDATE ON `pledge_declarations`
BEGIN SELECT RAISE(ABORT, 'pledge_declarations is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `pledge_declarations_no_delete` BEFORE DELETE ON `pledge_declarations`
BEGIN SELECT RAISE(ABORT, 'pledge_declarations is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `pledge_withdrawals_no_update` BEFORE UPDATE ON `pledge_withdrawals`
BEGIN SELECT RAISE(ABORT, 'pledge_withdrawals is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `pledge_withdrawals_no_delete` BEFORE DELETE ON `pledge_withdrawals`
BEGIN SELECT RAISE(ABORT, 'pledge_withdrawals is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `pledges_edition_digest` BEFORE INSERT ON `pledges`
WHEN NEW.`text_digest` IS NOT (SELECT `digest` FROM `editions` WHERE `id` = NEW.`edition_id`)
BEGIN SELECT RAISE(ABORT, 'pledges: a pledge must name the digest of its edition'); END;
--> statement-breakpoint
CREATE TRIGGER `pledges_one_active` BEFORE INSERT ON `pledges`
WHEN EXISTS (
  SELECT 1 FROM `pledges` AS p
  WHERE p.`edition_id` = NEW.`edition_id` AND p.`state_code` = NEW.`state_code`
    AND NOT EXISTS (SELECT 1 FROM `pledge_withdrawals` AS w WHERE w.`pledge_id` = p.`id`)
)
BEGIN SELECT RAISE(ABORT, 'pledges: the state already has an active pledge to this edition'); END;
