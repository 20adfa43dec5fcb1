-- The idle-chat sweep looks only at live chats: a partial index keeps it cheap however many cases there are.
alter table atencion.case_views
    add column chat_live boolean generated always as (coalesce(view -> 'chat' ->> 'status' = 'live', false)) stored;
create index case_views_live_chats on atencion.case_views (tenant_id) where chat_live;

-- Cases whose referral deadline runs (not the entity's competence, not yet referred).
create index case_views_to_refer on atencion.case_views (tenant_id)
    where (view ->> 'competent') = 'false' and status not in ('closed', 'answered');

-- When an advisor's heartbeat lapsed (set by the presence sweep, cleared by the next heartbeat).
alter table atencion.staff add column absent_since timestamptz;
