-- Offline chats wait for an advisor's answer: the console lists them first once the chat opens, until answered or closed.
alter table atencion.case_views
    add column chat_waiting boolean generated always as (
        coalesce(view -> 'chat' ->> 'status' = 'waiting', false) and status in ('open', 'in-progress', 'awaiting-completion')) stored;
