using System.Net;
using System.Text.Json.Nodes;

namespace Atencion.CaseService.Tests.Audit;

/// <summary>The auditor's checkpoint: the entity's stream heads under the service's MAC, kept outside and presented later.</summary>
public sealed class CheckpointTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private const string T = Api.Tenjo;

    [Fact]
    public async Task A_case_put_back_to_an_earlier_copied_state_is_caught_by_a_checkpoint_taken_in_between()
    {
        var advisor = f.As(T, "advisor", "asesor");
        var auditor = f.As(T, "auditor", "contralora");
        var id = await advisor.CreateCase(T);
        await advisor.GivenNote(id, "primera nota", T);
        // The superuser copies the case's head (with its MAC) and view at version 3…
        await f.Db.ExecAsAdminAsync($"""
            create table copied_stream_{id:N} as select * from atencion_es.mt_streams where id = '{id}';
            create table copied_head_{id:N} as select * from atencion_es.stream_heads where stream_id = '{id}';
            create table copied_view_{id:N} as select * from atencion.case_views where case_id = '{id}';
            """);
        await advisor.GivenNote(id, "nota que estorba", T);

        var taken = await auditor.Scenario(x => { x.Get.Url($"/api/{T}/audit/checkpoint"); x.StatusCodeShouldBeOk(); });
        var checkpoint = taken.ReadAsText();
        var head = taken.Json().GetProperty("heads").EnumerateArray().Single(h => h.GetProperty("streamId").GetGuid() == id);
        Assert.Equal(4, head.GetProperty("version").GetInt64());

        // …and after the checkpoint removes version 4 and puts both copies back.
        await f.Db.TamperAsync($"""
            delete from atencion_es.mt_events where stream_id = '{id}' and version = 4;
            delete from atencion_es.event_hashes where stream_id = '{id}' and version = 4;
            update atencion_es.mt_streams s set version = c.version, timestamp = c.timestamp
            from copied_stream_{id:N} c where s.id = c.id;
            update atencion_es.stream_heads s set version = c.version, last_hash = c.last_hash, head_mac = c.head_mac
            from copied_head_{id:N} c where s.stream_id = c.stream_id;
            update atencion.case_views v set version = c.version, view = c.view, updated_at = c.updated_at
            from copied_view_{id:N} c where v.case_id = c.case_id;
            """);
        // Everything the case holds is genuine, so the case alone verifies (the documented limit)…
        Assert.True((await auditor.Scenario(x => x.Get.Url($"/api/{T}/cases/{id}/integrity"))).Json().GetProperty("valid").GetBoolean());

        // …but not against the checkpoint.
        var report = (await auditor.VerifyCheckpoint(T, checkpoint, x => x.StatusCodeShouldBeOk())).Json();
        Assert.False(report.GetProperty("valid").GetBoolean());
        Assert.True(report.GetProperty("authentic").GetBoolean());
        var finding = Assert.Single(report.GetProperty("findings").EnumerateArray());
        Assert.Equal(id, finding.GetProperty("streamId").GetGuid());
        Assert.Equal(4, finding.GetProperty("checkpointVersion").GetInt64());
        Assert.Equal(3, finding.GetProperty("currentVersion").GetInt64());
    }

    [Fact]
    public async Task An_untouched_entity_matches_its_checkpoint_and_an_altered_checkpoint_is_a_400()
    {
        var advisor = f.As(T, "advisor", "asesor");
        var auditor = f.As(T, "auditor", "contralora");
        var id = await advisor.CreateCase(T);
        var checkpoint = await auditor.GivenCheckpoint(T);
        await advisor.GivenNote(id, "después del punto de control", T);

        var report = (await auditor.VerifyCheckpoint(T, checkpoint)).Json();
        Assert.True(report.GetProperty("valid").GetBoolean(), report.ToString());

        var altered = JsonNode.Parse(checkpoint)!;
        foreach (var h in altered["heads"]!.AsArray().Where(h => h!["streamId"]!.GetValue<Guid>() == id)) h!["version"] = 1;
        await auditor.VerifyCheckpoint(T, altered.ToJsonString(), x => x.ProblemShouldBe(HttpStatusCode.BadRequest));
        // A checkpoint of one entity proves nothing about another's.
        await f.As(Api.Flori, "auditor").VerifyCheckpoint(Api.Flori, checkpoint, x => x.ProblemShouldBe(HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("advisor")]
    [InlineData("supervisor")]
    public async Task Only_auditors_take_checkpoints(string role) =>
        await f.As(T, role).Scenario(x => { x.Get.Url($"/api/{T}/audit/checkpoint"); x.ProblemShouldBe(HttpStatusCode.Forbidden); });

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"heads":"many"}""")]
    public async Task A_malformed_checkpoint_is_a_400_problem_and_records_nothing(string body)
    {
        var auditor = f.As(T, "auditor");
        var before = await f.Db.CountEventsAsync();

        await auditor.VerifyCheckpoint(T, body, x => x.ProblemShouldBe(HttpStatusCode.BadRequest));

        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Theory]
    [InlineData("advisor")]
    [InlineData("control")]
    public async Task Only_auditors_verify_checkpoints(string role) =>
        await f.As(T, role).VerifyCheckpoint(T, "{}", x => x.ProblemShouldBe(HttpStatusCode.Forbidden));
}
