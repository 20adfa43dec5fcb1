using Atencion.CaseService.Hosting;
using Atencion.CaseService.Jobs;
using Atencion.TestSupport;
using Npgsql;

namespace Atencion.CaseService.Tests.Jobs;

/// <summary>Quartz's schema is provisioned once, usable by the service role, and a node starting later never takes locks on it.</summary>
public sealed class QuartzSchemaTests : IAsyncLifetime
{
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync(MigrateOnStartup.Assemblies);

    public Task DisposeAsync() => db.DisposeAsync().AsTask();

    [Fact]
    public async Task Provisioning_creates_every_table_for_the_service_role_and_a_second_run_waits_on_no_lock_a_running_scheduler_holds()
    {
        await QuartzSchema.ProvisionAsync(db.AdminConnectionString, TestDatabase.AppRole, default);

        await using (var app = new NpgsqlConnection(db.AppConnectionString))
        {
            await app.OpenAsync();
            await using var count = new NpgsqlCommand("select count(*) from pg_tables where schemaname = 'quartz'", app);
            Assert.True((long)(await count.ExecuteScalarAsync())! >= 11);
            await using var write = new NpgsqlCommand("insert into quartz.qrtz_locks (sched_name, lock_name) values ('t', 'x'); delete from quartz.qrtz_locks where sched_name = 't'", app);
            await write.ExecuteNonQueryAsync();
        }

        // Another node's scheduler is mid-transaction on its tables (row-exclusive locks, as its updates take).
        await using var scheduler = new NpgsqlConnection(db.AppConnectionString);
        await scheduler.OpenAsync();
        await using var busy = await scheduler.BeginTransactionAsync();
        await using (var lockTables = new NpgsqlCommand(
            "lock table quartz.qrtz_triggers, quartz.qrtz_fired_triggers, quartz.qrtz_job_details, quartz.qrtz_scheduler_state in row exclusive mode", scheduler, busy))
            await lockTables.ExecuteNonQueryAsync();

        // A node starting now provisions again: done already, it must not queue behind those locks (an index
        // "created if not exists" would, and could deadlock with the scheduler's next statement).
        var second = QuartzSchema.ProvisionAsync(db.AdminConnectionString, TestDatabase.AppRole, default);
        var finished = await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.Same(second, finished);
        await second;
        await busy.RollbackAsync();
    }
}
