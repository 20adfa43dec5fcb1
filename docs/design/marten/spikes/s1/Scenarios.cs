using System.Reflection;
using Atencion.Domain.Cases;
using JasperFx.Events;
using Marten;
using Marten.Services;
using Npgsql;

public static class Scenarios
{
    static string Cs = "";
    static string S = "";
    static void H(string t) => Console.WriteLine($"\n===== {t} =====");

    public static async Task Run(DocumentStore storeA, DocumentStore storeB, string cs, string schema)
    {
        Cs = cs; S = schema;
        // fresh schema each run
        await Exec($"drop schema if exists {S} cascade");
        await storeB.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        await Q1(storeA, storeB);
        var (caseId, tsAfterV2) = await Q2(storeB);
        await Q3(storeB, caseId, tsAfterV2);
        await Q4(storeB);
        await Task.Delay(1500); // tombstones are written asynchronously (WaitForPendingTombstonesAsync is internal)
        await Q5(storeB);
        await Extras(storeB);
    }

    // ---------------------------------------------------------------------------------------------
    static async Task Q1(DocumentStore storeA, DocumentStore storeB)
    {
        H("Q1 explicit type names + rename + upcast");
        var id = Guid.NewGuid();
        await using (var s = storeA.LightweightSession("tenant-a"))
        {
            s.Events.StartStream<CaseView>(id,
                new Legacy.Events.CaseOpened(id, "old subject", "web"),
                new Legacy.Events.NoteAdded("hello from v1"));
            await s.SaveChangesAsync();
        }
        await Dump($"select seq_id, version, type, mt_dotnet_type, data::text from {S}.mt_events where stream_id='{id}' order by version");

        // read with the CURRENT code base (store B: legacy types unregistered)
        await using (var q = storeB.QuerySession("tenant-a"))
        {
            var evs = await q.Events.FetchStreamAsync(id);
            foreach (var e in evs) Console.WriteLine($"  B reads v{e.Version}: {e.EventTypeName} -> {e.EventType.FullName}: {e.Data}");
            var agg = await q.Events.AggregateStreamAsync<CaseView>(id);
            Console.WriteLine($"  B aggregate: {agg}");
        }

        // Simulate the old CLR type truly gone: dotnet type name no longer resolvable
        await Exec($"update {S}.mt_events set mt_dotnet_type = 'Gone.Namespace.CaseOpened, GoneAssembly' where stream_id='{id}' and version=1");
        await Exec($"update {S}.mt_events set mt_dotnet_type = 'Gone.Namespace.NoteAdded, GoneAssembly' where stream_id='{id}' and version=2");
        await using (var q = storeB.QuerySession("tenant-a"))
        {
            var evs = await q.Events.FetchStreamAsync(id);
            foreach (var e in evs) Console.WriteLine($"  B reads (dotnet_type unresolvable) v{e.Version}: {e.EventTypeName} -> {e.EventType.FullName}: {e.Data}");
        }
        // New writes by B use the explicit names
        await using (var s = storeB.LightweightSession("tenant-a"))
        {
            s.Events.Append(id, new CaseNoteAdded("v2 note", "ana"));
            await s.SaveChangesAsync();
        }
        await Dump($"select version, type, mt_dotnet_type, data::text from {S}.mt_events where stream_id='{id}' and version=3");
        // what does store A (old code) do with a name it does not know ("NoteAdded.v2")?
        try
        {
            await using var q = storeA.QuerySession("tenant-a");
            var evs = await q.Events.FetchStreamAsync(id);
            Console.WriteLine($"  A (old code) reads {evs.Count} events: " + string.Join(", ", evs.Select(e => e.EventTypeName + "=" + e.Data?.GetType().Name)));
        }
        catch (Exception ex) { Console.WriteLine($"  A (old code) reading unknown type: {ex.GetType().FullName}: {First(ex.Message)}"); }

        await Exec($"update {S}.mt_events set mt_dotnet_type = 'Gone.Namespace.CaseNoteAdded, GoneAssembly' where stream_id='{id}' and version=3");
        try
        {
            await using var q = storeA.QuerySession("tenant-a");
            var evs = await q.Events.FetchStreamAsync(id);
            Console.WriteLine($"  A reads, name AND dotnet type unknown: {evs.Count} events: " + string.Join(", ", evs.Select(e => e.EventTypeName + "=" + e.Data?.GetType().Name)));
        }
        catch (Exception ex) { Console.WriteLine($"  A reads, name AND dotnet type unknown: {ex.GetType().FullName}: {First(ex.Message)}"); }
        await Exec($"update {S}.mt_events set mt_dotnet_type = 'Atencion.Domain.Cases.CaseNoteAdded, Spike' where stream_id='{id}' and version=3");

        // MartenEvent(Alias) attribute, without explicit registration
        var id2 = Guid.NewGuid();
        await using (var s = storeB.LightweightSession("tenant-a"))
        {
            s.Events.StartStream(id2, new Spike.AttrTest.AttributeAliasedEvent("x"));
            await s.SaveChangesAsync();
        }
        await Dump($"select type from {S}.mt_events where stream_id='{id2}'");
        Console.WriteLine($"  storeB mapping name for CaseOpenedV2 = {((Marten.Events.EventGraph)storeB.Options.Events).EventMappingFor(typeof(CaseOpenedV2)).EventTypeName}");
        Console.WriteLine($"  storeB mapping name for unmapped CaseView-ish type (convention) = {((Marten.Events.EventGraph)storeB.Options.Events).EventMappingFor(typeof(Legacy.Events.CaseOpened)).EventTypeName}");
    }

    // ---------------------------------------------------------------------------------------------
    static async Task<(Guid, DateTimeOffset)> Q2(DocumentStore store)
    {
        H("Q2 external NpgsqlConnection + NpgsqlTransaction");
        var id = Guid.NewGuid();
        const string tenant = "ent-1";
        long maxSeqBefore = await Scalar<long>($"select coalesce(max(seq_id),0) from {S}.mt_events");

        // --- commit path: StartStream
        await using var conn = new NpgsqlConnection(Cs);
        await conn.OpenAsync();
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var so = SessionOptions.ForTransaction(tx);
            so.TenantId = tenant;
            Console.WriteLine($"  SessionOptions.OwnsTransactionLifecycle={so.OwnsTransactionLifecycle}");
            StreamAction action;
            await using (var session = store.LightweightSession(so))
            {
                session.CorrelationId = "corr-1";
                session.CausationId = "cause-1";
                session.LastModifiedBy = "agent:ana";
                session.SetHeader("role", "agent");
                session.SetHeader("channel", "web");
                action = session.Events.StartStream<CaseView>(id,
                    new CaseOpenedV2(id, "subject", "web"),
                    new CaseAssigned("ana").AsEvent().WithHeader("onBehalfOf", "citizen-7"));
                foreach (var e in action.Events) Console.WriteLine($"  before save: seq={e.Sequence} v={e.Version} ts={e.Timestamp:O} id={e.Id}");
                await session.SaveChangesAsync();
                foreach (var e in action.Events) Console.WriteLine($"  after save:  seq={e.Sequence} v={e.Version} ts={e.Timestamp:O} id={e.Id} tenant={e.TenantId} corr={e.CorrelationId} user={e.UserName} headers={Hdr(e.Headers)}");
            }
            Console.WriteLine($"  after session dispose: conn.State={conn.State} tx.Connection is null? {tx.Connection is null}");
            // our SQL on the same tx
            await Dump($"select seq_id, id, stream_id, version, data::text, type, timestamp, tenant_id, mt_dotnet_type, is_archived, correlation_id, causation_id, headers::text, user_name, xmin::text xmin, pg_current_xact_id()::text cur_xid from {S}.mt_events where tenant_id='{tenant}' and stream_id='{id}' order by version", conn, tx);
            await Dump($"select * from {S}.mt_streams where tenant_id='{tenant}' and id='{id}'", conn, tx);
            Console.WriteLine($"  visible from ANOTHER connection before commit: {await Scalar<long>($"select count(*) from {S}.mt_events where stream_id='{id}'")}");
            await tx.CommitAsync();
            Console.WriteLine($"  we committed ourselves; visible from another connection now: {await Scalar<long>($"select count(*) from {S}.mt_events where stream_id='{id}'")}");
        }
        await Task.Delay(50);

        // --- rollback path: append with expected version
        long rolledBackSeq;
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var so = SessionOptions.ForTransaction(tx); so.TenantId = tenant;
            await using var session = store.LightweightSession(so);
            var a = session.Events.Append(id, 3, new CaseNoteAdded("will be rolled back", "ana"));
            await session.SaveChangesAsync();
            rolledBackSeq = a.Events[0].Sequence;
            Console.WriteLine($"  rollback path: appended seq={rolledBackSeq} v={a.Events[0].Version}; in-tx count={await Scalar<long>($"select count(*) from {S}.mt_events where stream_id='{id}'", conn, tx)}; stream version in tx={await Scalar<long>($"select version from {S}.mt_streams where id='{id}'", conn, tx)}");
            await tx.RollbackAsync();
        }
        Console.WriteLine($"  after rollback: count={await Scalar<long>($"select count(*) from {S}.mt_events where stream_id='{id}'")}, stream version={await Scalar<long>($"select version from {S}.mt_streams where id='{id}'")}, row with seq {rolledBackSeq} exists={await Scalar<bool>($"select exists(select 1 from {S}.mt_events where seq_id={rolledBackSeq})")}");

        await Task.Delay(50);
        var tsAfterV2 = new DateTimeOffset(await Scalar<DateTime>($"select max(timestamp) from {S}.mt_events where stream_id='{id}'"));
        await Task.Delay(50);

        // --- commit path: Append with expected version 3 (2 events -> v3, v4) -> shows seq gap
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var so = SessionOptions.ForTransaction(tx); so.TenantId = tenant;
            await using var session = store.LightweightSession(so);
            var a = session.Events.Append(id, 4, new CaseNoteAdded("first note", "ana"), new CaseNoteAdded("second note", "luis"));
            await session.SaveChangesAsync();
            Console.WriteLine($"  Append(id, expectedVersion: 4, 2 events): " + string.Join("; ", a.Events.Select(e => $"seq={e.Sequence} v={e.Version}")) + $" (rolled back seq was {rolledBackSeq})");
            await tx.CommitAsync();
        }
        await Task.Delay(50);
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var so = SessionOptions.ForTransaction(tx); so.TenantId = tenant;
            await using var session = store.LightweightSession(so);
            session.Events.Append(id, 5, new CaseClosed("resolved"));
            await session.SaveChangesAsync();
            await tx.CommitAsync();
        }
        await Dump($"select seq_id, version, type from {S}.mt_events where stream_id='{id}' order by version");

        // --- expected version mismatch
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var so = SessionOptions.ForTransaction(tx); so.TenantId = tenant;
            await using var session = store.LightweightSession(so);
            session.Events.Append(id, 3, new CaseNoteAdded("stale", "x"));   // actual version is 5
            try { await session.SaveChangesAsync(); Console.WriteLine("  NO EXCEPTION on stale expected version!"); }
            catch (Exception ex) { DescribeEx("stale expected version (Append(id, 3, ..) at v5)", ex); }
            await TxState(conn, tx);
            await tx.RollbackAsync();
        }
        // --- expected version mismatch, "too high"
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var so = SessionOptions.ForTransaction(tx); so.TenantId = tenant;
            await using var session = store.LightweightSession(so);
            session.Events.Append(id, 9, new CaseNoteAdded("future", "x"));
            try { await session.SaveChangesAsync(); Console.WriteLine("  NO EXCEPTION on expected version too high!"); }
            catch (Exception ex) { DescribeEx("expected version too high (Append(id, 9, ..) at v5)", ex); }
            await TxState(conn, tx);
            await tx.RollbackAsync();
        }
        // --- duplicate StartStream
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var so = SessionOptions.ForTransaction(tx); so.TenantId = tenant;
            await using var session = store.LightweightSession(so);
            session.Events.StartStream<CaseView>(id, new CaseOpenedV2(id, "dup", "web"));
            try { await session.SaveChangesAsync(); Console.WriteLine("  NO EXCEPTION on duplicate StartStream!"); }
            catch (Exception ex) { DescribeEx("duplicate StartStream", ex); }
            await TxState(conn, tx);
            await tx.RollbackAsync();
        }
        // --- same stream id in another tenant is fine (conjoined)
        await using (var s = store.LightweightSession("ent-2"))
        {
            s.Events.StartStream<CaseView>(id, new CaseOpenedV2(id, "other tenant's case", "phone"));
            await s.SaveChangesAsync();
            Console.WriteLine("  same stream id started in tenant ent-2: OK");
        }
        // --- shouldAutoCommit: true ?
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var so = SessionOptions.ForTransaction(tx, shouldAutoCommit: true); so.TenantId = tenant;
            var idX = Guid.NewGuid();
            await using (var session = store.LightweightSession(so))
            {
                session.Events.StartStream<CaseView>(idX, new CaseOpenedV2(idX, "autocommit", "web"));
                await session.SaveChangesAsync();
            }
            Console.WriteLine($"  ForTransaction(tx, shouldAutoCommit:true): visible from other conn after SaveChanges = {await Scalar<long>($"select count(*) from {S}.mt_events where stream_id='{idX}'")}, conn.State={conn.State}");
            try { await tx.RollbackAsync(); Console.WriteLine("  our RollbackAsync afterwards: no error"); } catch (Exception ex) { Console.WriteLine($"  our RollbackAsync afterwards: {ex.GetType().Name}: {First(ex.Message)}"); }
            Console.WriteLine($"  after our rollback visible: {await Scalar<long>($"select count(*) from {S}.mt_events where stream_id='{idX}'")}");
        }
        return (id, tsAfterV2);
    }

    // ---------------------------------------------------------------------------------------------
    static async Task Q3(DocumentStore store, Guid id, DateTimeOffset tsAfterV2)
    {
        H("Q3 reading: FetchStreamAsync + time travel");
        await using var q = store.QuerySession("ent-1");
        var evs = await q.Events.FetchStreamAsync(id);
        foreach (var e in evs)
            Console.WriteLine($"  v{e.Version} seq={e.Sequence} {e.EventTypeName} ts={e.Timestamp:O} tenant={e.TenantId} corr={e.CorrelationId} cause={e.CausationId} user={e.UserName} headers={Hdr(e.Headers)} data={e.Data}");
        for (var v = 1; v <= 5; v++)
            Console.WriteLine($"  AggregateStreamAsync(version:{v}) = {await q.Events.AggregateStreamAsync<CaseView>(id, version: v)}");
        Console.WriteLine($"  AggregateStreamAsync(version:99) = {await q.Events.AggregateStreamAsync<CaseView>(id, version: 99) as object ?? "null"}");
        Console.WriteLine($"  AggregateStreamAsync(version:6) = {await q.Events.AggregateStreamAsync<CaseView>(id, version: 6) as object ?? "null"}");
        Console.WriteLine($"  AggregateStreamAsync(version:0) = {await q.Events.AggregateStreamAsync<CaseView>(id, version: 0) as object ?? "null"}");
        Console.WriteLine($"  AggregateStreamAsync(timestamp: now+1h) = {await q.Events.AggregateStreamAsync<CaseView>(id, timestamp: DateTimeOffset.UtcNow.AddHours(1)) as object ?? "null"}");
        Console.WriteLine($"  AggregateStreamAsync(timestamp: tsAfterV2 - 1 microsecond) = {await q.Events.AggregateStreamAsync<CaseView>(id, timestamp: tsAfterV2.AddTicks(-10)) as object ?? "null"}");
        Console.WriteLine($"  AggregateStreamAsync(timestamp: {tsAfterV2:O}) = {await q.Events.AggregateStreamAsync<CaseView>(id, timestamp: tsAfterV2)}");
        Console.WriteLine($"  AggregateStreamAsync(timestamp: long ago) = {await q.Events.AggregateStreamAsync<CaseView>(id, timestamp: DateTimeOffset.UtcNow.AddYears(-1)) as object ?? "null"}");
        Console.WriteLine($"  AggregateStreamAsync(unknown id) = {await q.Events.AggregateStreamAsync<CaseView>(Guid.NewGuid()) as object ?? "null"}");
        var st = await q.Events.FetchStreamStateAsync(id);
        Console.WriteLine($"  FetchStreamStateAsync: version={st!.Version} created={st.Created:O} last={st.LastTimestamp:O} aggregateType={st.AggregateType?.Name}");
        await using var q2 = store.QuerySession("ent-2");
        Console.WriteLine($"  tenant ent-2 sees the same id as: {await q2.Events.AggregateStreamAsync<CaseView>(id)} ({(await q2.Events.FetchStreamAsync(id)).Count} events)");
        await using var q3 = store.QuerySession("ent-3");
        Console.WriteLine($"  tenant ent-3 sees: {await q3.Events.AggregateStreamAsync<CaseView>(id) as object ?? "null"} ({(await q3.Events.FetchStreamAsync(id)).Count} events)");
        // FetchStreamAsync with version / timestamp
        Console.WriteLine($"  FetchStreamAsync(id, version: 2).Count = {(await q.Events.FetchStreamAsync(id, version: 2)).Count}; (timestamp: tsAfterV2).Count = {(await q.Events.FetchStreamAsync(id, timestamp: tsAfterV2)).Count}");
    }

    // ---------------------------------------------------------------------------------------------
    static async Task Q4(DocumentStore store)
    {
        H("Q4 FetchForWriting inside external transaction");
        const string tenant = "ent-1";
        var id = Guid.NewGuid();
        await using (var s = store.LightweightSession(tenant))
        {
            s.Events.StartStream<CaseView>(id, new CaseOpenedV2(id, "ffw", "web"));
            await s.SaveChangesAsync();
        }

        // (a) plain: no interference
        await using var conn = new NpgsqlConnection(Cs);
        await conn.OpenAsync();
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var so = SessionOptions.ForTransaction(tx); so.TenantId = tenant;
            await using var session = store.LightweightSession(so);
            var stream = await session.Events.FetchForWriting<CaseView>(id);
            Console.WriteLine($"  (a) FetchForWriting: Aggregate={stream.Aggregate} StartingVersion={stream.StartingVersion} CurrentVersion={stream.CurrentVersion}");
            stream.AppendOne(new CaseAssigned("ana"));
            await session.SaveChangesAsync();
            Console.WriteLine($"  (a) appended; CurrentVersion now={stream.CurrentVersion}; event v={stream.Events.Last().Version} seq={stream.Events.Last().Sequence}");
            await tx.CommitAsync();
        }

        // (b) another transaction appends AND COMMITS between our fetch and our save
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var so = SessionOptions.ForTransaction(tx); so.TenantId = tenant;
            await using var session = store.LightweightSession(so);
            var stream = await session.Events.FetchForWriting<CaseView>(id);
            Console.WriteLine($"  (b) fetched at version {stream.CurrentVersion}");
            await using (var other = store.LightweightSession(tenant))
            {
                other.Events.Append(id, new CaseNoteAdded("sneaky", "other"));
                await other.SaveChangesAsync();
                Console.WriteLine("  (b) other session appended + committed");
            }
            stream.AppendOne(new CaseNoteAdded("mine", "ana"));
            try { await session.SaveChangesAsync(); Console.WriteLine("  (b) NO EXCEPTION"); }
            catch (Exception ex) { DescribeEx("(b) FetchForWriting then concurrent committed append", ex); }
            await TxState(conn, tx);
            Console.WriteLine($"      in our tx after failure: events in stream={await Scalar<long>($"select count(*) from {S}.mt_events where stream_id='{id}'", conn, tx)}, stream version={await Scalar<long>($"select version from {S}.mt_streams where id='{id}' and tenant_id='{tenant}'", conn, tx)}");
            await tx.RollbackAsync();
        }

        // (c) another transaction appends but is still OPEN when we save: do we block?
        var conn2 = new NpgsqlConnection(Cs); await conn2.OpenAsync();
        var tx2 = await conn2.BeginTransactionAsync();
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var so = SessionOptions.ForTransaction(tx); so.TenantId = tenant;
            await using var session = store.LightweightSession(so);
            var stream = await session.Events.FetchForWriting<CaseView>(id);
            Console.WriteLine($"  (c) fetched at version {stream.CurrentVersion}");
            var so2 = SessionOptions.ForTransaction(tx2); so2.TenantId = tenant;
            await using (var other = store.LightweightSession(so2))
            {
                other.Events.Append(id, new CaseNoteAdded("other-open", "other"));
                await other.SaveChangesAsync();
                Console.WriteLine("  (c) other tx appended, NOT committed");
            }
            stream.AppendOne(new CaseNoteAdded("mine", "ana"));
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var save = session.SaveChangesAsync();
            await Task.WhenAny(save, Task.Delay(1500));
            Console.WriteLine($"  (c) our SaveChanges after 1.5 s: completed={save.IsCompleted}");
            await tx2.CommitAsync();
            Console.WriteLine("  (c) other tx committed");
            try { await save; Console.WriteLine($"  (c) our save succeeded after {sw.ElapsedMilliseconds} ms"); }
            catch (Exception ex) { Console.WriteLine($"  (c) after {sw.ElapsedMilliseconds} ms:"); DescribeEx("(c) concurrent uncommitted append", ex); }
            await TxState(conn, tx);
            await tx.RollbackAsync();
        }
        await conn2.DisposeAsync();

        // (d) FetchForWriting with expected version (If-Match)
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var so = SessionOptions.ForTransaction(tx); so.TenantId = tenant;
            await using var session = store.LightweightSession(so);
            try { var st = await session.Events.FetchForWriting<CaseView>(id, 1); Console.WriteLine($"  (d) FetchForWriting(id, expectedVersion:1) returned at {st.CurrentVersion} (no throw at fetch)"); st.AppendOne(new CaseClosed("x")); await session.SaveChangesAsync(); Console.WriteLine("  (d) save OK?!"); }
            catch (Exception ex) { DescribeEx("(d) FetchForWriting(id, expectedVersion: 1) when stream is at 3", ex); }
            await tx.RollbackAsync();
        }
        // (e) FetchForExclusiveWriting: row lock
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var so = SessionOptions.ForTransaction(tx); so.TenantId = tenant;
            await using var session = store.LightweightSession(so);
            var st = await session.Events.FetchForExclusiveWriting<CaseView>(id);
            Console.WriteLine($"  (e) FetchForExclusiveWriting at v{st.CurrentVersion}; a second tx trying the same:");
            var t2 = Task.Run(async () =>
            {
                await using var other = store.LightweightSession(tenant);
                var sw = System.Diagnostics.Stopwatch.StartNew();
                try { var s2 = await other.Events.FetchForExclusiveWriting<CaseView>(id); return $"got it after {sw.ElapsedMilliseconds} ms at v{s2.CurrentVersion}"; }
                catch (Exception ex) { return $"{ex.GetType().FullName} after {sw.ElapsedMilliseconds} ms: {First(ex.Message)}"; }
            });
            await Task.WhenAny(t2, Task.Delay(1000));
            Console.WriteLine($"  (e) second one finished within 1 s? {t2.IsCompleted}{(t2.IsCompleted ? " -> " + t2.Result : "")}");
            st.AppendOne(new CaseClosed("done"));
            await session.SaveChangesAsync();
            await tx.CommitAsync();
            Console.WriteLine($"  (e) after our commit, second: {await t2}");
        }
    }

    // ---------------------------------------------------------------------------------------------
    static async Task Q5(DocumentStore store)
    {
        H("Q5 columns");
        foreach (var t in new[] { "mt_events", "mt_streams" })
            await Dump($"select column_name, data_type, is_nullable, column_default from information_schema.columns where table_schema='{S}' and table_name='{t}' order by ordinal_position");
        await Dump($"select indexname, indexdef from pg_indexes where schemaname='{S}' and tablename in ('mt_events','mt_streams') order by 1");
        await Dump($"select conname, pg_get_constraintdef(oid) from pg_constraint where conrelid in ('{S}.mt_events'::regclass, '{S}.mt_streams'::regclass)");
        await Dump($"select tgname, pg_get_triggerdef(oid) from pg_trigger where tgrelid in ('{S}.mt_events'::regclass, '{S}.mt_streams'::regclass) and not tgisinternal");
        await Dump($"select data::text, headers::text, timestamp, extract(epoch from timestamp)::text epoch from {S}.mt_events where type='CaseAssigned' order by seq_id limit 2");
        await Dump($"select seq_id, tenant_id, stream_id, version, type, mt_dotnet_type, data::text from {S}.mt_events where type='tombstone' order by seq_id");
        await Dump($"select * from {S}.mt_streams where type is null or version = 0");
        Console.WriteLine($"  JasperFx.Events.Tombstone.StreamId = {typeof(JasperFx.Events.Tombstone).GetField("StreamId")?.GetValue(null) ?? typeof(JasperFx.Events.Tombstone).GetProperty("StreamId")?.GetValue(null)}");
        await Dump("""select '{"b":1,"a":"x","aa":1.50,"z":null,"c":[1, 2 ,{"y":2,"x":1}]}'::jsonb::text as normalized""");
        // Spanish text / emoji / quotes / numbers: client JSON vs stored jsonb text
        var id = Guid.NewGuid();
        var ev = new CaseNoteAdded("Atención ñandú \"citado\" <b> \u00e9 😀 \\ tab\t", "José");
        Console.WriteLine($"  serializer.ToJson = {store.Options.Serializer().ToJson(ev)}");
        await using (var s = store.LightweightSession("ent-1"))
        {
            s.Events.StartStream<CaseView>(id, new CaseOpenedV2(id, "ñ", "web"), ev);
            await s.SaveChangesAsync();
        }
        await Dump($"select data::text, octet_length(data::text) bytes, timestamp, (extract(epoch from timestamp)*1000000)::bigint micros, to_char(timestamp at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') utc_text from {S}.mt_events where stream_id='{id}' and version=2");
        await Dump("select current_setting('TimeZone') tz, now()::text now_text");
    }

    // ---------------------------------------------------------------------------------------------
    static async Task Extras(DocumentStore store)
    {
        H("Extras: SQL issued by a Rich append on the external transaction");
        var id = Guid.NewGuid();
        await using (var s = store.LightweightSession("ent-1"))
        {
            s.Events.StartStream<CaseView>(id, new CaseOpenedV2(id, "sql", "web"));
            await s.SaveChangesAsync();
        }
        await using var conn = new NpgsqlConnection(Cs);
        await conn.OpenAsync();
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var so = SessionOptions.ForTransaction(tx); so.TenantId = "ent-1";
            await using var session = store.LightweightSession(so);
            session.Logger = new SqlPrinter();
            var st = await session.Events.FetchForWriting<CaseView>(id);
            st.AppendOne(new CaseAssigned("x"));
            session.Events.Append(id, 3, new CaseNoteAdded("y", "z"));
            await session.SaveChangesAsync();
            await tx.CommitAsync();
        }
        H("Extras: HMAC over the stored row, computed in SQL in the append's tx, recomputed in C# from columns");
        await Exec($"create table if not exists {S}.s1_event_hash (seq_id bigint primary key, hash bytea not null)");
        var key = System.Text.Encoding.UTF8.GetBytes("spike-key-not-in-db");
        var (ipad, opad) = Pads(key);
        const string Canon = "t.tenant_id || E'\\n' || t.stream_id::text || E'\\n' || t.version::text || E'\\n' || t.id::text || E'\\n' || t.seq_id::text || E'\\n' || t.type || E'\\n' || ((extract(epoch from t.timestamp)*1000000)::bigint)::text || E'\\n' || t.data::text || E'\\n' || coalesce(t.headers::text,'') || E'\\n' || coalesce(t.correlation_id,'') || E'\\n' || coalesce(t.causation_id,'') || E'\\n' || coalesce(t.user_name,'')";
        long[] seqs;
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var so = SessionOptions.ForTransaction(tx); so.TenantId = "ent-1";
            await using var session = store.LightweightSession(so);
            session.CorrelationId = "c-9"; session.SetHeader("role", "agente");
            var a = session.Events.Append(id, new CaseNoteAdded("¿Qué tal? 😀 \"x\"", "Núñez"), new CaseAssigned("ana"));
            await session.SaveChangesAsync();
            seqs = a.Events.Select(e => e.Sequence).ToArray();
            await using var cmd = new NpgsqlCommand($"insert into {S}.s1_event_hash (seq_id, hash) select t.seq_id, sha256(@opad || sha256(@ipad || convert_to({Canon}, 'UTF8'))) from {S}.mt_events t where t.seq_id = any(@seqs) returning seq_id", conn, tx);
            cmd.Parameters.AddWithValue("opad", opad); cmd.Parameters.AddWithValue("ipad", ipad); cmd.Parameters.AddWithValue("seqs", seqs);
            var n = 0; await using (var r = await cmd.ExecuteReaderAsync()) while (await r.ReadAsync()) n++;
            Console.WriteLine($"  hashed {n} rows (seqs {string.Join(",", seqs)}) in the append's transaction");
            await tx.CommitAsync();
        }
        await using (var cmd = new NpgsqlCommand($"select t.tenant_id, t.stream_id, t.version, t.id, t.seq_id, t.type, (extract(epoch from t.timestamp)*1000000)::bigint, t.data::text, t.headers::text, t.correlation_id, t.causation_id, t.user_name, h.hash from {S}.mt_events t join {S}.s1_event_hash h using (seq_id) order by seq_id", conn))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync())
            {
                string Str(int i) => r.IsDBNull(i) ? "" : r.GetValue(i).ToString()!;
                var canon = string.Join('\n', Str(0), r.GetGuid(1).ToString("D"), r.GetInt64(2).ToString(), r.GetGuid(3).ToString("D"), r.GetInt64(4).ToString(), Str(5), r.GetInt64(6).ToString(), Str(7), Str(8), Str(9), Str(10), Str(11));
                var mine = System.Security.Cryptography.HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes(canon));
                Console.WriteLine($"  seq {r.GetInt64(4)}: C# HMAC over columns == SQL hash? {mine.AsSpan().SequenceEqual((byte[])r.GetValue(12))}  data::text={Str(7)} headers={Str(8)}");
            }

        H("Extras: second ApplyAllConfiguredChangesToDatabaseAsync / migration delta");
        var mig = await store.Storage.Database.CreateMigrationAsync();
        Console.WriteLine($"  migration difference = {mig.Difference}");
        foreach (var d in mig.Deltas.Where(d => d.Difference != Weasel.Core.SchemaPatchDifference.None)) Console.WriteLine($"    delta: {d.SchemaObject.Identifier} {d.Difference}");
        await File.WriteAllTextAsync("../schema.sql", store.Storage.ToDatabaseScript());
        var ddl = store.Storage.ToDatabaseScript();
        foreach (var line in ddl.Split('\n').Where(l => l.Contains("timestamp") && l.Contains("mt_events") || l.Contains("DEFAULT") && l.Contains("timestamp")).Take(10)) Console.WriteLine("  DDL: " + line.Trim());
        H("Extras: FetchForWriting on the stream with upcast/renamed events (Q1)");
        await using (var q = store.QuerySession("tenant-a"))
        {
            var sid = await Scalar<Guid>($"select id from {S}.mt_streams where tenant_id='tenant-a' and type='case_view'");
            await using var s = store.LightweightSession("tenant-a");
            var st = await s.Events.FetchForWriting<CaseView>(sid);
            Console.WriteLine($"  {st.Aggregate} at v{st.CurrentVersion}");
        }
    }

    static (byte[], byte[]) Pads(byte[] k)
    {
        var i = new byte[64]; var o = new byte[64];
        for (var n = 0; n < 64; n++) { var b = n < k.Length ? k[n] : (byte)0; i[n] = (byte)(b ^ 0x36); o[n] = (byte)(b ^ 0x5c); }
        return (i, o);
    }

    sealed class SqlPrinter : Marten.IMartenSessionLogger
    {
        public void LogSuccess(NpgsqlCommand c) => Console.WriteLine("  SQL ok: " + Flat(c.CommandText));
        public void LogFailure(NpgsqlCommand c, Exception ex) => Console.WriteLine("  SQL FAIL: " + Flat(c.CommandText));
        public void LogSuccess(NpgsqlBatch b) { foreach (var c in b.BatchCommands) Console.WriteLine("  SQL batch ok: " + Flat(c.CommandText)); }
        public void LogFailure(NpgsqlBatch b, Exception ex) { foreach (var c in b.BatchCommands) Console.WriteLine("  SQL batch FAIL: " + Flat(c.CommandText)); }
        public void LogFailure(Exception ex, string message) => Console.WriteLine("  FAIL " + message);
        public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) { }
        public void OnBeforeExecute(NpgsqlCommand command) { }
        public void OnBeforeExecute(NpgsqlBatch batch) { }
        static string Flat(string s) => System.Text.RegularExpressions.Regex.Replace(s, @"\s+", " ");
    }

    // ---------------------------------------------------------------------------------------------
    static string Hdr(Dictionary<string, object>? h) => h is null ? "null" : "{" + string.Join(",", h.Select(kv => $"{kv.Key}={kv.Value}")) + "}";
    static string First(string m) => m.Split('\n')[0];

    static void DescribeEx(string label, Exception ex)
    {
        Console.WriteLine($"  [{label}] {ex.GetType().FullName}");
        for (var t = ex.GetType().BaseType; t != null && t != typeof(object); t = t.BaseType) Console.WriteLine($"      : {t.FullName}");
        Console.WriteLine($"      Message: {First(ex.Message)}");
        foreach (var p in ex.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.DeclaringType != typeof(Exception)))
        {
            object? v; try { v = p.GetValue(ex); } catch { v = "?"; }
            Console.WriteLine($"      {p.Name} = {v}");
        }
        if (ex.InnerException != null) Console.WriteLine($"      Inner: {ex.InnerException.GetType().FullName}: {First(ex.InnerException.Message)}");
    }

    static async Task TxState(NpgsqlConnection conn, NpgsqlTransaction tx)
    {
        try { await using var c = new NpgsqlCommand("select 1", conn, tx); await c.ExecuteScalarAsync(); Console.WriteLine($"      our tx still usable (select 1 OK); conn.State={conn.State}"); }
        catch (Exception ex) { Console.WriteLine($"      our tx after the failure: {ex.GetType().Name}: {First(ex.Message)}; conn.State={conn.State}"); }
    }

    static async Task Exec(string sql)
    {
        await using var c = new NpgsqlConnection(Cs); await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c); await cmd.ExecuteNonQueryAsync();
    }
    static async Task<T> Scalar<T>(string sql, NpgsqlConnection? conn = null, NpgsqlTransaction? tx = null)
    {
        NpgsqlConnection? own = null;
        if (conn is null) { own = new NpgsqlConnection(Cs); await own.OpenAsync(); conn = own; }
        try { await using var cmd = new NpgsqlCommand(sql, conn, tx); return (T)(await cmd.ExecuteScalarAsync())!; }
        finally { if (own != null) await own.DisposeAsync(); }
    }
    static async Task Dump(string sql, NpgsqlConnection? conn = null, NpgsqlTransaction? tx = null)
    {
        NpgsqlConnection? own = null;
        if (conn is null) { own = new NpgsqlConnection(Cs); await own.OpenAsync(); conn = own; }
        try
        {
            Console.WriteLine($"  SQL> {sql.Split('\n')[0]}");
            await using var cmd = new NpgsqlCommand(sql, conn, tx);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                var cols = Enumerable.Range(0, r.FieldCount).Select(i => $"{r.GetName(i)}={(r.IsDBNull(i) ? "NULL" : FormatVal(r.GetValue(i)))}");
                Console.WriteLine("    | " + string.Join(" | ", cols));
            }
        }
        finally { if (own != null) await own.DisposeAsync(); }
    }
    static string FormatVal(object v) => v switch { DateTime d => d.ToString("O"), DateTimeOffset d => d.ToString("O"), _ => v.ToString() ?? "" };
}
