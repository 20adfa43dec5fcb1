namespace Atencion.CaseService.Http;

/// <summary>
/// Reads a multipart/form-data body. The form reader throws <see cref="InvalidDataException"/> or a bare
/// <see cref="IOException"/> for a body it cannot read (no boundary, cut off, not delimited by its boundary, a part header
/// broken by a raw line break, over one of its limits), which were 500s; here they become a 400, or a 413 for a limit,
/// whose detail says what is wrong.
/// </summary>
public static class MultipartForms
{
    /// <summary>The form, or a <see cref="BadHttpRequestException"/> (400 or 413) explaining why it cannot be read.</summary>
    public static async Task<IFormCollection> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            return await request.ReadFormAsync(ct);
        }
        catch (InvalidDataException e)
        {
            throw Explain(e.Message);
        }
        // BadHttpRequestException is an IOException too: Kestrel's own refusals (a body over its limit) keep their status.
        catch (IOException e) when (e is not BadHttpRequestException && !ct.IsCancellationRequested)
        {
            throw new BadHttpRequestException(
                "The multipart/form-data body ended before its closing boundary: it was cut off, or its parts are not delimited by the boundary its Content-Type names.",
                StatusCodes.Status400BadRequest, e);
        }
    }

    // The form reader's messages are fixed English texts with the limit in them ("Form value count limit 1024 exceeded.").
    private static BadHttpRequestException Explain(string message)
    {
        var said = message.Length > 200 ? message[..200] + "…" : message;
        if (message.StartsWith("Missing content-type boundary", StringComparison.Ordinal))
            return new("The Content-Type multipart/form-data has no boundary parameter (multipart/form-data; boundary=...), so its parts cannot be told apart.",
                StatusCodes.Status400BadRequest);
        if (message.StartsWith("Form value count limit", StringComparison.Ordinal))
            return new($"The form has too many fields ({said}); a document needs only 'file' and, optionally, 'description'.", StatusCodes.Status413PayloadTooLarge);
        if (message.Contains(" limit ", StringComparison.Ordinal) && message.Contains("exceeded", StringComparison.Ordinal))
            return new($"The multipart/form-data body is over a limit of the form reader: {said}", StatusCodes.Status413PayloadTooLarge);
        return new($"The multipart/form-data body is malformed: {said} (each part's headers, such as Content-Disposition, are lines of 'Name: value' ended by CRLF).",
            StatusCodes.Status400BadRequest);
    }
}
