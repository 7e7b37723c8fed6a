package dev.fulcrum.vrrp.spec;

import java.util.List;
import java.util.Map;

/**
 * Everything {@code VrrpService} runs: instances, sync groups and the trackers they reference.
 *
 * @param scriptUser            default user for scripts (null = current user)
 * @param enableScriptSecurity  refuse scripts a non-root user could modify
 * @param trackProcesses        the {@code vrrp_track_process} blocks by name
 */
public record VrrpSpec(List<InstanceSpec> instances, List<SyncGroupSpec> syncGroups, Map<String, ScriptSpec> scripts,
                       Map<String, TrackFileSpec> trackFiles, String scriptUser, boolean enableScriptSecurity,
                       Map<String, TrackProcessSpec> trackProcesses) {
    public VrrpSpec {
        instances = List.copyOf(instances);
        syncGroups = List.copyOf(syncGroups);
        scripts = Map.copyOf(scripts);
        trackFiles = Map.copyOf(trackFiles);
        trackProcesses = trackProcesses == null ? Map.of() : Map.copyOf(trackProcesses);
    }

    public VrrpSpec(List<InstanceSpec> instances, List<SyncGroupSpec> syncGroups, Map<String, ScriptSpec> scripts,
                    Map<String, TrackFileSpec> trackFiles, String scriptUser, boolean enableScriptSecurity) {
        this(instances, syncGroups, scripts, trackFiles, scriptUser, enableScriptSecurity, Map.of());
    }

    public static VrrpSpec of(List<InstanceSpec> instances) {
        return new VrrpSpec(instances, List.of(), Map.of(), Map.of(), null, false);
    }
}
