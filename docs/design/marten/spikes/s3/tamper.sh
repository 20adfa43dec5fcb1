#!/bin/bash
# Superuser tampering against a snapshot of a served database; the verifier (key in the process) must name each.
cd "$(dirname "$0")"
P="psql -h 127.0.0.1 -p 34079 -U postgres -q -v ON_ERROR_STOP=1"
S=atencion_es
./reset.sh grants-minimal.sql >/dev/null && (cd Spike && dotnet run --no-build -- serve b >/dev/null 2>&1)
$P -c "drop database if exists s3_es_snap" -c "create database s3_es_snap template s3_es"
# the t1 stream with 4 events
ST="(select stream_id from $S.mt_events where tenant_id='t1' and version=4)"
run() {
  echo "### $1"
  $P -d postgres -c "drop database s3_es" -c "create database s3_es template s3_es_snap owner s3_owner"
  $P -d s3_es -c "$2" 2>&1 | sed 's/^/    sql: /'
  (cd Spike && dotnet run --no-build -- verify | sed 's/^/    /')
}
run "untouched copy" "select 1"
run "edit a middle event's data (v2)" "update $S.mt_events set data = jsonb_set(data, '{Text}', '\"forged\"') where tenant_id='t1' and stream_id=$ST and version=2"
run "edit a middle event's metadata (headers of v3)" "update $S.mt_events set headers = headers || '{\"role\":\"supervisor\"}' where tenant_id='t1' and stream_id=$ST and version=3"
run "edit a middle event's user_name (v2)" "update $S.mt_events set user_name = 'mallory' where tenant_id='t1' and stream_id=$ST and version=2"
run "delete the tail (v4) from mt_events and event_hashes, mt_streams.version set back to 3" "with s as (select $ST as id) , d1 as (delete from $S.event_hashes where tenant_id='t1' and stream_id=(select id from s) and version=4), d2 as (delete from $S.mt_events where tenant_id='t1' and stream_id=(select id from s) and version=4) update $S.mt_streams set version=3 where tenant_id='t1' and id=(select id from s)"
run "delete the tail and also set stream_heads back to v3's hash (MAC kept)" "with s as (select $ST as id), h3 as (select hash from $S.event_hashes where tenant_id='t1' and stream_id=(select id from s) and version=3), d1 as (delete from $S.event_hashes where tenant_id='t1' and stream_id=(select id from s) and version=4), d2 as (delete from $S.mt_events where tenant_id='t1' and stream_id=(select id from s) and version=4), u as (update $S.mt_streams set version=3 where tenant_id='t1' and id=(select id from s)) update $S.stream_heads set version=3, last_hash=(select hash from h3) where tenant_id='t1' and stream_id=(select id from s)"
run "delete only the tail event (hash rows left)" "delete from $S.mt_events where tenant_id='t1' and stream_id=$ST and version=4"
run "forge an event v5 (mt_streams.version=5) with a made-up hash row" "with s as (select $ST as id), e as (insert into $S.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type) values (nextval('$S.mt_events_sequence'), gen_random_uuid(), (select id from s), 5, '{\"Text\":\"forged\"}', 'note_added', now(), 't1', 'Spike.NoteAdded, Spike') returning seq_id), h as (insert into $S.event_hashes select 't1', (select id from s), 5, (select seq_id from e), sha256('x')) update $S.mt_streams set version=5 where tenant_id='t1' and id=(select id from s)"
run "forge an event v5 without a hash row" "with s as (select $ST as id), e as (insert into $S.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type) values (nextval('$S.mt_events_sequence'), gen_random_uuid(), (select id from s), 5, '{\"Text\":\"forged\"}', 'note_added', now(), 't1', 'Spike.NoteAdded, Spike') returning seq_id) update $S.mt_streams set version=5 where tenant_id='t1' and id=(select id from s)"
run "reorder versions 2 and 3 (events and their hash rows)" "begin; update $S.mt_events set version = -version where tenant_id='t1' and stream_id=$ST and version in (2,3); update $S.mt_events set version = case version when -2 then 3 else 2 end where tenant_id='t1' and version in (-2,-3); update $S.event_hashes set version = -version where tenant_id='t1' and stream_id=$ST and version in (2,3); update $S.event_hashes set version = case version when -2 then 3 else 2 end where tenant_id='t1' and version in (-2,-3); commit;"
run "move tenant t2's stream (events, hash rows, head, stream row) to tenant t3" "begin; alter table $S.mt_events disable trigger all; update $S.mt_events set tenant_id='t3' where tenant_id='t2'; update $S.event_hashes set tenant_id='t3' where tenant_id='t2'; update $S.stream_heads set tenant_id='t3' where tenant_id='t2'; update $S.mt_streams set tenant_id='t3' where tenant_id='t2'; alter table $S.mt_events enable trigger all; commit;"
run "edit the stream head (mt_streams.version 4 -> 7)" "update $S.mt_streams set version=7 where tenant_id='t1' and id=$ST"
$P -c "drop database s3_es_snap"
