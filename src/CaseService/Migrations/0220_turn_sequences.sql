-- Turn consecutives per service and day (entity time zone): the row stays locked from allocation to the issue's
-- commit, so numbers follow issue order and a rolled-back issue gives its number back.
create table atencion.turn_sequences (
    tenant_id text not null,
    service   text not null,
    day       date not null,
    last      int  not null,
    primary key (tenant_id, service, day)
);
