-- The sweeps run on Hangfire (schema hangfire, installed with the migrations by the owner: Jobs/HangfireSchema.cs).
-- Quartz's clustered job store held nothing but the sweeps' own triggers, which Hangfire's recurring jobs replace.
drop schema if exists quartz cascade;
