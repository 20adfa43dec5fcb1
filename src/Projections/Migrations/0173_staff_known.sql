-- Whether the entity knows the staff member: registered by an admin (StaffMemberRegistered) or signed in to the entity
-- with a token of theirs and marked their presence. A row that only an assignment created (StaffLoad) is not known:
-- a case may no longer be assigned by name to someone the entity does not know.
alter table atencion.staff add column known boolean not null default false;

update atencion.staff s set known = true
where s.present_until is not null or s.absent_since is not null
   or exists (select 1 from atencion.events e
              where e.tenant_id = s.tenant_id and e.event_type = 'StaffMemberRegistered' and e.data ->> 'userId' = s.user_id);
