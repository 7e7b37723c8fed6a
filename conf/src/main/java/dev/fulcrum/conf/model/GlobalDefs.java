package dev.fulcrum.conf.model;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The daemon-wide part of keepalived.conf that a director acts on. Values are effective values:
 * keepalived's defaults are filled in, so a consumer never needs to know them. {@code childWaitTime} is
 * an outermost-level keyword in keepalived but daemon-wide, so it lives here.
 *
 * <p>{@code vrrpRtPriority} ({@code vrrp_rt_priority}, SCHED_RR 1..99), {@code vrrpNoSwap}
 * ({@code vrrp_no_swap}, lock pages in RAM) and {@code vrrpNice} ({@code vrrp_priority}, nice -20..19)
 * are how the VRRP side keeps its advert timers on time on a busy host; empty means "not configured",
 * so the VRRP runtime can keep its own default.
 */
public record GlobalDefs(
        Optional<String> routerId,
        List<String> notificationEmail,
        Optional<String> notificationEmailFrom,
        Optional<Endpoint> smtpServer,
        Optional<String> smtpHeloName,
        Duration smtpConnectTimeout,
        Optional<Boolean> smtpAlert,
        boolean checkerLogAllFailures,
        Optional<ScriptUser> scriptUser,
        boolean enableScriptSecurity,
        int vrrpVersion,
        InetAddress vrrpMcastGroup4,
        InetAddress vrrpMcastGroup6,
        GarpSettings vrrpGarp,
        int vrrpDownTimerAdverts,
        boolean vrrpLowerPrioNoAdvert,
        boolean vrrpHigherPrioSendAdvert,
        boolean vrrpCheckUnicastSrc,
        boolean vrrpSkipCheckAdvAddr,
        boolean vrrpStrict,
        Duration vrrpStartupDelay,
        Optional<String> notifyFifo,
        Optional<String> vrrpNotifyFifo,
        Optional<String> lvsNotifyFifo,
        Optional<LvsSyncDaemon> lvsSyncDaemon,
        LvsTimeouts lvsTimeouts,
        boolean lvsFlush,
        LvsFlushOnStop lvsFlushOnStop,
        Optional<String> defaultInterface,
        Duration childWaitTime,
        OptionalInt vrrpRtPriority,
        boolean vrrpNoSwap,
        OptionalInt vrrpNice) {

    public static final Duration DEFAULT_CHILD_WAIT_TIME = Duration.ofSeconds(5);
}
