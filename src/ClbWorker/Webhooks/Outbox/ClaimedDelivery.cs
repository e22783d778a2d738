namespace ClbWorker.Webhooks.Outbox;

/// <summary>
/// A delivery leased to one sender for one attempt: everything the attempt needs. Send <see cref="Body"/> as is,
/// with <see cref="MessageId"/> as <c>webhook-id</c>.
/// </summary>
/// <param name="EndpointId">Null when the target is the task's own <c>callback_url</c>.</param>
/// <param name="Attempts">Attempts made before this one.</param>
/// <param name="SigningSecrets">
/// The endpoint's secrets in force, current first, then the previous one while its rotation overlap lasts: sign
/// with each. Empty for a callback delivery, which is signed with the configured <c>Webhooks:SigningSecret</c>.
/// </param>
/// <param name="Host">The URL's host and port as the database reads them (<c>clb.url_authority</c>): the per-host cap's key.</param>
/// <param name="ClaimedAt">The database's clock when the delivery was claimed.</param>
public sealed record ClaimedDelivery(
    long Id,
    string MessageId,
    long TaskRowId,
    long? EndpointId,
    string Url,
    string EventType,
    string Body,
    int Attempts,
    IReadOnlyList<string> SigningSecrets,
    string Host,
    DateTimeOffset ClaimedAt)
{
    public bool IsCallback => EndpointId is null;

    public override string ToString() =>
        $"ClaimedDelivery {{ Id = {Id}, MessageId = {MessageId}, TaskRowId = {TaskRowId}, EndpointId = {EndpointId}, Host = {Host}, "
        + $"EventType = {EventType}, Attempts = {Attempts}, SigningSecrets = ({SigningSecrets.Count} hidden) }}";
}
