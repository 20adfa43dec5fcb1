-- Columns the console's case list filters and sorts on, kept by the inline case view projection.
alter table atencion.case_views
    add column type           text,
    add column topic          text,
    add column priority       boolean not null default false,
    add column assignee       text,
    add column due_date       date,
    add column radicado       text,
    add column citizen_name   text,
    add column citizen_id     text,
    add column received_at    timestamptz,
    add column tracking_hash  text;
create unique index case_views_radicado on atencion.case_views (tenant_id, radicado) where radicado is not null;
create index case_views_by_assignee on atencion.case_views (tenant_id, assignee, status);
create index case_views_by_due on atencion.case_views (tenant_id, due_date) where status = 'in-progress';

-- The entity's staff: skills (from the entity's stream), presence (heartbeat), and current load (from case streams).
create table atencion.staff (
    tenant_id        text        not null,
    user_id          text        not null,
    name             text        not null,
    skills           text[]      not null default '{}',
    active           boolean     not null default true,
    open_cases       int         not null default 0,
    last_assigned_at timestamptz,
    present_until    timestamptz,
    primary key (tenant_id, user_id)
);

-- Radicado consecutives: the row is locked from the number's allocation to the filing's commit, so numbers are
-- given in commit order, and a rolled-back filing gives its number back.
create table atencion.radicado_sequences (
    tenant_id text not null,
    year      int  not null,
    last      int  not null,
    primary key (tenant_id, year)
);
