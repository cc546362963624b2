namespace PolicyLang.Emit.Fabric.Ansible
{
    /// <summary>How one platform's generated configuration reaches its devices, with replace semantics.</summary>
    public enum RolloutPlatform
    {
        /// <summary>arista.eos.eos_config over network_cli with replace: config: the file is the whole configuration, loaded only when it differs from the running one.</summary>
        AristaEos,

        /// <summary>cisco.nxos.nxos_file_copy to bootflash, then nxos_config replace: config (configure replace) from it.</summary>
        CiscoNxos,

        /// <summary>junipernetworks.junos.junos_config over NETCONF: load replace of the hierarchies tagged replace:, commit only on a diff.</summary>
        JuniperJunos,

        /// <summary>Copy the config_db.json fragment over SSH; only when its content changed, load it with sonic_apply.py (config load,
        /// then delete what the previously applied fragment had and this one has not) and `config save`.</summary>
        Sonic,

        /// <summary>Copy the NVUE command file over SSH; only when its content changed, run it into a fresh pending revision and `nv config apply`.</summary>
        CumulusNvue,
    }
}
