using System.Diagnostics;
using JasperFx.Core;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Spike;
using static Spike.Common;

public static class Q4
{
    const string Db = "s2_q4";

    /// <summary>Keeps the append's transaction open after Marten has inserted the events, then commits or rolls back.</summary>
    sealed class Hold(TimeSpan hold, bool rollback, int idleTimeoutMs = 0, bool crash = false) : ITransactionParticipant
    {
        public async Task BeforeCommitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken token)
        {
            if (idleTimeoutMs > 0)
                await new NpgsqlCommand($"set local idle_in_transaction_session_timeout = {idleTimeoutMs}", connection, transaction).ExecuteNonQueryAsync(token);
            if (crash) { await Task.Delay(hold, token); Console.WriteLine("S2| child: FailFast while holding the append transaction"); Environment.FailFast("s2 crash while holding append"); }
            await Task.Delay(hold, token);
            if (rollback) throw new InvalidOperationException("held append rolled back on purpose");
        }
    }

    public static async Task Crash(string db, Guid id)
    {
        await using var store = DocumentStore.For(o => Configure(o, db, "s2-crash-appender", []));
        await using var s = store.LightweightSession("t1");
        s.Events.StartStream(id, new Opened("held"));
        ((ITransactionParticipantRegistrar)s).AddTransactionParticipant(new Hold(TimeSpan.FromSeconds(2), false, crash: true));
        await s.SaveChangesAsync();
    }

    public static async Task Run(string[] which)
    {
        var all = new (string Name, bool Rollback, Action<StoreOptions>? Tweak)[]
        {
            ("A defaults, held 10 s then COMMIT", false, null),
            ("B defaults, held 10 s then ROLLBACK", true, null),
            ("C evidence OFF (UseTransactionEvidenceForGapSkipping=false), held 10 s then COMMIT", false, o => o.Projections.UseTransactionEvidenceForGapSkipping = false),
            ("D StaleSequenceThreshold=1s, held 10 s then COMMIT", false, o => o.Projections.StaleSequenceThreshold = 1.Seconds()),
            ("E StaleSequenceThreshold=1s, held 10 s then ROLLBACK", true, o => o.Projections.StaleSequenceThreshold = 1.Seconds()),
            ("F SkipStaleGapsDespiteLiveTransactionsAfter=5s, held 10 s then COMMIT", false, o => o.Projections.SkipStaleGapsDespiteLiveTransactionsAfter = 5.Seconds()),
            ("G defaults (StaleSequenceThreshold 3 s), held 0.3 s then ROLLBACK", true, null),
            ("H StaleSequenceThreshold=1s, held 0.3 s then ROLLBACK", true, o => o.Projections.StaleSequenceThreshold = 1.Seconds()),
            ("I defaults, held 10 s but the session has idle_in_transaction_session_timeout=3s (server kills it)", false, null),
            ("K defaults, appending PROCESS CRASHES after holding 2 s (no tombstone possible)", false, null),
            ("L StaleSequenceThreshold=1s, appending PROCESS CRASHES after holding 2 s", false, o => o.Projections.StaleSequenceThreshold = 1.Seconds()),
        };
        foreach (var s in all.Where(s => which.Length == 0 || which.Contains(s.Name[..1])))
            await Scenario(s.Name, s.Rollback, s.Tweak, s.Name.Contains("0.3 s") ? 0.3 : 10);
    }

    static async Task Scenario(string name, bool rollback, Action<StoreOptions>? tweak, double holdSeconds)
    {
        Log($"======== {name}");
        await RecreateDb(Db);
        var projections = new[] { new FactsProjection("facts", "s2_facts") };
        using var host = BuildHost(Db, "s2-q4", projections, extra: tweak, martenLevel: Microsoft.Extensions.Logging.LogLevel.Warning);
        await host.StartAsync();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await SeedAsync(store, "t0", 2, 2);
        await host.WaitForNonStaleProjectionDataAsync(30.Seconds());
        var t0 = Stopwatch.StartNew();
        double Now() => t0.Elapsed.TotalSeconds;

        var heldId = Guid.NewGuid();
        double heldEnd = -1;
        var held = Task.Run(async () =>
        {
            await using var s = store.LightweightSession("t1");
            s.Events.StartStream(heldId, new Opened("held"));
            if (name[0] is 'K' or 'L')
            {
                var rc = await ChildProc.RunAsync("crash-appender", $"q4crash {Db} {heldId}", TimeSpan.FromSeconds(60));
                Log($"  crash-appender exited with {rc} at {Now():0.0} s");
                heldEnd = Now();
                return;
            }
            ((ITransactionParticipantRegistrar)s).AddTransactionParticipant(new Hold(TimeSpan.FromSeconds(holdSeconds), rollback, name[0] == 'I' ? 3000 : 0));
            try { await s.SaveChangesAsync(); }
            catch (Exception e) { Log($"  held append failed as intended: {e.GetType().Name}: {e.Message}"); }
            heldEnd = Now();
        });
        double othersEnd = -1;
        var othersTask = Task.Run(async () =>
        {
        await Task.Delay(500);
        for (var i = 0; i < 50; i++)
        {
            await using var s = store.LightweightSession("t2");
            var id = Guid.NewGuid();
            s.Events.StartStream(id, new Opened("other " + i));
            await s.SaveChangesAsync();
            await Task.Delay(100);
        }
        othersEnd = Now();
        Log($"  50 other appends committed between 0.5 s and {othersEnd:0.0} s; held append started at 0 s");
        });

        string? last = null;
        double gapPassed = -1, othersProjected = -1, heldProjected = -1, markPassed = -1;
        var deadline = 35.0;
        while (Now() < deadline)
        {
            var row = await RowsAsync(Db, $"""
                select (select last_seq_id from public.mt_event_progression where name = 'facts:All'),
                       (select last_seq_id from public.mt_event_progression where name = 'HighWaterMark'),
                       (select last_seq_id || '@' || to_char(last_updated, 'HH24:MI:SS') from public.mt_event_progression where name = 'HighWaterStuckGap'),
                       (select count(*) from s2_facts.facts where tenant_id = 't2'),
                       (select count(*) from s2_facts.facts where tenant_id = 't1'),
                       (select max(seq_id) from public.mt_events)
                """);
            var r = row[0].Split(" | ");
            var line = $"progress={r[0]} HighWaterMark={r[1]} HighWaterStuckGap={r[2]} heldRow={r[4]}";
            if (line != last) Log($"  t={Now(),5:0.0}s {line} otherRows={r[3]}/50 maxSeq={r[5]}");
            last = line;
            if (othersProjected < 0 && r[3] == "50") othersProjected = Now();
            if (heldProjected < 0 && r[4] == "1") heldProjected = Now();
            if (markPassed < 0 && r[0] == r[5] && heldEnd > 0) markPassed = Now();
            if (gapPassed < 0 && long.Parse(r[0]) > 6) gapPassed = Now();
            if (othersEnd > 0 && heldEnd > 0 && othersProjected > 0 && (heldProjected > 0 || rollback || name[0] is 'I' or 'K' or 'L') && markPassed > 0 && Now() > heldEnd + 1) break;
            if (heldEnd > 0 && !rollback && Now() > heldEnd + 15) break;
            await Task.Delay(100);
        }
        await held; await othersTask;
        var heldSeq = await ScalarAsync(Db, $"select seq_id from public.mt_events where stream_id = '{heldId}'");
        Log($"  RESULT {name[..1]}: held append ended at {heldEnd:0.0} s (seq {heldSeq}); 50 others committed by {othersEnd:0.0} s, all projected at {othersProjected:0.0} s; " +
            $"held event projected at {(heldProjected < 0 ? "NEVER (within test)" : heldProjected.ToString("0.0") + " s")}; progress reached max seq at {markPassed:0.0} s; progress first passed the gap after seq 6 at {gapPassed:0.0} s");
        await PrintAsync(Db, "select starting_sequence, ending_sequence, to_char(timestamp, 'HH24:MI:SS') from public.mt_high_water_skips order by 1", "  mt_high_water_skips (recorded skipped ranges)");
        await host.StopAsync();
    }
}
