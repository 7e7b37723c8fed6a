package dev.fulcrum.conf.model;

/** Scheduler flags (ipvsadm -b); the sh/mh names are aliases of flag-1/flag-2 for those schedulers. */
public enum SchedulerFlag {
    FLAG_1("flag-1"), FLAG_2("flag-2"), FLAG_3("flag-3"),
    SH_FALLBACK("sh-fallback"), SH_PORT("sh-port"), MH_FALLBACK("mh-fallback"), MH_PORT("mh-port");

    private final String keyword;

    SchedulerFlag(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
