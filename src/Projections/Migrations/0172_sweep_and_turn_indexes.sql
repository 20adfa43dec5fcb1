-- The deadline sweep, jobs/upcoming and the overdue filter look for cases still running a term: open (provisional general
-- term) or in progress. The older partial index covered in-progress only.
create index if not exists case_views_running_terms on atencion.case_views (tenant_id, due_date)
    where status in ('open', 'in-progress') and due_date is not null;

-- POST turns/{id}/served checks, under the case row's lock, that no other turn already claims the case.
create index if not exists turns_by_case on atencion.turns (tenant_id, case_id) where case_id is not null;
