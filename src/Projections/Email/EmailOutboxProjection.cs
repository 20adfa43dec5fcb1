using Atencion.Domain.Cases;
using Atencion.EventStore.Appending;

namespace Atencion.Projections.Email;

/// <summary>Keeps <c>atencion.email_outbox</c> in step with the case streams' email events, inside the append's transaction.</summary>
/// <remarks>
/// <see cref="EmailQueued"/> inserts the pending row, so an email is in the outbox exactly when the event that caused it
/// committed. <see cref="EmailDelivered"/> and <see cref="EmailFailed"/> settle it. A replay inserts nothing twice.
/// </remarks>
public sealed class EmailOutboxProjection : IInlineProjection
{
    /// <summary>The wire name of an email kind, as stored in the outbox (kebab-case, like the API).</summary>
    public static string Wire(EmailKind kind) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());

    public bool Handles(string streamType) => streamType == EventCatalog.CaseStream;

    public async Task ApplyAsync(AppendContext context, CancellationToken ct)
    {
        foreach (var e in context.Events)
        {
            switch (e.Data)
            {
                case EmailQueued q:
                {
                    await using var insert = context.Command("""
                        insert into atencion.email_outbox (tenant_id, email_id, case_id, kind, recipients, subject, body, reply_to,
                            next_attempt_at, queued_at, updated_at)
                        values (@t, @id, @case, @kind, @to, @subject, @body, @reply, @at, @at, @at)
                        on conflict do nothing
                        """);
                    insert.Parameters.AddWithValue("t", context.Tenant.Value);
                    insert.Parameters.AddWithValue("id", q.EmailId);
                    insert.Parameters.AddWithValue("case", context.StreamId);
                    insert.Parameters.AddWithValue("kind", Wire(q.Kind));
                    insert.Parameters.AddWithValue("to", q.To.ToArray());
                    insert.Parameters.AddWithValue("subject", q.Subject);
                    insert.Parameters.AddWithValue("body", q.Body);
                    insert.Parameters.AddWithValue("reply", q.ReplyTo);
                    insert.Parameters.AddWithValue("at", e.RecordedAt);
                    await insert.ExecuteNonQueryAsync(ct);
                    break;
                }
                case EmailDelivered d:
                    await SettleAsync(context, d.EmailId, "delivered", d.Attempts, null, e.RecordedAt, ct);
                    break;
                case EmailFailed f:
                    await SettleAsync(context, f.EmailId, "failed", f.Attempts, f.LastError, e.RecordedAt, ct);
                    break;
            }
        }
    }

    private static async Task SettleAsync(AppendContext context, Guid emailId, string status, int attempts, string? error, DateTimeOffset at, CancellationToken ct)
    {
        await using var update = context.Command("""
            update atencion.email_outbox set status = @status, attempts = @attempts, last_error = coalesce(@error, last_error),
                claim_id = null, updated_at = @at
            where tenant_id = @t and email_id = @id
            """);
        update.Parameters.AddWithValue("t", context.Tenant.Value);
        update.Parameters.AddWithValue("id", emailId);
        update.Parameters.AddWithValue("status", status);
        update.Parameters.AddWithValue("attempts", attempts);
        update.Parameters.AddWithValue("error", NpgsqlTypes.NpgsqlDbType.Text, (object?)error ?? DBNull.Value);
        update.Parameters.AddWithValue("at", at);
        await update.ExecuteNonQueryAsync(ct);
    }
}
