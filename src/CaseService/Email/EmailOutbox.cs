using Atencion.EventStore.Marten.Store;
using Atencion.EventStore.Appending;
using Npgsql;
using NpgsqlTypes;

namespace Atencion.CaseService.Email;

/// <summary>The dispatcher's SQL on <c>atencion.email_outbox</c>: claim due rows, record a failed attempt, lock a row in an append's transaction.</summary>
/// <remarks>
/// Claiming is a short transaction of its own (<c>for update skip locked</c>) that leases the rows by moving their
/// <c>next_attempt_at</c> past the time a batch may take: no transaction stays open during SMTP conversations (an open
/// transaction would hold back the global feed), two dispatchers never claim the same row, and a dispatcher that dies
/// mid-batch only delays its rows until the lease ends.
/// </remarks>
public sealed class EmailOutbox(NpgsqlDataSource db)
{
    /// <summary>Claims up to <paramref name="limit"/> pending rows due at <paramref name="now"/>, leased until <paramref name="leaseUntil"/>.</summary>
    public async Task<IReadOnlyList<OutboxEmail>> ClaimAsync(Guid claim, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            update atencion.email_outbox o set claim_id = @claim, next_attempt_at = @lease, updated_at = @now
            from (select tenant_id, email_id from atencion.email_outbox
                  where status = 'pending' and next_attempt_at <= @now
                  order by next_attempt_at, email_id limit @limit for update skip locked) due
            where o.tenant_id = due.tenant_id and o.email_id = due.email_id
            returning o.tenant_id, o.email_id, o.case_id, o.kind, o.recipients, o.subject, o.body, o.reply_to, o.attempts
            """);
        cmd.Parameters.AddWithValue("claim", claim);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("lease", leaseUntil);
        cmd.Parameters.AddWithValue("limit", limit);
        var claimed = new List<OutboxEmail>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            claimed.Add(new OutboxEmail(r.GetString(0), r.GetGuid(1), r.GetGuid(2), r.GetString(3), r.GetFieldValue<string[]>(4),
                r.GetString(5), r.GetString(6), r.GetString(7), r.GetInt32(8)));
        return claimed;
    }

    /// <summary>Counts a failed attempt and schedules the next one, if this dispatcher still holds the claim.</summary>
    public async Task RecordFailedAttemptAsync(OutboxEmail email, Guid claim, string error, DateTimeOffset now, DateTimeOffset next, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            update atencion.email_outbox set attempts = attempts + 1, next_attempt_at = @next, last_error = @error,
                claim_id = null, updated_at = @now
            where tenant_id = @t and email_id = @id and status = 'pending' and claim_id = @claim
            """);
        cmd.Parameters.AddWithValue("t", email.Tenant);
        cmd.Parameters.AddWithValue("id", email.EmailId);
        cmd.Parameters.AddWithValue("claim", claim);
        cmd.Parameters.AddWithValue("error", error);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("next", next);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Locks the row in the append's transaction; true while it is still pending (nobody recorded an outcome yet) and,
    /// when <paramref name="claim"/> is given, still claimed by it.</summary>
    public static async Task<bool> LockPendingAsync(StoreTransaction t, OutboxEmail email, Guid? claim, CancellationToken ct)
    {
        await using var cmd = t.Command("""
            select true from atencion.email_outbox
            where tenant_id = @t and email_id = @id and status = 'pending' and (@claim::uuid is null or claim_id = @claim)
            for update
            """);
        cmd.Parameters.AddWithValue("t", email.Tenant);
        cmd.Parameters.AddWithValue("id", NpgsqlDbType.Uuid, email.EmailId);
        cmd.Parameters.AddWithValue("claim", NpgsqlDbType.Uuid, claim is { } c ? c : DBNull.Value);
        return await cmd.ExecuteScalarAsync(ct) is true;
    }
}
