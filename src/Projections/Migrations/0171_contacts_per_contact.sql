-- The contact register became one row per contact (docs/reports.md): its tables changed shape, so the live tables of an
-- existing deployment cannot take the new rows, and a rebuild requested here would run beside a live runner that faults
-- on them. The projection's schemas are dropped instead: on the next start the daemon finds no schema, creates the new
-- tables, resets the checkpoint and replays the log. While it catches up, GET /api/admin/projections shows its lag.
-- On a new database there is nothing to drop.
drop schema if exists proj_contacts_next cascade;
drop schema if exists proj_contacts cascade;
