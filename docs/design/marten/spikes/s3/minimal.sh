#!/bin/bash
# For each grant, revoke just that one, run the serving scenario, and show what broke.
cd "$(dirname "$0")"
S=atencion_es
while IFS= read -r rev; do
  [ -z "$rev" ] && continue
  { cat grants.sql; echo "$rev;"; } > /tmp/s3_grants_minus.sql
  ./reset.sh /tmp/s3_grants_minus.sql >/dev/null 2>&1
  out=$(cd Spike && WAIT=12 timeout 120 dotnet run --no-build -- serve b 2>&1 | grep -v "daemon is disabled\|will not be executed")
  echo "### $rev"
  echo "$out" | grep -E "Exception|42501|permission|failed|appended|async CaseStats|archived|event_hashes rows|stale" | grep -v "^\s*at " | cut -c1-220 | head -6
  n=$(psql -h 127.0.0.1 -p 34079 -U postgres -d s3_es -tAc "select count(*) from $S.mt_events")
  echo "   (mt_events rows after: $n)"
done <<LIST
revoke update (is_archived) on $S.mt_events from s3_svc
revoke update (is_archived) on $S.mt_streams from s3_svc
revoke update (version) on $S.mt_streams from s3_svc
revoke insert on $S.mt_streams from s3_svc
revoke select on $S.mt_streams from s3_svc
revoke select on $S.mt_events from s3_svc
revoke usage on sequence $S.mt_events_sequence from s3_svc
revoke select on sequence $S.mt_events_sequence from s3_svc
revoke delete on $S.mt_doc_caseview, $S.mt_doc_casestats from s3_svc
revoke update on $S.mt_doc_caseview from s3_svc
revoke update on $S.mt_doc_casestats from s3_svc
revoke insert on $S.mt_event_progression from s3_svc
revoke update on $S.mt_event_progression from s3_svc
revoke all on $S.mt_event_projection_floors from s3_svc
revoke delete on $S.mt_event_projection_floors from s3_svc
revoke all on $S.mt_high_water_skips from s3_svc
revoke all on $S.mt_doc_deadletterevent from s3_svc
revoke insert on $S.event_hashes from s3_svc
revoke update on $S.stream_heads from s3_svc
LIST
