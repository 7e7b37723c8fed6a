package dev.fulcrum.vrrp.machine;

import dev.fulcrum.vrrp.wire.ReceivedAdvert;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A vrrp_sync_group: members move together, with keepalived's rules (keepalived-config.md §5). The group
 * goes Master only when every member wants Master; any member leaving Master drags the others to Backup;
 * any member fault faults the group. Weighted trackers live on the group and move every member's
 * priority; members contribute only faults. A lone instance is a group of one with no sync semantics,
 * so the runner has a single shape to drive.
 *
 * <p>Pure and single-threaded like {@link VrrpInstanceMachine}.
 */
public final class SyncGroupMachine {
    private final String name;
    private final Map<String, VrrpInstanceMachine> members = new LinkedHashMap<>();
    private final Map<String, TrackVerdict> memberVerdicts = new LinkedHashMap<>();
    private TrackVerdict groupVerdict = TrackVerdict.HEALTHY;
    private final boolean synced;

    /** A real sync group. */
    public SyncGroupMachine(String name, List<VrrpInstanceMachine> instances) {
        this.name = name;
        this.synced = instances.size() > 1 || name != null;
        for (VrrpInstanceMachine m : instances) {
            if (synced) {
                m.joinGroup();
            }
            members.put(m.name(), m);
            memberVerdicts.put(m.name(), TrackVerdict.HEALTHY);
        }
    }

    /** A lone instance. */
    public static SyncGroupMachine solo(VrrpInstanceMachine m) {
        return new SyncGroupMachine(null, List.of(m));
    }

    public String name() {
        return name;
    }

    public Map<String, VrrpInstanceMachine> members() {
        return java.util.Collections.unmodifiableMap(members);
    }

    public long nextDeadline() {
        long d = Long.MAX_VALUE;
        for (VrrpInstanceMachine m : members.values()) {
            d = Math.min(d, m.nextDeadline());
        }
        return d;
    }

    /** Stale-VIP removal for every member; run before {@link #start(long)}. */
    public List<MemberAction> cleanup() {
        List<MemberAction> out = new ArrayList<>();
        for (VrrpInstanceMachine m : members.values()) {
            tag(m, m.cleanup(), out);
        }
        return out;
    }

    public List<MemberAction> start(long now) {
        List<MemberAction> out = new ArrayList<>();
        for (VrrpInstanceMachine m : members.values()) {
            tag(m, m.start(now), out);
        }
        return settle(now, out);
    }

    public List<MemberAction> onAdvert(String instance, ReceivedAdvert advert, long now) {
        VrrpInstanceMachine m = members.get(instance);
        if (m == null) {
            return List.of();
        }
        List<MemberAction> out = new ArrayList<>(4);
        tag(m, m.onAdvert(advert, now), out);
        return settle(now, out);
    }

    public List<MemberAction> poll(long now) {
        List<MemberAction> out = new ArrayList<>(4);
        for (VrrpInstanceMachine m : members.values()) {
            if (m.nextDeadline() - now <= 0) {
                tag(m, m.poll(now), out);
            }
        }
        return settle(now, out);
    }

    /** A member's own trackers changed; only its fault counts when it is in a real group. */
    public List<MemberAction> onMemberTrackers(String instance, TrackVerdict v, long now) {
        if (!members.containsKey(instance)) {
            return List.of();
        }
        memberVerdicts.put(instance, v);
        return pushVerdicts(now);
    }

    /** The group's trackers changed (weights apply to every member). */
    public List<MemberAction> onGroupTrackers(TrackVerdict v, long now) {
        groupVerdict = v;
        return pushVerdicts(now);
    }

    public List<MemberAction> admin(AdminCommand c, long now) {
        List<MemberAction> out = new ArrayList<>();
        for (VrrpInstanceMachine m : members.values()) {
            tag(m, m.admin(c, now), out);
        }
        return settle(now, out);
    }

    public List<MemberAction> shutdown(long now) {
        List<MemberAction> out = new ArrayList<>();
        for (VrrpInstanceMachine m : members.values()) {
            tag(m, m.shutdown(now), out);
        }
        return out;
    }

    private List<MemberAction> pushVerdicts(long now) {
        List<MemberAction> out = new ArrayList<>();
        String faulty = null;
        for (Map.Entry<String, TrackVerdict> e : memberVerdicts.entrySet()) {
            if (e.getValue().fault()) {
                faulty = e.getKey() + ": " + e.getValue().faultReason();
                break;
            }
        }
        for (VrrpInstanceMachine m : members.values()) {
            TrackVerdict own = memberVerdicts.get(m.name());
            TrackVerdict effective;
            if (!synced) {
                effective = new TrackVerdict(own.weight() + groupVerdict.weight(), own.fault() || groupVerdict.fault(),
                        own.fault() ? own.faultReason() : groupVerdict.faultReason());
            } else {
                // keepalived drops weighted trackers on members: only the group's weights count
                boolean fault = groupVerdict.fault() || faulty != null;
                String why = groupVerdict.fault() ? groupVerdict.faultReason() : (faulty == null ? "" : "sync group: " + faulty);
                effective = new TrackVerdict(groupVerdict.weight(), fault, why);
            }
            tag(m, m.onTrackers(effective, now), out);
        }
        return settle(now, out);
    }

    /** Applies the group rules after members acted. */
    private List<MemberAction> settle(long now, List<MemberAction> out) {
        if (!synced) {
            return out;
        }
        for (int round = 0; round < 3; round++) {
            String leaver = null;
            for (MemberAction a : out) {
                if (a.action() instanceof VrrpAction.Transition t && t.from() == VrrpState.MASTER
                        && t.to() == VrrpState.BACKUP) {
                    leaver = a.instance();
                }
            }
            List<MemberAction> more = new ArrayList<>();
            if (leaver != null) {
                for (VrrpInstanceMachine m : members.values()) {
                    if (!m.name().equals(leaver) && (m.state() == VrrpState.MASTER || m.wantsMaster())) {
                        tag(m, m.follow(VrrpState.BACKUP, now, "VRRP_Group(" + name + ") Syncing instances to BACKUP state"), more);
                    }
                }
            }
            boolean anyWant = false;
            boolean allReady = true;
            for (VrrpInstanceMachine m : members.values()) {
                anyWant |= m.wantsMaster();
                allReady &= m.wantsMaster() || m.state() == VrrpState.MASTER;
            }
            if (leaver == null && anyWant && allReady) {
                for (VrrpInstanceMachine m : members.values()) {
                    tag(m, m.promote(now, "VRRP_Group(" + name + ") Syncing instances to MASTER state"), more);
                }
            }
            if (more.isEmpty()) {
                break;
            }
            out.addAll(more);
            if (leaver != null) {
                break;
            }
        }
        return out;
    }

    private static void tag(VrrpInstanceMachine m, List<VrrpAction> actions, List<MemberAction> out) {
        for (VrrpAction a : actions) {
            out.add(new MemberAction(m.name(), a));
        }
    }
}
