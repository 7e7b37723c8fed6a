package dev.fulcrum.app.daemon;

import dev.fulcrum.conf.model.KeepalivedConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The VRRP side: instances, VIPs and trackers of a configuration. */
public interface VrrpEdge extends AutoCloseable {
    /** Starts every instance (as Backup or Fault); transitions arrive as {@link DirectorEvent.VrrpTransition}. */
    void start(KeepalivedConfig config) throws java.io.IOException;

    /** Applies a new configuration; instances whose identity did not change keep their state. */
    void reconfigure(KeepalivedConfig config) throws java.io.IOException;

    /** Per instance: name, state, basePriority, effectivePriority, masterAddress. */
    List<Map<String, Object>> status();

    /** SIGTERM: every Master sends priority 0 and removes its VIPs before this returns. */
    void stop(Duration timeout);

    @Override
    void close();
}
