package dev.fulcrum.ipvs.conf;

/**
 * What the director knows of one real server right now: whether all its checkers are up, and the sum of
 * the dynamic weight changes its checkers report ({@code misc_dynamic}, dynamic FILE_CHECK).
 */
public record RealServerState(boolean alive, int dynamicWeight) {
    public static final RealServerState UP = new RealServerState(true, 0);
    public static final RealServerState DOWN = new RealServerState(false, 0);
}
