-- Kiosk turns: the queue and the waiting-room board, kept inline from each turn's stream.
create table atencion.turns (
    tenant_id    text        not null,
    turn_id      uuid        not null,
    service      text        not null,
    label        text        not null,
    number       int         not null,
    day          date        not null,
    status       text        not null,
    desk         text,
    case_id      uuid,
    issued_at    timestamptz not null,
    called_at    timestamptz,
    finished_at  timestamptz,
    version      bigint      not null,
    primary key (tenant_id, turn_id)
);
create unique index turns_number on atencion.turns (tenant_id, service, day, number);
create index turns_waiting on atencion.turns (tenant_id, service, day, number) where status = 'waiting';
create index turns_called on atencion.turns (tenant_id, day, called_at desc) where status = 'called';
