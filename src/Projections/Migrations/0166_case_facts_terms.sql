-- Case facts now keep the competence and the referral due date of the last classification (one definition of "overdue"
-- for the indicators and the PQRSD statistics, docs/pqrsd.md). Facts folded before lack them, so an existing
-- case_facts projection is rebuilt from the log on the next start (the live table keeps serving until the swap).
-- On a new database there is no checkpoint row yet and this does nothing: the projection starts from the first event.
update atencion.projection_checkpoints set rebuild_requested_at = coalesce(rebuild_requested_at, now())
where name = 'case_facts';
