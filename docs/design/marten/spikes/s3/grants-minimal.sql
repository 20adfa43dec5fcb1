-- The smallest grant set that ran: appends (Rich, conjoined), reads, inline doc projection, hash-chain side tables,
-- archiving, async daemon (incl. skipping a hole), and a RebuildProjectionAsync of the async projection.
-- Run by the owner role after ApplyAllConfiguredChangesToDatabaseAsync / db-apply.
grant usage on schema atencion_es to s3_svc;
grant select, insert on atencion_es.mt_events to s3_svc;
grant update (is_archived) on atencion_es.mt_events to s3_svc;                 -- ArchiveStream only
grant select, insert on atencion_es.mt_streams to s3_svc;
grant update (version, is_archived) on atencion_es.mt_streams to s3_svc;       -- Rich append moves version; ArchiveStream
grant usage, select on sequence atencion_es.mt_events_sequence to s3_svc;      -- nextval (append) + last_value (daemon)
grant select, insert, update on atencion_es.mt_doc_caseview to s3_svc;         -- inline doc (upsert)
grant select, insert, update on atencion_es.mt_doc_casestats to s3_svc;        -- async doc
grant truncate on atencion_es.mt_doc_casestats to s3_svc;                      -- rebuild only
grant select, insert, update on atencion_es.mt_event_progression to s3_svc;
grant delete on atencion_es.mt_event_progression to s3_svc;                    -- rebuild only
grant select on atencion_es.mt_event_projection_floors to s3_svc;
grant select, insert on atencion_es.mt_high_water_skips to s3_svc;             -- when the daemon skips a hole
grant select, insert, delete on atencion_es.mt_doc_deadletterevent to s3_svc;  -- select+delete: rebuild; insert: dead-lettered events (not exercised)
grant select, insert on atencion_es.event_hashes to s3_svc;                    -- hash chain: append-only
grant select, insert, update on atencion_es.stream_heads to s3_svc;            -- head row moves (its MAC needs the key); ON CONFLICT DO UPDATE needs UPDATE
