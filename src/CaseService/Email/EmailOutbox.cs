using Atencion.EventStore.Marten.Store;
using Npgsql;
using NpgsqlTypes;

namespace Atencion.CaseService.Email;

/// <summary>The email handler's SQL on <c>atencion.email_outbox</c>, the read model of each email's content and status.</summary>
/// <remarks>
/// The rows are written by the inline <c>EmailOutboxProjection</c> with their <c>EmailQueued</c> event; <see cref="SendEmail"/>
/// carries only the keys, and the handler reads the content here. A failed attempt is recorded on the row (attempts,
/// last error, when the next attempt is due) for whoever looks at the email's status; the retry itself is Wolverine's.
/// </remarks>
public sealed class EmailOutbox(NpgsqlDataSource db)
{
    /// <summary>The email's row, or null when there is none.</summary>
    public async Task<(OutboxEmail Email, string Status)?> FindAsync(string tenant, Guid emailId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            select tenant_id, email_id, case_id, kind, recipients, subject, body, reply_to, attempts, status
            from atencion.email_outbox where tenant_id = $1 and email_id = $2
            """);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(emailId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return (new OutboxEmail(r.GetString(0), r.GetGuid(1), r.GetGuid(2), r.GetString(3), r.GetFieldValue<string[]>(4),
            r.GetString(5), r.GetString(6), r.GetString(7), r.GetInt32(8)), r.GetString(9));
    }

    /// <summary>Records a failed attempt on a pending row: how many were made, the error, and when the next one is due.</summary>
    public async Task RecordFailedAttemptAsync(OutboxEmail email, int attempts, string error, DateTimeOffset now, DateTimeOffset next, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            update atencion.email_outbox set attempts = @attempts, next_attempt_at = @next, last_error = @error, updated_at = @now
            where tenant_id = @t and email_id = @id and status = 'pending'
            """);
        cmd.Parameters.AddWithValue("t", email.Tenant);
        cmd.Parameters.AddWithValue("id", email.EmailId);
        cmd.Parameters.AddWithValue("attempts", attempts);
        cmd.Parameters.AddWithValue("error", error);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("next", next);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Locks the row in the append's transaction; true while it is still pending (nobody recorded an outcome yet).</summary>
    /// <remarks>Two deliveries of one message that both reach this point queue on the lock; the second finds the row settled and appends nothing.</remarks>
    public static async Task<bool> LockPendingAsync(StoreTransaction t, OutboxEmail email, CancellationToken ct)
    {
        await using var cmd = t.Command("""
            select true from atencion.email_outbox where tenant_id = @t and email_id = @id and status = 'pending' for update
            """);
        cmd.Parameters.AddWithValue("t", email.Tenant);
        cmd.Parameters.AddWithValue("id", NpgsqlDbType.Uuid, email.EmailId);
        return await cmd.ExecuteScalarAsync(ct) is true;
    }
}
