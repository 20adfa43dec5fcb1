using Atencion.CaseService.Hosting;
using Atencion.CaseService.Jobs;
using Atencion.EventStore.Schema;
using Atencion.TestSupport;
using Npgsql;

namespace Atencion.CaseService.Tests.Jobs;

/// <summary>Hangfire's schema is installed by the owner with the migrations, usable (not alterable) by the service role, and a node starting later takes no lock a running server holds; Quartz's schema is dropped.</summary>
public sealed class HangfireSchemaTests : IAsyncLifetime
{
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync(MigrateOnStartup.Assemblies);

    public Task DisposeAsync() => db.DisposeAsync().AsTask();

    private async Task<object?> AsServiceAsync(string sql)
    {
        await using var app = new NpgsqlConnection(db.AppConnectionString);
        await app.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, app);
        return await cmd.ExecuteScalarAsync();
    }

    [Fact]
    public async Task Provisioning_installs_every_table_for_the_service_role_which_may_write_rows_but_not_change_the_schema()
    {
        await HangfireSchema.ProvisionAsync(db.AdminConnectionString, TestDatabase.AppRole, default);

        Assert.True((long)(await AsServiceAsync("select count(*) from pg_tables where schemaname = 'hangfire'"))! >= 10);
        Assert.True((int)(await AsServiceAsync("select max(version) from hangfire.schema"))! >= 20);
        await AsServiceAsync("insert into hangfire.counter (key, value) values ('t', 1); delete from hangfire.counter where key = 't'");
        var refused = await Assert.ThrowsAsync<PostgresException>(() => AsServiceAsync("create table hangfire.intruder (id int)"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        refused = await Assert.ThrowsAsync<PostgresException>(() => AsServiceAsync("alter table hangfire.job add column intruder int"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task A_second_provisioning_waits_on_no_lock_a_running_server_holds()
    {
        await HangfireSchema.ProvisionAsync(db.AdminConnectionString, TestDatabase.AppRole, default);

        // Another node's server is mid-transaction on its tables (row-exclusive locks, as its updates take).
        await using var server = new NpgsqlConnection(db.AppConnectionString);
        await server.OpenAsync();
        await using var busy = await server.BeginTransactionAsync();
        await using (var lockTables = new NpgsqlCommand(
            "lock table hangfire.job, hangfire.jobqueue, hangfire.state, hangfire.server, hangfire.hash, hangfire.lock in row exclusive mode", server, busy))
            await lockTables.ExecuteNonQueryAsync();

        var second = HangfireSchema.ProvisionAsync(db.AdminConnectionString, TestDatabase.AppRole, default);
        var finished = await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.Same(second, finished);
        await second;
        await busy.RollbackAsync();
    }

    [Fact]
    public async Task The_migration_drops_the_schema_Quartz_left()
    {
        await using (var admin = new NpgsqlConnection(db.AdminConnectionString))
        {
            await admin.OpenAsync();
            // A database as the Quartz version left it: its schema and tables, and the migration not yet applied.
            await using var before = new NpgsqlCommand("""
                create schema quartz;
                create table quartz.qrtz_locks (sched_name text, lock_name text);
                delete from atencion.schema_migrations where name = '0250_drop_quartz.sql';
                """, admin);
            await before.ExecuteNonQueryAsync();
        }

        var applied = await new Migrator(db.AdminConnectionString, TestDatabase.AppRole, MigrateOnStartup.Assemblies).MigrateAsync();

        Assert.Contains("0250_drop_quartz.sql", applied);
        Assert.Equal(0L, await AsServiceAsync("select count(*) from pg_namespace where nspname = 'quartz'"));
    }
}
