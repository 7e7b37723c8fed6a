package dev.fulcrum.conf.model;

/** An inclusive range of accepted HTTP status codes. */
public record StatusRange(int from, int to) {
    public static final StatusRange SUCCESS = new StatusRange(200, 299);

    public boolean contains(int status) {
        return status >= from && status <= to;
    }

    @Override
    public String toString() {
        return from == to ? Integer.toString(from) : from + "-" + to;
    }
}
