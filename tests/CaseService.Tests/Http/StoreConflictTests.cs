using Atencion.CaseService.Http;
using Atencion.EventStore;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atencion.CaseService.Tests.Http;

/// <summary>Marten's conflicts (issue 14) answer as today's store's do: 409 without If-Match, 412 when If-Match names an older version.</summary>
public sealed class StoreConflictTests
{
    private static readonly Guid Stream = Guid.NewGuid();

    public static TheoryData<string> Conflicts() => ["ours", "stale version", "concurrency", "collision", "marten collision"];

    private static Exception Conflict(string kind) => kind switch
    {
        "ours" => new WrongExpectedVersionException(new TenantId("ent-1"), Stream, ExpectedVersion.Exactly(2), 5),
        "stale version" => new JasperFx.Events.EventStreamUnexpectedMaxEventIdException(Stream, typeof(object), 2, 5),
        "concurrency" => new JasperFx.ConcurrencyException("another session won"),
        "collision" => new JasperFx.Events.ExistingStreamIdCollisionException(Stream),
        "marten collision" => new Marten.Exceptions.ExistingStreamIdCollisionException(Stream, typeof(object)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static readonly IfMatchCondition OlderTag = new("\"2\"", [Versions.ETagOf(2)]);

    [Theory]
    [MemberData(nameof(Conflicts))]
    public async Task A_conflict_without_if_match_is_a_409_concurrent_change(string kind)
    {
        var (status, problem) = await AnswerAsync(Conflict(kind));
        Assert.Equal(409, status);
        Assert.Equal("Concurrent change.", problem.Title);
        Assert.StartsWith("The case changed while this command ran", problem.Detail);
    }

    [Theory]
    [MemberData(nameof(Conflicts))]
    public async Task A_conflict_under_an_if_match_of_an_older_version_is_a_412(string kind)
    {
        var refused = StoreConflict.Of(Conflict(kind))!.Refuses(OlderTag);
        Assert.NotNull(refused);
        var (status, problem) = await AnswerAsync(refused);
        Assert.Equal(412, status);
        Assert.Equal("The resource changed.", problem.Title);
    }

    [Fact]
    public void The_current_version_is_taken_from_ours_and_from_martens_stale_version_message()
    {
        Assert.Equal(5, StoreConflict.Of(Conflict("ours"))!.Actual);
        Assert.Equal(5, StoreConflict.Of(Conflict("stale version"))!.Actual);
        Assert.Null(StoreConflict.Of(Conflict("collision"))!.Actual);
        // Marten's -1 (the unique index caught the race) is not a version.
        Assert.Null(StoreConflict.Of(new JasperFx.Events.EventStreamUnexpectedMaxEventIdException(Stream, typeof(object), 2, -1))!.Actual);
    }

    [Fact]
    public void An_if_match_naming_the_version_now_current_is_decided_again_not_refused() =>
        Assert.Null(StoreConflict.Of(Conflict("stale version"))!.Refuses(new IfMatchCondition("\"2\", \"5\"", [Versions.ETagOf(2), Versions.ETagOf(5)])));

    [Fact]
    public void Other_failures_are_not_conflicts()
    {
        Assert.Null(StoreConflict.Of(new InvalidOperationException("a bug")));
        Assert.Null(StoreConflict.Of(new Npgsql.PostgresException("duplicate key", "ERROR", "ERROR", "23505")));
    }

    private static async Task<(int Status, Microsoft.AspNetCore.Mvc.ProblemDetails Problem)> AnswerAsync(Exception exception)
    {
        var written = new CapturedProblem();
        var http = new DefaultHttpContext();
        Assert.True(await new Problems(written, NullLogger<Problems>.Instance).TryHandleAsync(http, exception, default));
        return (http.Response.StatusCode, written.Problem!);
    }

    private sealed class CapturedProblem : IProblemDetailsService
    {
        public Microsoft.AspNetCore.Mvc.ProblemDetails? Problem { get; private set; }

        public ValueTask WriteAsync(ProblemDetailsContext context)
        {
            Problem = context.ProblemDetails;
            return ValueTask.CompletedTask;
        }

        public ValueTask<bool> TryWriteAsync(ProblemDetailsContext context)
        {
            Problem = context.ProblemDetails;
            return ValueTask.FromResult(true);
        }
    }
}
