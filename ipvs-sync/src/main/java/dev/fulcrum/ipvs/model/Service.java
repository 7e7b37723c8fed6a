package dev.fulcrum.ipvs.model;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A virtual service's settable attributes. Equality is what the reconciler diffs: two services with
 * the same key but different scheduler, flags, persistence or engine need a SET_SERVICE.
 *
 * @param scheduler a kernel scheduler name (rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh twos)
 * @param persistence empty for a non-persistent service
 * @param persistenceEngine e.g. "sip", or empty
 */
public record Service(ServiceKey key, String scheduler, Set<ServiceFlag> flags, Optional<Persistence> persistence,
                      Optional<String> persistenceEngine) {
    public Service {
        Objects.requireNonNull(key);
        Objects.requireNonNull(scheduler);
        if (scheduler.isEmpty() || scheduler.length() > 15) {
            throw new IllegalArgumentException("scheduler name must be 1..15 characters: '" + scheduler + "'");
        }
        flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
        Objects.requireNonNull(persistence);
        Objects.requireNonNull(persistenceEngine);
        persistence.ifPresent(p -> {
            if (p.prefixLength() > key.family().bits()) {
                throw new IllegalArgumentException("persistence prefix /" + p.prefixLength() + " too long for " + key.family());
            }
        });
    }

    /** A plain service: scheduler only. */
    public static Service of(ServiceKey key, String scheduler) {
        return new Service(key, scheduler, Set.of(), Optional.empty(), Optional.empty());
    }

    public Service withScheduler(String s) {
        return new Service(key, s, flags, persistence, persistenceEngine);
    }

    public Service withFlags(Set<ServiceFlag> f) {
        return new Service(key, scheduler, f, persistence, persistenceEngine);
    }

    public Service withPersistence(Persistence p) {
        return new Service(key, scheduler, flags, Optional.ofNullable(p), persistenceEngine);
    }

    public Service withPersistenceEngine(String pe) {
        return new Service(key, scheduler, flags, persistence, Optional.ofNullable(pe));
    }
}
