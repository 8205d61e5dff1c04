namespace Kumo.Db.Migrations;

/// <summary>
/// What the guest receives besides user_data (V0006): the key pair's public key as it was at create
/// (Nova's key_data), the config drive request (Nova keeps it as text: '' or 'True') and the paths of
/// the injected files (their contents travel with the build request only). The admin password is
/// never stored.
/// </summary>
internal static class V0008GuestData
{
    public static readonly Migration Migration = new(8, "guest_data", """
        ALTER TABLE instances ADD COLUMN key_data TEXT NULL;
        ALTER TABLE instances ADD COLUMN config_drive TEXT NOT NULL DEFAULT '';
        ALTER TABLE instances ADD COLUMN injected_files_json TEXT NOT NULL DEFAULT '[]';
        """);
}
