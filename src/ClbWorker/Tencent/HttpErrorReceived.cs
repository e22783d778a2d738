namespace ClbWorker.Tencent;

/// <summary>A status other than 200: Tencent's API answers even its errors with 200, so this is a gateway or proxy failure.</summary>
/// <param name="BodyExcerpt">The start of the body as text, whitespace collapsed, for logs.</param>
public sealed record HttpErrorReceived(int StatusCode, string BodyExcerpt) : DescribeTaskStatusResult;
