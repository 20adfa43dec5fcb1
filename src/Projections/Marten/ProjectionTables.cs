using System.Data.Common;
using System.Text.RegularExpressions;
using Atencion.Projections.Daemon;
using Weasel.Core;
using Weasel.Postgresql;

namespace Atencion.Projections.Marten;

/// <summary>An <see cref="IAsyncProjection"/>'s tables as one Weasel schema object, so that the owner's schema apply creates them.</summary>
/// <remarks>
/// Our projections declare their tables as DDL (<see cref="IAsyncProjection.CreateTablesSql"/>), not as Weasel tables, so
/// the object compares by existence only: it is created when none of its tables exists and left alone when all do. A
/// changed table is a new projection build (a rebuild into a new table name), as with today's daemon; tables that exist
/// only in part are reported as invalid rather than guessed at.
/// </remarks>
public sealed partial class ProjectionTables : ISchemaObject
{
    /// <summary>Declares the tables of a projection in the given schema.</summary>
    public ProjectionTables(IAsyncProjection projection, string schema)
    {
        Projection = projection;
        Schema = schema;
        CreateSql = projection.CreateTablesSql(schema);
        Names = CreateTable().Matches(CreateSql)
            .Where(m => m.Groups["schema"].Value == schema)
            .Select(m => (DbObjectName)new PostgresqlObjectName(schema, m.Groups["table"].Value, SchemaUtils.IdentifierUsage.General))
            .ToList();
        if (Names.Count == 0)
            throw new ArgumentException($"Projection {projection.Name} creates no table in schema {schema}.", nameof(projection));
    }

    /// <summary>The projection whose tables these are.</summary>
    public IAsyncProjection Projection { get; }

    /// <summary>The schema they live in.</summary>
    public string Schema { get; }

    /// <summary>The projection's DDL for <see cref="Schema"/>.</summary>
    public string CreateSql { get; }

    /// <summary>Every table the DDL creates, qualified.</summary>
    public IReadOnlyList<DbObjectName> Names { get; }

    /// <inheritdoc />
    public DbObjectName Identifier => Names[0];

    /// <inheritdoc />
    public IEnumerable<DbObjectName> AllNames() => Names;

    /// <inheritdoc />
    public void WriteCreateStatement(Migrator migrator, TextWriter writer)
    {
        writer.WriteLine($"create schema if not exists {Schema};");
        writer.WriteLine(CreateSql.TrimEnd().TrimEnd(';') + ";");
    }

    /// <inheritdoc />
    public void WriteDropStatement(Migrator rules, TextWriter writer)
    {
        foreach (var name in Names) writer.WriteLine($"drop table if exists {name.QualifiedName} cascade;");
    }

    /// <inheritdoc />
    public void ConfigureQueryCommand(Weasel.Core.DbCommandBuilder builder)
    {
        // Both are \w+ identifiers (the regex that found them), so they are safe as literals.
        builder.Append($"select count(*) from information_schema.tables where table_schema = '{Schema}' " +
                       $"and table_name in ({string.Join(", ", Names.Select(n => $"'{n.Name}'"))});");
    }

    /// <inheritdoc />
    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
    {
        var existing = await reader.ReadAsync(ct) ? Convert.ToInt32(reader.GetValue(0)) : 0;
        return new Delta(this, existing == 0 ? SchemaPatchDifference.Create
            : existing == Names.Count ? SchemaPatchDifference.None
            : SchemaPatchDifference.Invalid);
    }

    [GeneratedRegex(@"create\s+(?:unlogged\s+)?table\s+(?:if\s+not\s+exists\s+)?(?<schema>\w+)\.(?<table>\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex CreateTable();

    private sealed class Delta(ProjectionTables tables, SchemaPatchDifference difference) : ISchemaObjectDelta
    {
        public ISchemaObject SchemaObject => tables;
        public SchemaPatchDifference Difference => difference;
        public void WriteUpdate(Migrator rules, TextWriter writer) => tables.WriteCreateStatement(rules, writer);
        public void WriteRollback(Migrator rules, TextWriter writer) => tables.WriteDropStatement(rules, writer);
        public void WriteRestorationOfPreviousState(Migrator rules, TextWriter writer) => tables.WriteDropStatement(rules, writer);
    }
}
