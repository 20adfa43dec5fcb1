-- The stream's head: the hash of its last event, written by the same claim that takes the version, so that a
-- stream's tail is anchored too (verify compares the chain's end with it).
alter table atencion.streams add column last_hash bytea;
update atencion.streams s set last_hash = e.hash
from atencion.events e
where e.tenant_id = s.tenant_id and e.stream_id = s.stream_id and e.version = s.version;
update atencion.streams set last_hash = ''::bytea where last_hash is null;
alter table atencion.streams alter column last_hash set not null;
