using System.Globalization;
using CsvHelper;
using Microsoft.Net.Http.Headers;

namespace Atencion.CaseService.Reports;

/// <summary>One table of a CSV file: its header row and its rows.</summary>
public sealed record CsvSection(IReadOnlyList<string> Header, IEnumerable<IEnumerable<object?>> Rows);

/// <summary>How a report is served: JSON by default, CSV for <c>Accept: text/csv</c>, 406 for anything else.</summary>
public static class ReportFormat
{
    /// <summary>Whether the caller asked for CSV (true), JSON (false), or something this service does not serve (null).</summary>
    public static bool? WantsCsv(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept is null || accept.Count == 0) return false;
        foreach (var media in accept.Where(a => a.Quality is not 0).OrderByDescending(a => a.Quality ?? 1))
        {
            var type = media.MediaType.Value?.ToLowerInvariant();
            if (type is "application/json" or "application/*" or "*/*" or "application/problem+json") return false;
            if (type is "text/csv" or "text/*") return true;
        }
        return null;
    }

    /// <summary>The 406 problem for an Accept header this service cannot satisfy.</summary>
    public static IResult NotAcceptable(HttpRequest request) => TypedResults.Problem(
        statusCode: StatusCodes.Status406NotAcceptable, title: "Not acceptable.",
        detail: $"Reports are served as application/json or text/csv (UTF-8 with BOM); Accept asked for '{request.Headers.Accept}'.");

    /// <summary>A CSV file: UTF-8 with a BOM (so spreadsheet programs read Spanish text right), RFC 4180 quoting, formula injection escaped.</summary>
    public static IResult Csv(string fileName, IReadOnlyList<string> header, IEnumerable<IEnumerable<object?>> rows) =>
        Csv(fileName, new CsvSection(header, rows));

    /// <summary>
    /// A CSV file of several tables, one after another, each with its own header row and separated by an empty line (how a
    /// spreadsheet user lays out a report: a summary block, then the detail).
    /// </summary>
    public static IResult Csv(string fileName, params CsvSection[] sections)
    {
        using var buffer = new MemoryStream();
        for (var i = 0; i < sections.Length; i++)
        {
            if (i > 0) buffer.Write("\r\n"u8);
            var options = new CsvWriterOptions { Injection = CsvInjection.Escape, WriteByteOrderMark = i == 0, FormatProvider = CultureInfo.InvariantCulture };
            using var csv = CsvWriter.Create(buffer, options, leaveOpen: true);
            csv.WriteRecord(sections[i].Header.ToArray());
            foreach (var row in sections[i].Rows) csv.WriteRecord(row.Select(Cell).ToArray());
            csv.Flush();
        }
        return TypedResults.File(buffer.ToArray(), "text/csv; charset=utf-8", fileName);
    }

    /// <summary>
    /// A CSV file written to the response as its rows are read (the same format as <c>Csv</c>): every row is sent, however
    /// many there are, without holding them all in memory. Rows are encoded in chunks and copied asynchronously.
    /// </summary>
    public static IResult CsvStream(string fileName, IReadOnlyList<string> header, IAsyncEnumerable<object?[]> rows, int chunkRows = 1_000) =>
        TypedResults.Stream(async body =>
        {
            var chunk = new List<object?[]>(chunkRows);
            var first = true;
            async Task Flush()
            {
                using var buffer = new MemoryStream();
                var options = new CsvWriterOptions { Injection = CsvInjection.Escape, WriteByteOrderMark = first, FormatProvider = CultureInfo.InvariantCulture };
                using (var csv = CsvWriter.Create(buffer, options, leaveOpen: true))
                {
                    if (first) csv.WriteRecord(header.ToArray());
                    foreach (var row in chunk) csv.WriteRecord(row.Select(Cell).ToArray());
                    csv.Flush();
                }
                first = false;
                chunk.Clear();
                buffer.Position = 0;
                await buffer.CopyToAsync(body);
                await body.FlushAsync();
            }
            await foreach (var row in rows)
            {
                chunk.Add(row);
                if (chunk.Count >= chunkRows) await Flush();
            }
            if (first || chunk.Count > 0) await Flush();
        }, "text/csv; charset=utf-8", fileName);

    private static string Cell(object? value) => value switch
    {
        null => "",
        DateTimeOffset d => d.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
