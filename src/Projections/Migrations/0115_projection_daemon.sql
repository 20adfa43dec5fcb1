-- The async projections' checkpoints and runtime state, one row per projection (see docs/projections.md).
-- The checkpoint is written in the same transaction as the projection's rows; the rest is what the admin API shows.
create table atencion.projection_checkpoints (
    name                 text        primary key,
    tx_id                xid8        not null default '0',
    seq                  bigint      not null default 0,
    updated_at           timestamptz not null default now(),
    state                text        not null default 'running',   -- running | rebuilding | faulted
    node                 text,                                     -- the node that last held the projection's lock
    last_error           text,
    error_seq            bigint,
    error_event_type     text,
    faulted_at           timestamptz,
    rebuild_requested_at timestamptz,
    rebuild_seq          bigint,                                   -- how far a running rebuild has come
    last_rebuilt_at      timestamptz
);
