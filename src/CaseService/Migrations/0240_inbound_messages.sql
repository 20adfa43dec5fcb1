-- Inbound emails already stored, by Message-ID per entity: written in the transaction that appends the email's events, so
-- the same message delivered twice (a retrying mail gateway, two deliveries at once) is stored once.
create table atencion.inbound_messages (
    tenant_id   text        not null,
    message_id  text        not null,
    case_id     uuid        not null,
    threaded    boolean     not null,
    received_at timestamptz not null,
    primary key (tenant_id, message_id)
);
