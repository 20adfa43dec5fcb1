-- Hash scheme 2 covers every stored column of an event (seq, tx_id and event_id were outside scheme 1's hash), and
-- the stream's head gets a MAC so that a removed tail is detected without an earlier receipt.
--
-- Events already stored keep verifying under the text they were hashed with: they are scheme 1. The column gets no
-- default afterwards, so that a writer that does not know the schemes (a node still running older code) fails rather
-- than adding scheme-1 rows; verify also refuses scheme 1 above the boundary recorded here. Adding the column takes
-- the table's exclusive lock, so every append that started before it has committed or rolled back, and the largest
-- seq read below is final.
alter table atencion.events add column hash_scheme smallint not null default 1;
alter table atencion.events alter column hash_scheme drop default;
alter table atencion.events add constraint events_hash_scheme_known check (hash_scheme in (1, 2));

-- Scheme 1 is valid only at or below last_seq: the largest seq stored when scheme 2 was adopted.
create table atencion.legacy_hash_boundary (
    scheme     smallint    primary key check (scheme = 1),
    last_seq   bigint      not null,
    adopted_at timestamptz not null default now()
);
insert into atencion.legacy_hash_boundary (scheme, last_seq)
select 1, coalesce(max(seq), 0) from atencion.events;

-- HMAC-SHA-256, under the chain key, of the stream's tenant, id, type, version and last hash (see StreamHeadMac);
-- written by the append's claim. Null for a stream whose events all predate scheme 2 until its next append.
alter table atencion.streams add column head_mac bytea;
