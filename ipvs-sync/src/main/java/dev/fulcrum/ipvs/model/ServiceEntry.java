package dev.fulcrum.ipvs.model;

/** A service as read back from the kernel: its settings and statistics. */
public record ServiceEntry(Service service, Stats stats) {
    public ServiceKey key() {
        return service.key();
    }
}
