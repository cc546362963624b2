namespace PolicyLang.Emit.Fabric.Ansible
{
    /// <summary>How one platform's generated configuration reaches its devices, with replace semantics.</summary>
    public enum RolloutPlatform
    {
        /// <summary>arista.eos.eos_config over network_cli: the file's blocks are diffed against the running config; a block that differs is sent whole.</summary>
        AristaEos,

        /// <summary>cisco.nxos.nxos_config over network_cli, as for EOS.</summary>
        CiscoNxos,

        /// <summary>junipernetworks.junos.junos_config over NETCONF: load replace of the hierarchies tagged replace:, commit only on a diff.</summary>
        JuniperJunos,

        /// <summary>Copy the config_db.json fragment over SSH; only when its content changed, `config load` it and `config save`.</summary>
        Sonic,

        /// <summary>Copy the NVUE command file over SSH; only when its content changed, run it into a fresh pending revision and `nv config apply`.</summary>
        CumulusNvue,
    }
}
