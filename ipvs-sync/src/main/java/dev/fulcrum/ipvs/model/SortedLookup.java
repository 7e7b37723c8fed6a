package dev.fulcrum.ipvs.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Immutable maps that iterate in key order (ipvsadm's order, stable plans and output) but look up by
 * hash: a reconcile pass looks every one of thousands of services up, and a tree lookup compares
 * addresses a dozen times per key.
 */
public final class SortedLookup {
    private SortedLookup() {
    }

    /** An unmodifiable copy of {@code m}, iterating in natural key order, with hashed lookups. */
    public static <K extends Comparable<? super K>, V> Map<K, V> copyOf(Map<K, V> m) {
        Map<K, V> sorted = m instanceof TreeMap<K, V> t && t.comparator() == null ? t : new TreeMap<>(m);
        return Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
    }
}
