-- The transaction that appended a stream's last events. The global feed orders by (transaction id, seq), and a
-- transaction's id is taken at its first write, which may come before it appends: a transaction that wrote something
-- first, then appended after a younger one had appended to the same stream, would put its later version before the
-- earlier one in the feed. The claim refuses that append (a conflict, which the caller retries in a new transaction),
-- so the feed delivers every stream's events in version order.
alter table atencion.streams add column last_tx xid8;
