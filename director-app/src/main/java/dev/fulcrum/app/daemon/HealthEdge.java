package dev.fulcrum.app.daemon;

import dev.fulcrum.conf.model.KeepalivedConfig;
import java.util.List;
import java.util.Map;

/** The health-check side: checks every real server of a configuration and reports transitions. */
public interface HealthEdge extends AutoCloseable {
    /** Starts checking; transitions arrive as {@link DirectorEvent.ServerHealth}. */
    void start(KeepalivedConfig config);

    /** Applies a new configuration, keeping the state of checkers that did not change. */
    void reconfigure(KeepalivedConfig config);

    /** {@code ha_suspend}: stops or resumes the attempts of one virtual server's checkers. */
    void suspend(String virtualServer, boolean suspended);

    /** Last results per virtual server, then per real server ({@code addr:port}), for status. */
    Map<String, Map<String, List<Map<String, Object>>>> checkerStatus();

    @Override
    void close();
}
