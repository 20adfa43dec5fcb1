using Atencion.EventStore.Marten.Store;
using System.Text.RegularExpressions;
using Atencion.CaseService.Cases;
using Atencion.Domain.Cases;
using Atencion.EventStore;
using Atencion.EventStore.Appending;
using Npgsql;

namespace Atencion.CaseService.Inbound;

/// <summary>
/// Stores an inbound email once: threads it into the case it replies to (by our reply address for this entity, by a Message-ID
/// it answers that is one of this entity's emails, or a radicado of this entity in the subject), or opens a new case on the
/// email channel. The Message-ID is recorded in
/// <c>atencion.inbound_messages</c> in the same transaction as the events, so a second delivery, even a simultaneous one,
/// appends nothing and gets the first one's case.
/// </summary>
public sealed partial class InboundMailbox(NpgsqlDataSource db, CaseCommands cases, ReplyAddress replies)
{
    /// <summary>Stores the email (or finds it stored); <c>Created</c> is true when it opened a new case.</summary>
    public async Task<(InboundEmailAccepted Accepted, bool Created)> ReceiveAsync(
        TenantId tenant, ReceiveEmail email, IReadOnlyList<string> threadIds, EventMetadata metadata, Domain.Cases.CaseClock clock, CancellationToken ct)
    {
        var messageId = email.NormalizedMessageId;
        if (await StoredAsync(tenant, messageId, ct) is { } stored) return (stored, false);
        try
        {
            if (await RepliedCaseAsync(tenant, email, threadIds, ct) is { } target)
            {
                await cases.HandleAsync(tenant, target.CaseId, null, metadata, async (_, t, c) =>
                {
                    await RememberAsync(t, tenant, messageId, target.CaseId, threaded: true, c);
                    await StoreDocumentsAsync(t, tenant, target.CaseId, email, c);
                    return new Decision(email.Reply());
                }, ct);
                return (new InboundEmailAccepted(target.CaseId, true, target.Radicado, false), false);
            }
            var caseId = Guid.CreateVersion7();
            await cases.OpenAsync(tenant, caseId, email.Open(caseId, clock), metadata, async (t, c) =>
            {
                await RememberAsync(t, tenant, messageId, caseId, threaded: false, c);
                await StoreDocumentsAsync(t, tenant, caseId, email, c);
                return new Decision([]);
            }, ct);
            return (new InboundEmailAccepted(caseId, false, null, false), true);
        }
        catch (AlreadyStored)
        {
            // Another delivery of the same message committed first; its transaction is visible now.
            return ((await StoredAsync(tenant, messageId, ct))!, false);
        }
    }

    /// <summary>
    /// The case the email replies to: one of our reply addresses for this entity among to/cc; else a Message-ID it answers
    /// (In-Reply-To, References) that one of this entity's outgoing emails carried or an earlier inbound email of the entity had;
    /// else a radicado of this entity in the subject.
    /// </summary>
    private async Task<(Guid CaseId, string? Radicado)?> RepliedCaseAsync(TenantId tenant, ReceiveEmail email, IReadOnlyList<string> threadIds, CancellationToken ct)
    {
        foreach (var address in email.Recipients)
            if (replies.TryParse(address, out var addressed, out var caseId) && addressed == tenant.Value
                && await CaseAsync(tenant, "case_id = $2", caseId, ct) is { } byAddress)
                return byAddress;
        foreach (var id in threadIds)
            if (await AnsweredAsync(tenant, id, ct) is { } answered
                && await CaseAsync(tenant, "case_id = $2", answered, ct) is { } byMessageId)
                return byMessageId;
        // A few candidates at most: a subject stuffed with numbers must not become a query storm.
        foreach (var m in Radicado().Matches(email.Subject ?? "").Take(5))
            if (await CaseAsync(tenant, "radicado = $2", m.Value, ct) is { } byRadicado)
                return byRadicado;
        return null;
    }

    // Our Message-IDs are "{emailId:N}@{domain}" (OutboxEmail.ToMime); the domain part is not trusted, the id is looked up
    // among this entity's emails only. Earlier inbound emails are matched by their whole normalized Message-ID.
    private async Task<Guid?> AnsweredAsync(TenantId tenant, string messageId, CancellationToken ct)
    {
        var at = messageId.IndexOf('@', StringComparison.Ordinal);
        Guid? outbound = at == 32 && Guid.TryParseExact(messageId[..at], "N", out var emailId) ? emailId : null;
        await using var cmd = db.CreateCommand("""
            select case_id from atencion.email_outbox where tenant_id = $1 and email_id = $2
            union all
            select case_id from atencion.inbound_messages where tenant_id = $1 and message_id = $3
            limit 1
            """);
        cmd.Parameters.AddWithValue(tenant.Value);
        cmd.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = outbound, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        cmd.Parameters.AddWithValue(messageId);
        return await cmd.ExecuteScalarAsync(ct) is Guid caseId ? caseId : null;
    }

    private async Task<(Guid, string?)?> CaseAsync(TenantId tenant, string condition, object value, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"select case_id, radicado from atencion.case_views where tenant_id = $1 and {condition}");
        cmd.Parameters.AddWithValue(tenant.Value);
        cmd.Parameters.AddWithValue(value);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? (r.GetGuid(0), r.IsDBNull(1) ? null : r.GetString(1)) : null;
    }

    private async Task<InboundEmailAccepted?> StoredAsync(TenantId tenant, string messageId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            select m.case_id, m.threaded, v.radicado from atencion.inbound_messages m
            left join atencion.case_views v on v.tenant_id = m.tenant_id and v.case_id = m.case_id
            where m.tenant_id = $1 and m.message_id = $2
            """);
        cmd.Parameters.AddWithValue(tenant.Value);
        cmd.Parameters.AddWithValue(messageId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? new InboundEmailAccepted(r.GetGuid(0), r.GetBoolean(1), r.IsDBNull(2) ? null : r.GetString(2), true) : null;
    }

    // A concurrent insert of the same key waits for the other transaction: when it commits, this one inserts nothing.
    private async Task RememberAsync(StoreTransaction t, TenantId tenant, string messageId, Guid caseId, bool threaded, CancellationToken ct)
    {
        await using var insert = t.Command("""
            insert into atencion.inbound_messages (tenant_id, message_id, case_id, threaded, received_at)
            values (@t, @m, @c, @th, @at) on conflict (tenant_id, message_id) do nothing
            """);
        insert.Parameters.AddWithValue("t", tenant.Value);
        insert.Parameters.AddWithValue("m", messageId);
        insert.Parameters.AddWithValue("c", caseId);
        insert.Parameters.AddWithValue("th", threaded);
        insert.Parameters.AddWithValue("at", cases.Now.ToUniversalTime());
        if (await insert.ExecuteNonQueryAsync(ct) == 0) throw new AlreadyStored();
    }

    private static async Task StoreDocumentsAsync(StoreTransaction t, TenantId tenant, Guid caseId, ReceiveEmail email, CancellationToken ct)
    {
        foreach (var (doc, attachment) in email.Documents().Zip(email.Attachments))
        {
            await Cases.DocumentBytes.StoreAsync(t, tenant, caseId, doc, attachment.Content.ToArray(), ct);
        }
    }

    [GeneratedRegex(@"(?<!\d)\d{4}-\d{6}(?!\d)")]
    private static partial Regex Radicado();

    private sealed class AlreadyStored : Exception;
}
