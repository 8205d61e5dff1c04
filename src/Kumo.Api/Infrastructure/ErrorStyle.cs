namespace Kumo.Api.Infrastructure;

/// <summary>
/// The error body each OpenStack service writes, put on a route group as endpoint metadata so that the
/// one error handler answers every service in its own shape:
/// Nova <c>{"badRequest": {"code": 400, "message": "..."}}</c>,
/// Keystone <c>{"error": {"code": 401, "title": "Unauthorized", "message": "..."}}</c>,
/// Glance <c>{"code": 404, "title": "Not Found", "message": "..."}</c> (webob's JSON fault),
/// Neutron <c>{"NeutronError": {"type": "...", "message": "...", "detail": ""}}</c>.
/// </summary>
public enum ErrorStyle
{
    Nova,
    Keystone,
    Glance,
    Neutron,
}
