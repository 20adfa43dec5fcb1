-- The append-only event log. Every row carries tenant_id; no query runs without it.
create table atencion.streams (
    tenant_id   text        not null,
    stream_id   uuid        not null,
    stream_type text        not null,
    version     bigint      not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    archived    boolean     not null default false,
    primary key (tenant_id, stream_id)
);

create table atencion.events (
    seq         bigint generated always as identity primary key,
    -- The appending transaction's id: the feed orders by (tx_id, seq) and stops below the
    -- oldest transaction still running, so a late commit can never be skipped.
    tx_id       xid8        not null default pg_current_xact_id(),
    tenant_id   text        not null,
    stream_id   uuid        not null,
    version     bigint      not null,
    event_id    uuid        not null,
    event_type  text        not null,
    data        jsonb       not null,
    metadata    jsonb       not null,
    recorded_at timestamptz not null,
    hash        bytea       not null,
    unique (tenant_id, stream_id, version)
);

create index events_feed on atencion.events (tx_id, seq);

-- Append-only even for a role that was granted too much: only a superuser who disables
-- the triggers can change history, and verify then names the altered event.
create function atencion.forbid_event_changes() returns trigger language plpgsql as $$
begin
    raise exception 'atencion.events is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
end
$$;

create trigger events_append_only before update or delete on atencion.events
    for each row execute function atencion.forbid_event_changes();
create trigger events_no_truncate before truncate on atencion.events
    for each statement execute function atencion.forbid_event_changes();

-- Durable positions of feed subscribers.
create table atencion.subscriptions (
    name       text        primary key,
    tx_id      xid8        not null,
    seq        bigint      not null,
    updated_at timestamptz not null
);
