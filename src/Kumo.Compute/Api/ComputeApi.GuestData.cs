using System.Text;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;
using Kumo.Objects.Quotas;

namespace Kumo.Compute.Api;

// What the guest receives: the injected files within the project's quotas (Nova's _check_injected_file_quota).
public sealed partial class ComputeApi
{
    /// <summary>
    /// More files than injected_files, a path longer than injected_file_path_bytes (UTF-8 bytes) or
    /// contents longer than injected_file_content_bytes (decoded bytes) is Nova's 403, before anything
    /// is written. A limit of -1 is unlimited.
    /// </summary>
    private async Task EnsureInjectedFilesWithinQuotaAsync(RequestContext context, IReadOnlyList<InjectedFile> files, CancellationToken cancellationToken)
    {
        if (files.Count == 0)
        {
            return;
        }
        IReadOnlyDictionary<string, int> limits = quotas is null
            ? QuotaResources.Defaults.ToDictionary(d => d.Key, d => d.Value)
            : await quotas.GetProjectLimitsAsync(context.ProjectId, cancellationToken);
        var maxFiles = limits.GetValueOrDefault("injected_files", 5);
        var maxPath = limits.GetValueOrDefault("injected_file_path_bytes", 255);
        var maxContent = limits.GetValueOrDefault("injected_file_content_bytes", 10240);
        if (maxFiles >= 0 && files.Count > maxFiles)
        {
            throw new OnsetFileLimitExceededException();
        }
        foreach (var file in files)
        {
            if (maxPath >= 0 && Encoding.UTF8.GetByteCount(file.Path) > maxPath)
            {
                throw new OnsetFileLimitExceededException($"Personality file path exceeds maximum {maxPath}");
            }
            if (maxContent >= 0 && file.Decode().Length > maxContent)
            {
                throw new OnsetFileLimitExceededException($"Personality file content exceeds maximum {maxContent}");
            }
        }
    }
}

/// <summary>Nova's OnsetFileLimitExceeded and its path/content variants: an over-quota 403.</summary>
public sealed class OnsetFileLimitExceededException(string message = "Personality file limit exceeded") : KumoException(message)
{
    public override int Code => 403;
}
