-- Staff load per person and skill: open cases assigned to each staff member, by the skill the case needs ('' when it
-- needs none). Kept inline by the case view projection with atencion.staff.open_cases (the person's total); automatic
-- assignment orders by the figure of the case's skill.
create table atencion.staff_skill_load (
    tenant_id  text not null,
    user_id    text not null,
    skill      text not null,
    open_cases int  not null default 0,
    primary key (tenant_id, user_id, skill)
);

-- Existing open cases, from the inline case views.
insert into atencion.staff_skill_load (tenant_id, user_id, skill, open_cases)
select tenant_id, assignee, coalesce(view->>'skill', ''), count(*)
from atencion.case_views
where assignee is not null and status in ('open', 'in-progress', 'awaiting-completion')
group by tenant_id, assignee, coalesce(view->>'skill', '');
