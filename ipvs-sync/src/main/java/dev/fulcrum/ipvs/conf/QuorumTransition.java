package dev.fulcrum.ipvs.conf;

/** A change of a virtual server's quorum, which runs {@code quorum_up}/{@code quorum_down} and is counted. */
public record QuorumTransition(String virtualServer, boolean up, long weightSum, int quorum, int hysteresis) {
    /** keepalived's log wording, so operators' log searches keep working. */
    public String describe() {
        return up ? "Gained quorum " + quorum + "+" + hysteresis + "=" + (quorum + hysteresis) + " <= " + weightSum + " for VS " + virtualServer
                : "Lost quorum " + quorum + "-" + hysteresis + "=" + (quorum - hysteresis) + " > " + weightSum + " for VS " + virtualServer;
    }
}
