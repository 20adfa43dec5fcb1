using Atencion.Domain.Calendar;
using Atencion.Domain.Cases;
using Atencion.Domain.Entities;
using Atencion.EventStore;
using Atencion.Projections.Entities;

namespace Atencion.Projections.Tests.Entities;

public sealed class EntityProjectionTests(ProjectionFixture f) : IClassFixture<ProjectionFixture>
{
    private static readonly DateOnly Today = new(2026, 3, 2);

    private static EntitySettings Tenjo() => new(
        "Alcaldía Municipal de Tenjo", "alcaldia", EntityTimeZone.DefaultId,
        "mon-fri 08:00-12:00, 14:00-16:00", "mon-fri 08:00-12:00, 14:00-16:00", [new DateOnly(2026, 7, 20)],
        new ChatScripts("Buenos días.", "Buenas tardes.", "¿En qué le puedo ayudar?", "¿Su correo?", "¿Se encuentra en línea?",
            "Presente su inquietud por la web.", "No use lenguaje ofensivo.", "¿Es satisfactoria la respuesta?", "Gracias.", "Chat fuera de línea."),
        ["first-level", "lawyer"], new Dictionary<string, string> { ["familia"] = "lawyer" },
        new Dictionary<PqrsdType, int> { [PqrsdType.InformationRequest] = 8 },
        new ChatTimings(), new SurveyPolicy("http://186.28.255.236/encuesta/", 0.25m),
        "http://www.tenjo-cundinamarca.gov.co/pqrsd", ["http://www.tenjo-cundinamarca.gov.co"]);

    /// <summary>Decides and appends a change of settings the way the service does.</summary>
    private async Task<long> ChangeAsync(string tenant, EntitySettings wanted, EntitySettings? current, long version)
    {
        var events = new ChangeSettings(wanted).Decide(current, Today);
        var result = await f.Store.AppendAsync(new TenantId(tenant), ChangeSettings.StreamId(tenant), EventCatalog.EntityStream,
            version == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(version), [.. events], EventMetadata.System("seed"));
        return result.Version;
    }

    private static string NewTenant() => "entidad-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task A_configured_entity_is_found_with_its_settings_and_version()
    {
        var tenant = NewTenant();
        var settings = Tenjo();

        await ChangeAsync(tenant, settings, null, 0);
        var entity = await f.Entities.FindAsync(tenant, default);

        Assert.NotNull(entity);
        Assert.Equal(tenant, entity.Tenant);
        Assert.Equal(1, entity.Version);
        Assert.Equal(f.Time.GetUtcNow(), entity.UpdatedAt);
        Assert.Equal(f.Show(settings), f.Show(entity.Settings));
        Assert.Equal(0.25m, entity.Settings.Survey.InPersonShare);
        Assert.Equal(8, entity.Settings.TermOverrides[PqrsdType.InformationRequest]);
        Assert.Contains(tenant, await f.Entities.ListAsync(default));
    }

    [Fact]
    public async Task A_later_change_replaces_the_settings_and_moves_the_version()
    {
        var tenant = NewTenant();
        var first = Tenjo();
        var v = await ChangeAsync(tenant, first, null, 0);
        f.Time.Advance(TimeSpan.FromDays(1));
        var second = first with { Name = "Alcaldía de Tenjo", Chat = new ChatTimings(90, 180, 60) };

        v = await ChangeAsync(tenant, second, first, v);
        var entity = (await f.Entities.FindAsync(tenant, default))!;

        Assert.Equal(2, v);
        Assert.Equal(2, entity.Version);
        Assert.Equal("Alcaldía de Tenjo", entity.Settings.Name);
        Assert.Equal(90, entity.Settings.Chat.IdlePromptAfterSeconds);
        Assert.Equal(f.Time.GetUtcNow(), entity.UpdatedAt);
        Assert.Equal(f.Show(second), f.Show(entity.Settings));
    }

    [Fact]
    public async Task Settings_events_on_a_stream_of_another_type_configure_nothing()
    {
        var tenant = NewTenant();
        var events = new ChangeSettings(Tenjo()).Decide(null, Today);

        await f.Store.AppendAsync(new TenantId(tenant), Guid.CreateVersion7(), EventCatalog.CaseStream, ExpectedVersion.NoStream, [.. events], EventMetadata.System());

        Assert.Null(await f.Entities.FindAsync(tenant, default));
        Assert.DoesNotContain(tenant, await f.Entities.ListAsync(default));
    }

    [Fact]
    public async Task Cases_of_an_entity_do_not_touch_its_configuration_and_its_configuration_is_no_case()
    {
        var tenant = NewTenant();
        await ChangeAsync(tenant, Tenjo(), null, 0);
        var caseId = Guid.CreateVersion7();

        await f.Store.AppendAsync(new TenantId(tenant), caseId, EventCatalog.CaseStream, ExpectedVersion.NoStream,
            [new CaseOpened(caseId, Channel.Web, "a", "b", f.Time.GetUtcNow())], ProjectionFixture.Ana);

        Assert.Equal(1, (await f.Entities.FindAsync(tenant, default))!.Version);
        Assert.Null(await f.CaseViews.GetAsync(new TenantId(tenant), ChangeSettings.StreamId(tenant), default));
        Assert.False(new EntityProjection(f.Json).Handles(EventCatalog.CaseStream));
    }

    [Fact]
    public async Task A_failed_change_leaves_the_configuration_as_it_was()
    {
        var tenant = NewTenant();
        var first = Tenjo();
        var v = await ChangeAsync(tenant, first, null, 0);
        var events = new ChangeSettings(first with { Name = "no debe quedar" }).Decide(first, Today);

        await Assert.ThrowsAsync<InvalidOperationException>(() => f.Store.AppendAsync(new TenantId(tenant), ChangeSettings.StreamId(tenant),
            EventCatalog.EntityStream, ExpectedVersion.Exactly(v), [.. events], EventMetadata.System(),
            (_, _) => throw new InvalidOperationException("boom")));

        var entity = (await f.Entities.FindAsync(tenant, default))!;
        Assert.Equal("Alcaldía Municipal de Tenjo", entity.Settings.Name);
        Assert.Equal(1, entity.Version);
    }

    [Theory]
    [InlineData("no-such-entity")]
    [InlineData("Mayúsculas")]
    [InlineData("x")]
    [InlineData("'; drop table atencion.entities; --")]
    [InlineData("")]
    public async Task An_unknown_or_malformed_tenant_is_not_found(string tenant)
    {
        Assert.Null(await f.Entities.FindAsync(tenant, default));
    }
}
