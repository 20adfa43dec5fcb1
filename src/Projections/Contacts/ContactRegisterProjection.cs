using System.Text.Json;
using Atencion.EventStore;
using Atencion.Projections.Daemon;
using Atencion.Projections.Reports;
using Npgsql;

namespace Atencion.Projections.Contacts;

/// <summary>
/// The contact register (FOR-DIC-04 of the Facatativá seed): one row per contact on every channel — the contact that opened a
/// case, and each later contact by the citizen on it (an email threaded into the case) — with its date, channel, citizen,
/// topic, who attended and the case's outcome so far.
/// </summary>
/// <remarks>
/// Each case's facts are folded in <c>contact_cases</c>; after a batch, the rows of every case it touched are written again
/// from the facts (delete and insert), all in one round trip, so applying a batch twice or cutting the feed differently yields the same rows.
/// </remarks>
public sealed class ContactRegisterProjection(JsonSerializerOptions json) : IAsyncProjection
{
    /// <summary>The projection's name; its live tables are <c>proj_contacts.contacts</c> and <c>proj_contacts.contact_cases</c>.</summary>
    public const string ProjectionName = "contacts";

    /// <summary>The kind of the row of the contact that opened the case.</summary>
    public const string Opening = "opening";

    /// <summary>The kind of the row of a later email from the citizen threaded into the case.</summary>
    public const string EmailReply = "email-reply";

    /// <inheritdoc />
    public string Name => ProjectionName;

    /// <inheritdoc />
    public string CreateTablesSql(string schema) => $"""
        create table {schema}.contact_cases (
            tenant_id text not null,
            case_id uuid not null,
            version bigint not null,
            facts jsonb not null,
            primary key (tenant_id, case_id));
        create table {schema}.contacts (
            tenant_id text not null,
            case_id uuid not null,
            contact_no int not null,
            kind text not null,
            contact_at timestamptz not null,
            channel text not null,
            citizen_name text,
            citizen_id text,
            type text,
            topic text,
            radicado text,
            attended_by text,
            outcome text not null,
            primary key (tenant_id, case_id, contact_no));
        create index on {schema}.contacts (tenant_id, contact_at, case_id, contact_no);
        """;

    /// <inheritdoc />
    public async Task ApplyAsync(IReadOnlyList<RecordedEvent> events, ProjectionWrite write, CancellationToken ct)
    {
        var changed = await CaseFactsFold.FoldAsync(events, write, "contact_cases", json, ct);
        if (changed.Count == 0) return;
        var rows = changed.SelectMany(f => Contacts(f).Select((c, i) => (Facts: f, No: i + 1, c.Kind, c.At, c.Channel))).ToList();
        // One round trip for the batch: the cases' facts, then all their rows rewritten from them.
        await using var cmd = write.Command($"""
            insert into {write.Schema}.contact_cases (tenant_id, case_id, version, facts)
            select * from unnest(@tenants, @cases, @versions, @facts)
            on conflict (tenant_id, case_id) do update set version = excluded.version, facts = excluded.facts;
            delete from {write.Schema}.contacts c using unnest(@tenants, @cases) as k(tenant_id, case_id)
            where c.tenant_id = k.tenant_id and c.case_id = k.case_id;
            insert into {write.Schema}.contacts (tenant_id, case_id, contact_no, kind, contact_at, channel, citizen_name, citizen_id,
                type, topic, radicado, attended_by, outcome)
            select * from unnest(@row_tenants, @row_cases, @nos, @kinds, @ats, @channels, @names, @ids, @types, @topics, @radicados,
                @bys, @outcomes)
            """);
        var p = cmd.Parameters;
        CaseFactsArrays.AddTo(p, changed, json);
        p.Add(new NpgsqlParameter<string[]>("row_tenants", rows.Select(r => r.Facts.Tenant).ToArray()));
        p.Add(new NpgsqlParameter<Guid[]>("row_cases", rows.Select(r => r.Facts.CaseId).ToArray()));
        p.Add(new NpgsqlParameter<int[]>("nos", rows.Select(r => r.No).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("kinds", rows.Select(r => r.Kind).ToArray()));
        p.Add(new NpgsqlParameter<DateTimeOffset[]>("ats", rows.Select(r => r.At.ToUniversalTime()).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("channels", rows.Select(r => r.Channel).ToArray()));
        p.Add(new NpgsqlParameter<string?[]>("names", rows.Select(r => r.Facts.CitizenName).ToArray()));
        p.Add(new NpgsqlParameter<string?[]>("ids", rows.Select(r => r.Facts.CitizenId).ToArray()));
        p.Add(new NpgsqlParameter<string?[]>("types", rows.Select(r => r.Facts.Type is { } t ? WireName.Of(t) : null).ToArray()));
        p.Add(new NpgsqlParameter<string?[]>("topics", rows.Select(r => r.Facts.Topic).ToArray()));
        p.Add(new NpgsqlParameter<string?[]>("radicados", rows.Select(r => r.Facts.Radicado).ToArray()));
        p.Add(new NpgsqlParameter<string?[]>("bys", rows.Select(r => r.Facts.AttendedBy).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("outcomes", rows.Select(r => r.Facts.Outcome).ToArray()));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A case's contacts in order: the one that opened it, then each later email from the citizen.</summary>
    public static IReadOnlyList<(string Kind, DateTimeOffset At, string Channel)> Contacts(CaseFacts f) =>
        [(Opening, f.ReceivedAt, WireName.Of(f.Channel)), .. f.LaterContactsAt.Select(at => (EmailReply, at, WireName.Of(Domain.Cases.Channel.Email)))];
}
