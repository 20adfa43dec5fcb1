-- Least-privilege grants for the serving role s3_svc (run by the owner s3_owner after the schema is applied).
grant usage on schema atencion_es to s3_svc;
-- event log: append + read; archiving flips is_archived only
grant select, insert on atencion_es.mt_events to s3_svc;
grant update (is_archived) on atencion_es.mt_events to s3_svc;
-- streams: create + read; Rich append moves version; archiving flips is_archived
grant select, insert on atencion_es.mt_streams to s3_svc;
grant update (version, is_archived) on atencion_es.mt_streams to s3_svc;
grant usage, select on sequence atencion_es.mt_events_sequence to s3_svc;
-- projected documents (inline + async)
grant select, insert, update, delete on atencion_es.mt_doc_caseview, atencion_es.mt_doc_casestats to s3_svc;
-- async daemon bookkeeping
grant select, insert, update on atencion_es.mt_event_progression to s3_svc;
grant select, insert, update, delete on atencion_es.mt_event_projection_floors to s3_svc;
grant select, insert on atencion_es.mt_high_water_skips to s3_svc;
grant select, insert on atencion_es.mt_doc_deadletterevent to s3_svc;
-- hash chain side tables: hashes append-only; the head row moves (it is MACed)
grant select, insert on atencion_es.event_hashes to s3_svc;
grant select, insert, update on atencion_es.stream_heads to s3_svc;
