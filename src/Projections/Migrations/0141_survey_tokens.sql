-- Survey tokens: the hash of each citizen's token → its case and survey, kept inline from SurveyRequested and
-- SurveyAnswered. The token itself is never stored.
create table atencion.survey_tokens (
    token_hash   text        primary key,
    tenant_id    text        not null,
    case_id      uuid        not null,
    survey_id    uuid        not null,
    channel      text        not null,
    expires_at   timestamptz not null,
    requested_at timestamptz not null,
    answered_at  timestamptz
);
create index survey_tokens_by_case on atencion.survey_tokens (tenant_id, case_id);
