using System.Net;
using Atencion.CaseService.Jobs;
using Atencion.CaseService.Tests.Chat;
using Atencion.CaseService.Tests.Lifecycle;
using Atencion.CaseService.Tests.Staff;
using Atencion.Domain.Cases;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Jobs;

/// <summary><c>GET jobs/upcoming</c>: what the scheduler will do for the entity and when; the sweeps are run by hand here.</summary>
public sealed class UpcomingJobsTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private async Task<System.Text.Json.JsonElement> Upcoming(string tenant, string query = "") =>
        (await f.As(tenant, "supervisor", "jefa").UpcomingJobs(tenant, query, x => x.StatusCodeShouldBeOk())).Json();

    private static List<(string Kind, DateTimeOffset At)> Of(System.Text.Json.JsonElement body, Guid id) => JobScenarios.Of(body, id);

    [Fact]
    public async Task A_running_term_shows_its_warning_and_breach_and_the_warning_goes_once_raised()
    {
        var specialist = f.As(Api.Flori, "specialist", "pedro");
        var start = f.NextBusinessMorning();
        var (id, classified) = await specialist.Classified("information-request", Lifecycle.Lifecycle.At(start));
        var due = classified.Date("dueDate")!.Value;
        var warnAt = DeadlineCheck.WarningAt(due, 3, Lifecycle.Lifecycle.Calendar, Lifecycle.Lifecycle.Bogota);
        var breachAt = DeadlineCheck.BreachAt(due, Lifecycle.Lifecycle.Bogota);

        Assert.Equal([("deadline-warning", warnAt), ("deadline-breach", breachAt)], Of(await Upcoming(Api.Flori), id));

        f.AdvanceToAtLeast(warnAt);
        Assert.True(await f.Host.Services.GetRequiredService<DeadlineSweep>().RunAsync(default) >= 1);
        Assert.Equal([("deadline-breach", breachAt)], Of(await Upcoming(Api.Flori), id));
        var sweeps = (await Upcoming(Api.Flori)).GetProperty("sweeps").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.Equal(["deadlines", "idle-chats", "presence", "turn-expiry"], sweeps);
    }

    [Fact]
    public async Task A_live_chat_shows_its_idle_prompt_and_close_from_the_citizens_last_message()
    {
        await f.MarkPresent(Api.Tenjo, "asesor");
        var chat = await f.StartChat(Api.Tenjo);
        var startedAt = f.Time.GetUtcNow();
        var steps = Of(await Upcoming(Api.Tenjo), chat.CaseId);
        Assert.Equal([("idle-prompt", startedAt.AddSeconds(60)), ("idle-close", startedAt.AddSeconds(120))], steps);
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=1001")]
    [InlineData("?limit=muchos")]
    public async Task A_bad_limit_is_a_problem(string query)
    {
        var problem = (await f.As(Api.Flori, "supervisor", "jefa").UpcomingJobs(Api.Flori, query, x => x.ProblemShouldBe(HttpStatusCode.BadRequest))).Json();
        Assert.Contains("limit", problem.ToString());
    }

    [Theory]
    [InlineData("supervisor")]
    [InlineData("admin")]
    public async Task Supervisors_and_admins_see_the_entitys_upcoming_jobs(string role)
    {
        var (id, classified) = await f.As(Api.Flori, "specialist", "pedro").Classified("information-request", Lifecycle.Lifecycle.At(f.NextBusinessMorning()));
        var response = await f.As(Api.Flori, role, "alguien").UpcomingJobs(Api.Flori, "?limit=1000", x => x.StatusCodeShouldBeOk());
        var breachAt = DeadlineCheck.BreachAt(classified.Date("dueDate")!.Value, Lifecycle.Lifecycle.Bogota);
        Assert.Contains(("deadline-breach", breachAt), Of(response.Json(), id));
    }

    [Theory]
    [InlineData("advisor")]
    [InlineData("auditor")]
    public async Task Only_supervisors_and_admins_see_it(string role)
    {
        await f.As(Api.Flori, role, "alguien").UpcomingJobs(Api.Flori, expect: x => x.StatusCodeShouldBe(HttpStatusCode.Forbidden));
        await f.Anonymous().UpcomingJobs(Api.Flori, expect: x => x.StatusCodeShouldBe(HttpStatusCode.Unauthorized));
    }
}
