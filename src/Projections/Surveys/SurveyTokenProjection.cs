using System.Text.Json;
using Atencion.Domain.Cases;
using Atencion.EventStore.Appending;

namespace Atencion.Projections.Surveys;

/// <summary>Keeps <c>atencion.survey_tokens</c> (token hash → tenant, case, survey, expiry, answered) in step with case streams.</summary>
public sealed class SurveyTokenProjection(JsonSerializerOptions json) : IInlineProjection
{
    public bool Handles(string streamType) => streamType == EventCatalog.CaseStream;

    public async Task ApplyAsync(AppendContext context, CancellationToken ct)
    {
        foreach (var e in context.Events)
        {
            if (e.Data is SurveyRequested r)
            {
                await using var insert = context.Command("""
                    insert into atencion.survey_tokens (token_hash, tenant_id, case_id, survey_id, channel, expires_at, requested_at)
                    values (@h, @t, @c, @s, @ch, @x, @at)
                    """);
                insert.Parameters.AddWithValue("h", r.TokenHash);
                insert.Parameters.AddWithValue("t", context.Tenant.Value);
                insert.Parameters.AddWithValue("c", context.StreamId);
                insert.Parameters.AddWithValue("s", r.SurveyId);
                insert.Parameters.AddWithValue("ch", JsonSerializer.SerializeToElement(r.Channel, json).GetString()!);
                insert.Parameters.AddWithValue("x", r.ExpiresAt.ToUniversalTime());
                insert.Parameters.AddWithValue("at", e.RecordedAt.ToUniversalTime());
                await insert.ExecuteNonQueryAsync(ct);
            }
            else if (e.Data is SurveyAnswered a)
            {
                await using var update = context.Command("update atencion.survey_tokens set answered_at = @at where tenant_id = @t and survey_id = @s");
                update.Parameters.AddWithValue("at", e.RecordedAt.ToUniversalTime());
                update.Parameters.AddWithValue("t", context.Tenant.Value);
                update.Parameters.AddWithValue("s", a.SurveyId);
                await update.ExecuteNonQueryAsync(ct);
            }
        }
    }
}
