-- Documents attached to cases: written in the same transaction as their DocumentAttached event, whose SHA-256
-- proves the bytes unchanged. Like events, they are never updated or deleted by the service.
create table atencion.documents (
    tenant_id    text        not null,
    document_id  uuid        not null,
    case_id      uuid        not null,
    file_name    text        not null,
    content_type text        not null,
    size         bigint      not null,
    sha256       text        not null,
    content      bytea       not null,
    uploaded_at  timestamptz not null,
    primary key (tenant_id, document_id)
);
create index documents_by_case on atencion.documents (tenant_id, case_id);

create trigger documents_append_only before update or delete on atencion.documents
    for each row execute function atencion.forbid_event_changes();
create trigger documents_no_truncate before truncate on atencion.documents
    for each statement execute function atencion.forbid_event_changes();

-- The same refusal, naming whichever table was touched.
create or replace function atencion.forbid_event_changes() returns trigger language plpgsql as $$
begin
    raise exception 'atencion.% is append-only: % is not allowed', tg_table_name, tg_op
        using errcode = 'insufficient_privilege';
end
$$;
