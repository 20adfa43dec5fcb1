using System.Data.Common;
using Weasel.Core;
using Weasel.Postgresql;

namespace Atencion.Projections.Marten;

/// <summary>
/// One row per async projection that Marten's progression does not keep: a rebuild asked for, how far the live tables
/// are while one runs, the last fault, and the node that last applied a batch. It lives in the projection's live schema
/// (<c>proj_{Name}.atencion_control</c>), so the serving role's grants on the projection cover it.
/// </summary>
/// <remarks>
/// Created by the owner's schema apply. When it is created beside live tables that already hold rows (a database the
/// hand-made daemon filled, whose positions Marten's progression does not know), a rebuild is asked for at once, so the
/// rows are replaced by Marten's own build rather than re-applied on top.
/// </remarks>
public sealed class ProjectionControl : ISchemaObject
{
    /// <summary>The control table's name inside the live schema.</summary>
    public const string TableName = "atencion_control";

    /// <summary>The control row of a projection whose tables are <paramref name="live"/>.</summary>
    public ProjectionControl(ProjectionTables live)
    {
        Live = live;
        Identifier = new PostgresqlObjectName(live.Schema, TableName, SchemaUtils.IdentifierUsage.General);
    }

    /// <summary>The live tables.</summary>
    public ProjectionTables Live { get; }

    /// <summary>The qualified table name.</summary>
    public string Table => $"{Live.Schema}.{TableName}";

    /// <inheritdoc />
    public DbObjectName Identifier { get; }

    /// <inheritdoc />
    public IEnumerable<DbObjectName> AllNames() => [Identifier];

    /// <inheritdoc />
    public void WriteCreateStatement(Migrator migrator, TextWriter writer)
    {
        var name = Live.Projection.Name;
        var first = Live.Names[0].QualifiedName;
        writer.WriteLine($"""
            create schema if not exists {Live.Schema};
            create table if not exists {Table} (
                name                 text        primary key,
                node                 text,
                live_seq             bigint      not null default 0,
                rebuild_requested_at timestamptz,
                rebuild_started_at   timestamptz,
                last_rebuilt_at      timestamptz,
                last_error           text,
                error_seq            bigint,
                error_event_type     text,
                faulted_at           timestamptz
            );
            do $control$ begin
                if to_regclass('{first}') is not null then
                    execute 'insert into {Table} (name, rebuild_requested_at) select ''{name}'', case when exists (select 1 from {first}) then now() end on conflict do nothing';
                else
                    insert into {Table} (name) values ('{name}') on conflict do nothing;
                end if;
            end $control$;
            """);
    }

    /// <inheritdoc />
    public void WriteDropStatement(Migrator rules, TextWriter writer) => writer.WriteLine($"drop table if exists {Table} cascade;");

    /// <inheritdoc />
    public void ConfigureQueryCommand(Weasel.Core.DbCommandBuilder builder) =>
        builder.Append($"select count(*) from information_schema.tables where table_schema = '{Live.Schema}' and table_name = '{TableName}';");

    /// <inheritdoc />
    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
    {
        var exists = await reader.ReadAsync(ct) && Convert.ToInt32(reader.GetValue(0)) > 0;
        return new Delta(this, exists ? SchemaPatchDifference.None : SchemaPatchDifference.Create);
    }

    private sealed class Delta(ProjectionControl control, SchemaPatchDifference difference) : ISchemaObjectDelta
    {
        public ISchemaObject SchemaObject => control;
        public SchemaPatchDifference Difference => difference;
        public void WriteUpdate(Migrator rules, TextWriter writer) => control.WriteCreateStatement(rules, writer);
        public void WriteRollback(Migrator rules, TextWriter writer) => control.WriteDropStatement(rules, writer);
        public void WriteRestorationOfPreviousState(Migrator rules, TextWriter writer) => control.WriteDropStatement(rules, writer);
    }
}
