using Npgsql;

namespace Atencion.EventStore.Tests;

public sealed class AppendOnlyTests(StoreFixture f) : IClassFixture<StoreFixture>
{
    private async Task<Guid> AStream()
    {
        var id = Guid.NewGuid();
        await f.Store().AppendAsync(StoreFixture.Tenant, id, "case", ExpectedVersion.NoStream, [new Opened("a"), new Noted("b", 1)], StoreFixture.Who);
        return id;
    }

    [Theory]
    [InlineData("update atencion.events set data = '{}'")]
    [InlineData("delete from atencion.events")]
    [InlineData("truncate atencion.events")]
    public async Task The_service_role_cannot_change_or_remove_events(string sql)
    {
        await AStream();
        await using var cmd = f.AppSource.CreateCommand(sql);
        var e = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
    }

    [Theory]
    [InlineData("update atencion.events set data = '{}'")]
    [InlineData("delete from atencion.events")]
    [InlineData("truncate atencion.events")]
    public async Task Even_the_owner_is_stopped_by_the_append_only_trigger(string sql)
    {
        var id = await AStream();
        var e = await Assert.ThrowsAsync<PostgresException>(() => f.Db.ExecAsAdminAsync(sql));
        Assert.Contains("append-only", e.MessageText);
        Assert.Equal(2, (await f.Store().ReadStreamAsync(StoreFixture.Tenant, id)).Count);
    }
}
