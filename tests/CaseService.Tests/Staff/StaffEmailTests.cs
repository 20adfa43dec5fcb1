using System.Net;
using System.Text.Json;
using Atencion.Domain.Entities;
using Atencion.Projections;
using Atencion.Projections.Entities;
using Microsoft.Extensions.DependencyInjection;
using static Atencion.CaseService.Tests.Staff.StaffApi;

namespace Atencion.CaseService.Tests.Staff;

/// <summary>Staff carry the address their notices go to and whether they supervise (get the entity's alerts).</summary>
public sealed class StaffEmailTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private Caller Admin => f.As(Faca, "admin", "admin");

    [Fact]
    public async Task A_staff_member_registered_with_email_and_supervisor_is_listed_so_and_found_as_a_supervisor()
    {
        var registered = (await Admin.RegisterStaff(Faca, "jefa-carmen",
            new { name = "Carmen Jefe", email = " carmen.jefe@example.com ", supervisor = true })).Json();
        Assert.Equal("carmen.jefe@example.com", registered.GetProperty("email").GetString());
        Assert.True(registered.GetProperty("supervisor").GetBoolean());
        await f.GivenStaffMember(Faca, "asesor-raul", new { name = "Raúl", email = "raul@example.com" });
        await f.GivenStaffMember(Faca, "jefe-sin-correo", new { name = "Sin correo", supervisor = true });
        await f.GivenStaffMember(Faca, "jefa-retirada", new { name = "Retirada", email = "retirada@example.com", supervisor = true, active = false });

        var staff = await f.StaffList(Faca);
        Assert.Equal("raul@example.com", staff["asesor-raul"].GetProperty("email").GetString());
        Assert.False(staff["asesor-raul"].GetProperty("supervisor").GetBoolean());
        var registry = f.Host.Services.GetRequiredService<EntityRegistry>();
        Assert.Equal(["carmen.jefe@example.com"], await registry.SupervisorsAsync(Faca, default));
        Assert.Equal("raul@example.com", await registry.StaffEmailAsync(Faca, "asesor-raul", default));
        Assert.Null(await registry.StaffEmailAsync(Faca, "jefe-sin-correo", default));

        // Registering again without them takes them away: the registration is the whole record.
        await Admin.RegisterStaff(Faca, "jefa-carmen", new { name = "Carmen Jefe" });
        Assert.Empty(await registry.SupervisorsAsync(Faca, default));
    }

    [Theory]
    [InlineData("""{"name":"Ana","email":"ana@@example"}""", "email")]
    [InlineData("""{"name":"Ana","email":"ana@example.com","supervisor":"sí"}""", "supervisor")]
    public async Task A_bad_email_or_supervisor_flag_is_a_400_problem_and_changes_nothing(string body, string field)
    {
        var before = await f.Db.CountEventsAsync();

        var problem = (await Admin.Scenario(x =>
        {
            x.Put.RawJson(body).ToUrl(StaffScenarios.StaffUrl(Faca, "ana-mala"));
            x.ProblemShouldBe(HttpStatusCode.BadRequest);
        })).Json();

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await f.Db.CountEventsAsync());
        Assert.False((await f.StaffList(Faca)).ContainsKey("ana-mala"));
    }

    [Fact]
    public void A_staff_registration_recorded_before_emails_existed_still_reads()
    {
        var old = JsonSerializer.Deserialize<StaffMemberRegistered>("""{"userId":"ana","name":"Ana","skills":["lawyer"],"active":true}""", AtencionJson.Create())!;
        Assert.Equal(("ana", null, false), (old.UserId, old.Email, old.Supervisor));
    }
}
