using Atencion.EventStore.Marten.Store;
using System.Net;
using System.Text.Json.Nodes;
using Atencion.Domain.Entities;
using Atencion.EventStore;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Entities;

public sealed class SettingsTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    [Theory]
    [InlineData("personeria-floridablanca", "mon-fri 08:30-09:30")]
    [InlineData("alcaldia-tenjo", "mon-fri 08:00-12:00, 14:00-16:00")]
    [InlineData("personeria-itagui", "mon-fri 08:00-12:00, 13:30-17:30")]
    [InlineData("alcaldia-valledupar", "mon-fri 08:00-12:00, 14:00-18:00")]
    [InlineData("camara-facatativa", "mon-fri 08:00-12:00, 14:00-17:30")]
    public async Task The_demo_entities_are_seeded_with_their_hours_and_zone(string tenant, string chatHours)
    {
        var response = await f.As(tenant, "admin").ReadSettings(tenant);
        var settings = response.Json().GetProperty("settings");
        Assert.Equal(1, response.ETag());
        Assert.Equal(chatHours, settings.GetProperty("chatHours").GetString());
        Assert.Equal("America/Bogota", settings.GetProperty("timeZone").GetString());
        Assert.Equal("¿Se encuentra en línea? Por favor confírmenos para poder atender su consulta.", settings.GetProperty("scripts").GetProperty("idlePrompt").GetString());
    }

    [Fact]
    public async Task Facatativa_routes_its_topics_to_technicians_and_lawyers()
    {
        var settings = (await f.As("camara-facatativa", "admin").ReadSettings("camara-facatativa")).Json().GetProperty("settings");
        Assert.Equal("technician", settings.GetProperty("topicRouting").GetProperty("rues").GetString());
        Assert.Equal("lawyer", settings.GetProperty("topicRouting").GetProperty("codigo-policia").GetString());
    }

    [Fact]
    public async Task A_change_is_an_event_of_the_entitys_stream_saying_who_changed_what()
    {
        var (settings, version) = await f.GivenCurrentSettings(Api.Tenjo);
        settings["localNonWorkingDays"] = new JsonArray("2026-07-16");
        settings["termOverrides"] = new JsonObject { ["information-request"] = 8 };

        var response = await f.PutSettings(Api.Tenjo, settings, x => x.StatusCodeShouldBe(HttpStatusCode.OK), version);

        Assert.Equal(version + 1, response.ETag());
        var store = f.Host.Services.GetRequiredService<MartenEventStore>();
        var last = (await store.ReadStreamAsync(new TenantId(Api.Tenjo), ChangeSettings.StreamId(Api.Tenjo)))[^1];
        var changed = Assert.IsType<EntitySettingsChanged>(last.Data);
        Assert.Equal(["localNonWorkingDays", "termOverrides"], changed.Changed.Order());
        Assert.Equal("admin-tenjo", last.Metadata.UserId);
        Assert.Equal("admin", last.Metadata.Role);
        Assert.Equal(8, (await f.As(Api.Tenjo, "admin").ReadSettings(Api.Tenjo)).Json()
            .GetProperty("settings").GetProperty("termOverrides").GetProperty("information-request").GetInt32());
    }

    [Fact]
    public async Task Saving_the_same_settings_appends_nothing()
    {
        var (settings, version) = await f.GivenCurrentSettings(Api.Tenjo);
        var before = await f.Db.CountEventsAsync();
        var response = await f.PutSettings(Api.Tenjo, settings, x => x.StatusCodeShouldBeSuccess());
        Assert.Equal(version, response.ETag());
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    public static TheoryData<string, string, JsonNode?> BadSettings => new()
    {
        { "chatHours", "chatHours", JsonValue.Create("mon-fri 25:00-26:00") },
        { "hours that are only a separator", "officeHours", JsonValue.Create(";") },
        { "overlapping hours", "officeHours", JsonValue.Create("mon-fri 08:00-12:00, 11:00-13:00") },
        { "unknown zone", "timeZone", JsonValue.Create("America/Atlantis") },
        { "longer term than the law", "termOverrides", new JsonObject { ["petition"] = 20 } },
        { "routing to a missing skill", "topicRouting", new JsonObject { ["rues"] = "astronaut" } },
        { "origin with a path", "allowedOrigins", new JsonArray("https://tenjo.gov.co/chat") },
        { "idle close before prompt", "chat", new JsonObject { ["idlePromptAfterSeconds"] = 60, ["idleCloseAfterSeconds"] = 30, ["presenceHeartbeatSeconds"] = 60 } },
        { "survey share under 10 %", "survey", new JsonObject { ["url"] = "https://x.gov.co/e", ["inPersonShare"] = 0.05 } },
        { "missing scripts", "scripts", null },
        { "empty name", "name", JsonValue.Create("") },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Invalid_settings_are_a_400_problem_and_change_nothing(string why, string field, JsonNode? value)
    {
        var (settings, version) = await f.GivenCurrentSettings(Api.Tenjo);
        settings[field] = value?.DeepClone();
        var before = await f.Db.CountEventsAsync();

        var problem = (await f.PutSettings(Api.Tenjo, settings, x => x.ProblemShouldBe(HttpStatusCode.BadRequest))).Json();

        Assert.True(problem.GetProperty("errors").EnumerateObject().Any(e => e.Name.StartsWith(field, StringComparison.Ordinal)), $"{why}: {problem}");
        Assert.Equal(before, await f.Db.CountEventsAsync());
        Assert.Equal(version, (await f.GivenCurrentSettings(Api.Tenjo)).Version);
    }

    [Fact]
    public async Task An_unknown_term_type_is_a_400_problem_listing_the_types()
    {
        var (settings, _) = await f.GivenCurrentSettings(Api.Tenjo);
        settings["termOverrides"] = new JsonObject { ["tutela"] = 5 };
        var problem = await f.PutSettings(Api.Tenjo, settings, x => x.ProblemShouldBe(HttpStatusCode.BadRequest));
        Assert.Contains("information-request", problem.Detail());
    }

    [Fact]
    public async Task A_stale_if_match_is_a_412_problem()
    {
        var (settings, version) = await f.GivenCurrentSettings(Api.Tenjo);
        settings["pqrsdFormUrl"] = "https://www.tenjo-cundinamarca.gov.co/pqrsd";
        await f.PutSettings(Api.Tenjo, settings, x => x.ProblemShouldBe(HttpStatusCode.PreconditionFailed), version + 5);
    }

    [Theory]
    [InlineData("supervisor")]
    [InlineData("advisor")]
    [InlineData("auditor")]
    public async Task Only_the_entitys_admin_reads_and_changes_settings(string role)
    {
        var (settings, _) = await f.GivenCurrentSettings(Api.Tenjo);
        await f.As(Api.Tenjo, role).ReadSettings(Api.Tenjo, x => x.ProblemShouldBe(HttpStatusCode.Forbidden));
        await f.PutSettings(Api.Tenjo, settings, x => x.ProblemShouldBe(HttpStatusCode.Forbidden), role: role);
    }

    [Fact]
    public async Task Another_entitys_admin_gets_a_404_problem() =>
        await f.As(Api.Flori, "admin").ReadSettings(Api.Tenjo, x => x.ProblemShouldBe(HttpStatusCode.NotFound));
}
