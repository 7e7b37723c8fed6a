package dev.fulcrum.conf.model;

import java.util.List;

/** A named set of addresses/ranges/fwmarks that share one virtual_server definition. */
public record VirtualServerGroup(String name, List<VsgEntry> entries) {
}
