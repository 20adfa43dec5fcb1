-- Inline read models: written in the same transaction as the events they reflect.
create table atencion.case_views (
    tenant_id  text        not null,
    case_id    uuid        not null,
    version    bigint      not null,
    status     text        not null,
    channel    text        not null,
    opened_at  timestamptz not null,
    updated_at timestamptz not null,
    view       jsonb       not null,
    primary key (tenant_id, case_id)
);
create index case_views_by_status on atencion.case_views (tenant_id, status, opened_at desc);

create table atencion.entities (
    tenant_id  text        primary key,
    name       text        not null,
    settings   jsonb       not null,
    version    bigint      not null,
    updated_at timestamptz not null
);
