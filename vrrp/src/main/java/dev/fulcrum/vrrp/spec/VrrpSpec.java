package dev.fulcrum.vrrp.spec;

import java.util.List;
import java.util.Map;

/**
 * Everything {@code VrrpService} runs: instances, sync groups and the trackers they reference.
 *
 * @param scriptUser            default user for scripts (null = current user)
 * @param enableScriptSecurity  refuse scripts a non-root user could modify
 */
public record VrrpSpec(List<InstanceSpec> instances, List<SyncGroupSpec> syncGroups, Map<String, ScriptSpec> scripts,
                       Map<String, TrackFileSpec> trackFiles, String scriptUser, boolean enableScriptSecurity) {
    public VrrpSpec {
        instances = List.copyOf(instances);
        syncGroups = List.copyOf(syncGroups);
        scripts = Map.copyOf(scripts);
        trackFiles = Map.copyOf(trackFiles);
    }

    public static VrrpSpec of(List<InstanceSpec> instances) {
        return new VrrpSpec(instances, List.of(), Map.of(), Map.of(), null, false);
    }
}
