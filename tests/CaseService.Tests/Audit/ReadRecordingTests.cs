using System.Net;
using System.Text.Json;
using Atencion.CaseService.Tests.Lifecycle;
using Npgsql;

namespace Atencion.CaseService.Tests.Audit;

/// <summary>Every read by an auditor or a control entity is itself recorded, append-only: who read what, when, under which correlation id.</summary>
public sealed class ReadRecordingTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private const string T = Api.Flori;

    private sealed record Recorded(string Route, string Path, Guid? CaseId, string User, string Role, Guid Correlation, DateTimeOffset At, string StreamType);

    private async Task<List<Recorded>> RecordedReadsAsync()
    {
        await using var conn = new NpgsqlConnection(f.Db.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            select e.data::text,
                   jsonb_build_object('userId', e.user_name, 'role', e.headers ->> 'role', 'correlationId', e.correlation_id)::text,
                   e.timestamp, e.headers ->> 'streamType'
            from atencion_es.mt_events e
            where e.tenant_id = $1 and e.type = 'ReadRecorded' order by e.seq_id
            """, conn);
        cmd.Parameters.AddWithValue(T);
        var list = new List<Recorded>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            var data = JsonDocument.Parse(r.GetString(0)).RootElement;
            var meta = JsonDocument.Parse(r.GetString(1)).RootElement;
            list.Add(new Recorded(data.GetProperty("route").GetString()!, data.GetProperty("path").GetString()!,
                data.GetProperty("caseId").ValueKind == JsonValueKind.Null ? null : data.GetProperty("caseId").GetGuid(),
                meta.GetProperty("userId").GetString()!, meta.GetProperty("role").GetString()!, meta.GetProperty("correlationId").GetGuid(),
                r.GetFieldValue<DateTimeOffset>(2), r.GetString(3)));
        }
        return list;
    }

    public static TheoryData<string, string, bool> Reads => new()
    {
        { "auditor", "cases/{id}", true },
        { "auditor", "cases/{id}?version=1", true },
        { "auditor", "cases/{id}/history", true },
        { "auditor", "cases/{id}/integrity", true },
        { "auditor", "cases?status=open", false },
        { "auditor", "indicators?from=2026-03-01&to=2026-03-31", false },
        { "control", "indicators?from=2026-03-01&to=2026-03-31", false },
        { "control", "reports/pqrsd?month=2026-03", false },
        { "control", "reports/quarterly?quarter=2026-Q1", false },
        { "auditor", "reports/access-to-information?from=2026-03-01&to=2026-03-31", false },
        { "control", "reports/contacts?from=2026-03-01&to=2026-03-31", false },
        { "auditor", "audit/cases?from=2026-03-01&to=2026-03-31", false },
        { "auditor", "audit/checkpoint", false },
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task A_read_by_an_auditor_or_control_is_recorded_with_who_what_when_and_correlation(string role, string what, bool namesCase)
    {
        var id = await f.As(T, "advisor", "operadora").CreateCase();
        var url = $"/api/{T}/{what.Replace("{id}", id.ToString())}";
        var correlation = Guid.NewGuid();
        var before = await RecordedReadsAsync();

        await f.As(T, role, $"{role}-1").Scenario(x =>
        {
            x.Get.Url(url);
            x.WithRequestHeader("X-Correlation-Id", correlation.ToString());
            x.StatusCodeShouldBeOk();
        });

        var read = Assert.Single((await RecordedReadsAsync()).Skip(before.Count));
        Assert.Equal(url, read.Path);
        Assert.Equal(namesCase ? id : null, read.CaseId);
        Assert.Equal((role, $"{role}-1", correlation), (read.Role, read.User, read.Correlation));
        Assert.Equal(f.Time.GetUtcNow(), read.At);
        Assert.Equal("access-log", read.StreamType);
        Assert.StartsWith("/api/{tenant}/", read.Route);
    }

    [Fact]
    public async Task Reads_by_staff_who_work_cases_and_refused_reads_are_not_recorded()
    {
        var id = await f.As(T, "advisor", "operadora").CreateCase();
        var before = (await RecordedReadsAsync()).Count;
        await f.As(T, "supervisor").Scenario(x => { x.Get.Url($"/api/{T}/cases/{id}/history"); x.StatusCodeShouldBeOk(); });
        await f.As(T, "advisor").Scenario(x => { x.Get.Url($"/api/{T}/cases/{id}"); x.StatusCodeShouldBeOk(); });
        await f.As(T, "auditor").Scenario(x => { x.Get.Url($"/api/{T}/cases/{Guid.NewGuid()}"); x.ProblemShouldBe(HttpStatusCode.NotFound); });
        await f.As(T, "control").Scenario(x => { x.Get.Url($"/api/{T}/cases/{id}/history"); x.ProblemShouldBe(HttpStatusCode.Forbidden); });
        Assert.Equal(before, (await RecordedReadsAsync()).Count);
    }

    [Fact]
    public async Task A_users_reads_of_a_day_share_one_append_only_stream_that_verifies()
    {
        f.NextBusinessMorning();
        var auditor = f.As(T, "auditor", "auditora-dia");
        var id = await f.As(T, "advisor", "operadora").CreateCase();
        await auditor.Scenario(x => x.Get.Url($"/api/{T}/cases/{id}"));
        await auditor.Scenario(x => x.Get.Url($"/api/{T}/cases/{id}/history"));
        var mine = (await RecordedReadsAsync()).Where(r => r.User == "auditora-dia").ToList();
        Assert.Equal(2, mine.Count);

        await using var conn = new NpgsqlConnection(f.Db.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            select count(distinct e.stream_id), max(e.version) from atencion_es.mt_events e
            where e.tenant_id = $1 and e.type = 'ReadRecorded' and e.user_name = 'auditora-dia'
            """, conn);
        cmd.Parameters.AddWithValue(T);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        Assert.Equal((1L, 2L), (r.GetInt64(0), r.GetInt64(1)));
    }
}
