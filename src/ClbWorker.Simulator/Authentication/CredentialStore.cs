using System.Collections.Concurrent;
using ClbWorker.Simulator.Validation;

namespace ClbWorker.Simulator.Authentication;

/// <summary>The credentials accepted right now, by SecretId; configured at start, changeable at run time.</summary>
internal sealed class CredentialStore
{
    private readonly ConcurrentDictionary<string, SimulatorCredential> _bySecretId = new(StringComparer.Ordinal);

    public CredentialStore(IEnumerable<SimulatorCredential> configured)
    {
        foreach (var credential in configured)
            _bySecretId[credential.SecretId] = credential;
        UsesDevelopmentCredential = _bySecretId.IsEmpty;
        if (UsesDevelopmentCredential)
            _bySecretId[SimulatorCredential.Development.SecretId] = SimulatorCredential.Development;
    }

    /// <summary>True when nothing was configured and the published development pair is accepted.</summary>
    public bool UsesDevelopmentCredential { get; }

    public IReadOnlyList<SimulatorCredential> All =>
        _bySecretId.Values.OrderBy(c => c.SecretId, StringComparer.Ordinal).ToList();

    public SimulatorCredential? Find(string secretId) => _bySecretId.GetValueOrDefault(secretId);

    /// <summary>Adds the credential or replaces the one with the same SecretId; errors are keyed by JSON field.</summary>
    public ValidationErrors TryPut(SimulatorCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var errors = new ValidationErrors();
        errors.Add("secretId", ValueRules.NotBlank(credential.SecretId));
        errors.Add("secretKey", ValueRules.NotBlank(credential.SecretKey));
        if (credential.Token is { } token)
            errors.Add("token", ValueRules.NotBlank(token));
        if (errors.IsEmpty)
            _bySecretId[credential.SecretId] = credential;
        return errors;
    }

    public bool Remove(string secretId) => _bySecretId.TryRemove(secretId, out _);

    /// <summary>Forgets temporary credentials that expired before <paramref name="cutoff"/>.</summary>
    public void Prune(DateTimeOffset cutoff)
    {
        foreach (var (secretId, credential) in _bySecretId)
        {
            if (credential.ExpiresAt is { } at && at < cutoff)
                _bySecretId.TryRemove(new KeyValuePair<string, SimulatorCredential>(secretId, credential));
        }
    }

    /// <summary>Gives every temporary credential a new token; returns how many changed.</summary>
    public int ReplaceTemporaryTokens(Func<string> newToken)
    {
        ArgumentNullException.ThrowIfNull(newToken);
        var replaced = 0;
        foreach (var (secretId, credential) in _bySecretId)
        {
            if (credential.ExpiresAt is not null && _bySecretId.TryUpdate(secretId, credential with { Token = newToken() }, credential))
                replaced++;
        }
        return replaced;
    }
}
