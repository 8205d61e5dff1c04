using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Kumo.Api.Infrastructure;

/// <summary>Writes an error in the shape of the service that answers (one place for every error body).</summary>
public static class ErrorBodies
{
    public static JsonObject Create(ErrorStyle style, int status, string message, string? neutronType = null)
    {
        var title = ReasonPhrases.GetReasonPhrase(status);
        return style switch
        {
            ErrorStyle.Keystone => new JsonObject
            {
                ["error"] = new JsonObject { ["code"] = status, ["title"] = title, ["message"] = message },
            },
            ErrorStyle.Glance => new JsonObject { ["code"] = status, ["title"] = title, ["message"] = message },
            ErrorStyle.Neutron => new JsonObject
            {
                ["NeutronError"] = new JsonObject { ["type"] = neutronType ?? "HTTP" + title.Replace(" ", ""), ["message"] = message, ["detail"] = "" },
            },
            _ => new JsonObject
            {
                [NovaFaultName(status)] = new JsonObject { ["code"] = status, ["message"] = message },
            },
        };
    }

    /// <summary>nova/api/openstack/wsgi.py's Fault._fault_names.</summary>
    public static string NovaFaultName(int status) => status switch
    {
        400 => "badRequest",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "itemNotFound",
        405 => "badMethod",
        406 => "notAcceptable",
        409 => "conflictingRequest",
        413 => "overLimit",
        415 => "badMediaType",
        429 => "overLimit",
        501 => "notImplemented",
        503 => "serviceUnavailable",
        _ => "computeFault",
    };

    /// <summary>Which service answers a path that matched no endpoint (by the catalog's path prefixes).</summary>
    public static ErrorStyle StyleForPath(PathString path) =>
        path.StartsWithSegments(ApiPaths.Identity) ? ErrorStyle.Keystone
        : path.StartsWithSegments(ApiPaths.Image) ? ErrorStyle.Glance
        : path.StartsWithSegments(ApiPaths.Network) ? ErrorStyle.Neutron
        : ErrorStyle.Nova;
}
