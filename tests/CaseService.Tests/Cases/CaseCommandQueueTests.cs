using Atencion.TestSupport;
using System.Net;
using Atencion.CaseService.Tests.Lifecycle;
using Npgsql;

namespace Atencion.CaseService.Tests.Cases;

/// <summary>
/// Case commands queue on the case's stream row (Wolverine's aggregate handler workflow fetches it for exclusive writing,
/// <c>DecideCaseHandler</c>): a command waits for whoever holds the case, then decides on what that writer left.
/// </summary>
public sealed class CaseCommandQueueTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task A_command_waits_while_another_writer_holds_the_case_then_decides_on_its_version()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        var before = (await advisor.View(id)).GetProperty("version").GetInt64();

        // Another writer holds the case's stream row, as a case command does from its fetch to its commit.
        await using var holder = new NpgsqlConnection(f.Db.AdminConnectionString);
        await holder.OpenAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand("select version from atencion_es.mt_streams where tenant_id = @t and id = @c for update", holder, tx))
        {
            hold.Parameters.AddWithValue("t", Api.Flori);
            hold.Parameters.AddWithValue("c", id);
            Assert.Equal(before, (long)(await hold.ExecuteScalarAsync())!);
        }

        var note = advisor.GivenNote(id, "escrita mientras otro escribía");
        // The note's session waits on the holder (the row lock), neither failing nor going ahead.
        await LockWaits.UntilSomeoneWaitsOnAsync(holder, tx);
        Assert.False(note.IsCompleted);

        await tx.CommitAsync();
        var added = await note;
        Assert.Equal(before + 1, added.Json().GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Twenty_concurrent_notes_on_one_case_all_commit_with_distinct_versions()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        var before = (await advisor.View(id)).GetProperty("version").GetInt64();

        var notes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => advisor.GivenNote(id, $"nota {i}"))));

        var versions = notes.Select(n => n.Json().GetProperty("version").GetInt64()).Order().ToArray();
        Assert.Equal(Enumerable.Range(1, 20).Select(i => before + i), versions);
        Assert.Equal(20, (await advisor.View(id)).GetProperty("notes").GetArrayLength());
    }
}
