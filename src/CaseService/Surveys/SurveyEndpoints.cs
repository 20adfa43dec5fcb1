using RequiredAttribute = System.ComponentModel.DataAnnotations.RequiredAttribute;
using Atencion.CaseService.Cases;
using Atencion.CaseService.Http;
using Atencion.Domain.Surveys;
using Atencion.EventStore;
using Atencion.Projections;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atencion.CaseService.Surveys;

/// <summary>The questions of a survey, and until when it can be answered; nothing about the case.</summary>
public sealed record SurveyForm(IReadOnlyList<SurveyQuestion> Questions, DateTimeOffset ExpiresAt);

/// <summary>The citizen's answers.</summary>
public sealed record SurveyAnswers([Required] int? Courtesy, [Required] int? Quality, [Required] int? Timeliness, [Required] int? Competence, [Required] bool? NeedMet,
    string? Comment);

/// <summary>The survey was recorded.</summary>
public sealed record SurveyThanks(string Message);

/// <summary>A survey token that is past its 30 days (410 Gone).</summary>
public sealed class SurveyExpired(string message) : Exception(message);

/// <summary>The citizen's survey: read the questions, answer once within 30 days.</summary>
public static class SurveyEndpoints
{
    public static async Task<Ok<SurveyForm>> Get(string token, HttpContext http, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        var tenant = TenantFilter.TenantOf(http);
        await using var cmd = db.CreateCommand("select expires_at, answered_at is not null from atencion.survey_tokens where token_hash = $1 and tenant_id = $2");
        cmd.Parameters.AddWithValue(SurveyOffers.Hash(token));
        cmd.Parameters.AddWithValue(tenant.Value);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) throw NotFound();
        var expiresAt = r.GetFieldValue<DateTimeOffset>(0);
        Check(expiresAt, r.GetBoolean(1), time.GetUtcNow());
        return TypedResults.Ok(new SurveyForm(AnswerSurvey.Questions, expiresAt));
    }

    /// <summary>Records the answers on the case: a case command, so it queues with the case's other commands (<see cref="CaseCommands"/>).</summary>
    /// <remarks>The token is looked up to find the case, then locked and checked again inside the command, where a second answer racing this one finds it answered.</remarks>
    public static async Task<Ok<SurveyThanks>> Answer(string token, SurveyAnswers answers, HttpContext http, NpgsqlDataSource db, CaseCommands cases,
        TimeProvider time, CancellationToken ct)
    {
        var tenant = TenantFilter.TenantOf(http);
        // Form first: a bad answer is a 400 whatever the token, and appends nothing.
        new AnswerSurvey(Guid.Empty, answers.Courtesy, answers.Quality, answers.Timeliness, answers.Competence, answers.NeedMet, answers.Comment).Decide();
        Guid caseId;
        await using (var find = db.CreateCommand("select case_id from atencion.survey_tokens where token_hash = $1 and tenant_id = $2"))
        {
            find.Parameters.AddWithValue(SurveyOffers.Hash(token));
            find.Parameters.AddWithValue(tenant.Value);
            caseId = await find.ExecuteScalarAsync(ct) as Guid? ?? throw NotFound();
        }
        await cases.HandleAsync(tenant, caseId, null, Actor.Metadata(http, "survey"), async (_, t, c) =>
        {
            Guid surveyId;
            await using (var cmd = t.Command("""
                select survey_id, expires_at, answered_at is not null from atencion.survey_tokens
                where token_hash = @h and tenant_id = @t for update
                """))
            {
                cmd.Parameters.AddWithValue("h", SurveyOffers.Hash(token));
                cmd.Parameters.AddWithValue("t", tenant.Value);
                await using var r = await cmd.ExecuteReaderAsync(c);
                if (!await r.ReadAsync(c)) throw NotFound();
                surveyId = r.GetGuid(0);
                Check(r.GetFieldValue<DateTimeOffset>(1), r.GetBoolean(2), time.GetUtcNow());
            }
            return new Decision([new AnswerSurvey(surveyId, answers.Courtesy, answers.Quality, answers.Timeliness, answers.Competence, answers.NeedMet, answers.Comment).Decide()]);
        }, ct);
        return TypedResults.Ok(new SurveyThanks("Gracias por responder la encuesta."));
    }

    private static ResourceNotFound NotFound() => new("There is no such survey.");

    private static void Check(DateTimeOffset expiresAt, bool answered, DateTimeOffset now)
    {
        if (answered) throw new Domain.Common.RuleViolated("This survey was already answered; it takes one answer.", "answered");
        if (now >= expiresAt) throw new SurveyExpired($"This survey closed on {expiresAt:yyyy-MM-dd}; surveys are open for 30 days.");
    }
}
