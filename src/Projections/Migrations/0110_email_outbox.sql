-- The email outbox: one row per EmailQueued event, inserted by the inline projection in the same transaction as the
-- event (so an email exists exactly when its cause committed). The dispatcher claims due rows, sends them, and records
-- the outcome: EmailDelivered / EmailFailed events mark the row through the same projection; retries only touch the row.
create table atencion.email_outbox (
    tenant_id       text        not null,
    email_id        uuid        not null,
    case_id         uuid        not null,
    kind            text        not null,
    recipients      text[]      not null,
    subject         text        not null,
    body            text        not null,
    reply_to        text        not null,
    status          text        not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null,
    last_error      text,
    claim_id        uuid,
    queued_at       timestamptz not null,
    updated_at      timestamptz not null,
    primary key (tenant_id, email_id)
);
create unique index email_outbox_email_id on atencion.email_outbox (email_id);
create index email_outbox_due on atencion.email_outbox (next_attempt_at) where status = 'pending';
create index email_outbox_by_case on atencion.email_outbox (tenant_id, case_id);

-- Staff notices (deadline warnings, delivery failures) need an address and who supervises.
alter table atencion.staff
    add column email      text,
    add column supervisor boolean not null default false;
