using Npgsql;

namespace Atencion.CaseService.Hosting;

/// <summary>Where the database is: the service's own role, and an owner role for migrations (the same when only one is given).</summary>
public sealed record DatabaseSettings(string App, string Admin)
{
    /// <summary>The role the service connects as: migrations grant it insert-only rights on the event log.</summary>
    public string AppRole => new NpgsqlConnectionStringBuilder(App).Username
        ?? throw new InvalidOperationException("The service's connection string must name its Username.");

    /// <summary>Reads ATENCION_DB / ATENCION_DB_ADMIN, else ConnectionStrings:Atencion / ConnectionStrings:AtencionAdmin.</summary>
    public static DatabaseSettings From(IConfiguration config)
    {
        var app = config["ATENCION_DB"] is { Length: > 0 } env ? env : config.GetConnectionString("Atencion");
        if (string.IsNullOrWhiteSpace(app))
            throw new InvalidOperationException(
                "No database configured: set ATENCION_DB (or ConnectionStrings:Atencion). ops/run starts a local PostgreSQL and sets it for you.");
        var admin = config["ATENCION_DB_ADMIN"] is { Length: > 0 } a ? a : config.GetConnectionString("AtencionAdmin");
        return new DatabaseSettings(app, string.IsNullOrWhiteSpace(admin) ? app : admin);
    }
}
