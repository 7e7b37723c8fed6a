package dev.fulcrum.conf.model;

import java.util.List;
import java.util.Optional;

/**
 * The effective keepalived.conf: includes, parameters, conditionals and repetition expanded, defaults
 * and inheritance applied, cross references checked. Immutable, so one value can be handed to the VRRP,
 * health-check and IPVS sides at once and compared with the next one on reload.
 *
 * <p>{@code ssl} is the top-level {@code SSL} block every SSL_GET checker shares
 * ({@link SslClientSettings#NONE} without one).
 */
public record KeepalivedConfig(GlobalDefs globalDefs, List<VrrpScript> vrrpScripts, List<TrackFile> trackFiles,
                               List<TrackProcess> trackProcesses, List<VrrpSyncGroup> syncGroups,
                               List<VrrpInstance> vrrpInstances, List<VirtualServerGroup> virtualServerGroups,
                               List<VirtualServer> virtualServers, SslClientSettings ssl) {

    public KeepalivedConfig {
        java.util.Objects.requireNonNull(ssl);
    }

    /** A configuration without an {@code SSL} block. */
    public KeepalivedConfig(GlobalDefs globalDefs, List<VrrpScript> vrrpScripts, List<TrackFile> trackFiles,
                            List<TrackProcess> trackProcesses, List<VrrpSyncGroup> syncGroups,
                            List<VrrpInstance> vrrpInstances, List<VirtualServerGroup> virtualServerGroups,
                            List<VirtualServer> virtualServers) {
        this(globalDefs, vrrpScripts, trackFiles, trackProcesses, syncGroups, vrrpInstances, virtualServerGroups,
                virtualServers, SslClientSettings.NONE);
    }

    public Optional<VrrpInstance> instance(String name) {
        return vrrpInstances.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    public Optional<VirtualServerGroup> group(String name) {
        return virtualServerGroups.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    public Optional<VrrpScript> script(String name) {
        return vrrpScripts.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<TrackFile> trackFile(String name) {
        return trackFiles.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The sync group an instance belongs to, if any. */
    public Optional<VrrpSyncGroup> syncGroupOf(String instance) {
        return syncGroups.stream().filter(g -> g.members().contains(instance)).findFirst();
    }
}
