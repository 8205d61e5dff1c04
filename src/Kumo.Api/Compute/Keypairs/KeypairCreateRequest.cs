using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Compute.KeyPairs;

namespace Kumo.Api.Compute.Keypairs;

/// <summary>
/// POST /os-keypairs as nova/api/openstack/compute/schemas/keypairs.py checks it: name required;
/// public_key optional (absent = generate); type (ssh, x509) from 2.2; user_id from 2.10. Names are
/// limited to Nova's safe characters (letters, digits, '_', '-', space) before 2.92.
/// </summary>
public sealed record KeypairCreateRequest(string Name, string? PublicKey, string Type, string? UserId)
{
    public static KeypairCreateRequest Parse(JsonObject body, Microversion version)
    {
        ValidationErrors.RejectUnknown(body, "", "keypair");
        var keypair = ValidationErrors.RequireObject(body, "keypair");
        string[] allowed = version.AtLeast("2.10") ? ["name", "public_key", "type", "user_id"]
            : version.AtLeast("2.2") ? ["name", "public_key", "type"]
            : ["name", "public_key"];
        ValidationErrors.RejectUnknown(keypair, "keypair", allowed);
        if (!keypair.ContainsKey("name"))
        {
            throw ValidationErrors.Required("name");
        }
        var name = ValidationErrors.String("name", keypair["name"]);
        if (name.Length is 0 or > 255 || name.Trim() != name)
        {
            throw ApiException.BadRequest("Keypair data is invalid: Keypair name must be string and between 1 and 255 characters long");
        }
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or ' '))
        {
            throw ApiException.BadRequest("Keypair data is invalid: Keypair name contains unsafe characters");
        }
        var publicKey = keypair.ContainsKey("public_key") ? ValidationErrors.String("public_key", keypair["public_key"]) : null;
        var type = keypair.ContainsKey("type") ? ValidationErrors.String("type", keypair["type"]) : KeyPairMaterial.Ssh;
        if (type is not (KeyPairMaterial.Ssh or KeyPairMaterial.X509))
        {
            throw ValidationErrors.Invalid("type", keypair["type"], $"'{type}' is not one of ['ssh', 'x509']");
        }
        var userId = keypair.ContainsKey("user_id") ? ValidationErrors.String("user_id", keypair["user_id"]) : null;
        return new KeypairCreateRequest(name, publicKey, type, userId);
    }
}
