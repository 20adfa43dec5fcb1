using System.Text.Json;
using Atencion.EventStore;
using Atencion.Projections.Daemon;
using Atencion.Projections.Reports;
using Npgsql;
using NpgsqlTypes;

namespace Atencion.Projections.Contacts;

/// <summary>
/// The contact register (FOR-DIC-04 of the Facatativá seed): one row per contact on every channel — the contact that opened a
/// case, and each later contact by the citizen on it (an email threaded into the case) — with its date, channel, citizen,
/// topic, who attended and the case's outcome so far.
/// </summary>
/// <remarks>
/// Each case's facts are folded in <c>contact_cases</c>; after a batch, the rows of every case it touched are written again
/// from the facts (delete and insert), so applying a batch twice or cutting the feed differently yields the same rows.
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
        foreach (var f in await CaseFactsFold.FoldAsync(events, write, "contact_cases", json, ct))
        {
            // One round trip per case: its facts, then its rows rewritten from them.
            await using var rows = write.Command($"""
                insert into {write.Schema}.contact_cases (tenant_id, case_id, version, facts) values (@t, @c, @v, @f)
                on conflict (tenant_id, case_id) do update set version = excluded.version, facts = excluded.facts;
                delete from {write.Schema}.contacts where tenant_id = @t and case_id = @c;
                insert into {write.Schema}.contacts (tenant_id, case_id, contact_no, kind, contact_at, channel, citizen_name, citizen_id,
                    type, topic, radicado, attended_by, outcome)
                select @t, @c, r.no, r.kind, r.at, r.channel, @name, @id, @type, @topic, @radicado, @by, @outcome
                from unnest(@nos, @kinds, @ats, @channels) as r(no, kind, at, channel)
                """);
            var contacts = Contacts(f);
            var p = rows.Parameters;
            p.AddWithValue("t", f.Tenant);
            p.AddWithValue("c", f.CaseId);
            p.AddWithValue("v", f.Version);
            p.AddWithValue("f", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(f, json));
            p.Add(new NpgsqlParameter<int[]>("nos", contacts.Select((_, i) => i + 1).ToArray()));
            p.Add(new NpgsqlParameter<string[]>("kinds", contacts.Select(c => c.Kind).ToArray()));
            p.Add(new NpgsqlParameter<DateTimeOffset[]>("ats", contacts.Select(c => c.At.ToUniversalTime()).ToArray()));
            p.Add(new NpgsqlParameter<string[]>("channels", contacts.Select(c => c.Channel).ToArray()));
            p.AddWithValue("name", NpgsqlDbType.Text, (object?)f.CitizenName ?? DBNull.Value);
            p.AddWithValue("id", NpgsqlDbType.Text, (object?)f.CitizenId ?? DBNull.Value);
            p.AddWithValue("type", NpgsqlDbType.Text, f.Type is { } t ? WireName.Of(t) : DBNull.Value);
            p.AddWithValue("topic", NpgsqlDbType.Text, (object?)f.Topic ?? DBNull.Value);
            p.AddWithValue("radicado", NpgsqlDbType.Text, (object?)f.Radicado ?? DBNull.Value);
            p.AddWithValue("by", NpgsqlDbType.Text, (object?)f.AttendedBy ?? DBNull.Value);
            p.AddWithValue("outcome", f.Outcome);
            await rows.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>A case's contacts in order: the one that opened it, then each later email from the citizen.</summary>
    public static IReadOnlyList<(string Kind, DateTimeOffset At, string Channel)> Contacts(CaseFacts f) =>
        [(Opening, f.ReceivedAt, WireName.Of(f.Channel)), .. f.LaterContactsAt.Select(at => (EmailReply, at, WireName.Of(Domain.Cases.Channel.Email)))];
}
