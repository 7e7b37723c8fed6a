package dev.fulcrum.conf;

import dev.fulcrum.conf.model.VirtualServer;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The virtual servers the previous load built, by the text of their blocks, so that a reload skips the
 * blocks that did not change and hands back the very same {@link VirtualServer} objects for them: a
 * director compares services by identity ({@code ==}) and skips their downstream work too. Pass one
 * cache to every load of the same configuration ({@link KeepalivedConf#load(java.nio.file.Path,
 * LoadOptions, ReloadCache)}); a result is always equal to that of a load without it.
 *
 * <p>What is remembered: a top-level {@code virtual_server} block as the parser would see it (after
 * includes, parameters, conditionals and comments; line breaks count, indentation does not), with the
 * global defaults it was built under, when it built without any diagnostic and from its own text
 * alone (not a {@code group} service, no script, no {@code track_file} reference). Positions are not part
 * of the model, so a block that moved is still the same. Each entry holds the block text once and the
 * model object the configuration holds anyway; an entry a load did not see is dropped when it ends, so
 * the cache never holds more than one configuration.
 *
 * <p>Thread-confined: one load at a time (a second load while one runs is a programming error and
 * throws {@link IllegalStateException}).
 */
public final class ReloadCache {
    /** One remembered block; entries with the same first line are chained. */
    static final class Entry {
        final String text;
        final VirtualServer server;
        final Object builtWith;
        int load;
        Entry next;
        /**
         * Where the block stood verbatim in the file text of the load that last saw it, when every line
         * there was either handed on as it stands or blank: {@code raw[rawStart, rawEnd)}, whole lines,
         * {@code rawLines} of them. Null when the block was not read that way (an include, a parameter,
         * a conditional, a line too long ...). Pointing into the file text costs nothing more than the
         * text, which the next load replaces as it finds the blocks again.
         */
        String raw;
        int rawStart;
        int rawEnd;
        int rawLines;

        Entry(String text, VirtualServer server, Object builtWith, int load) {
            this.text = text;
            this.server = server;
            this.builtWith = builtWith;
            this.load = load;
        }
    }

    /** By the hash of the block's first line (nearly unique: it names the service), then by full text. */
    private final Map<Integer, Entry> byFirstLine = new HashMap<>();
    private int load;
    private boolean loading;
    private int entries;
    private int reused;
    private int reusedLastLoad;
    private int whole;
    private int wholeLastLoad;

    /** Remembered virtual servers. */
    public int size() {
        return entries;
    }

    /** How many virtual servers the last completed load took from the cache. */
    public int reusedLastLoad() {
        return reusedLastLoad;
    }

    /** Of those, how many were taken as verbatim stretches of the file, without cutting them into lines. */
    public int takenWholeLastLoad() {
        return wholeLastLoad;
    }

    /** Forgets everything: the next load builds every block. */
    public void clear() {
        byFirstLine.clear();
        entries = 0;
    }

    void beginLoad() {
        if (loading) {
            throw new IllegalStateException("ReloadCache is already in use by a load (one load at a time)");
        }
        loading = true;
        load++;
        reused = 0;
        whole = 0;
    }

    /** Ends a load that read the whole configuration: what it did not see is dropped. */
    void endLoad() {
        for (Iterator<Entry> it = byFirstLine.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            Entry head = null;
            Entry tail = null;
            for (Entry x = e; x != null; x = x.next) {
                if (x.load == load) {
                    if (tail == null) {
                        head = x;
                    } else {
                        tail.next = x;
                    }
                    tail = x;
                } else {
                    entries--;
                }
            }
            if (head == null) {
                it.remove();
            } else {
                tail.next = null;
                if (head != e) {
                    byFirstLine.put(firstLineKey(head), head);
                }
            }
        }
        reusedLastLoad = reused;
        wholeLastLoad = whole;
        loading = false;
    }

    /** Ends a load that stopped early (restart in batch order, internal failure): forgets everything. */
    void abandonLoad() {
        clear();
        reusedLastLoad = 0;
        wholeLastLoad = 0;
        loading = false;
    }

    /** Entries whose block starts with a line of hash {@code firstLine}, chained; null if none. */
    Entry candidates(int firstLine) {
        return byFirstLine.get(firstLine);
    }

    /** {@code e} was found again in this load. */
    void reuse(Entry e) {
        e.load = load;
        reused++;
    }

    /** {@code e} was found again as the very stretch of file text it stood in last time. */
    void reuseWhole(Entry e) {
        reuse(e);
        whole++;
    }

    Entry add(int firstLine, String text, VirtualServer server, Object builtWith) {
        Entry e = new Entry(text, server, builtWith, load);
        e.next = byFirstLine.get(firstLine);
        byFirstLine.put(firstLine, e);
        entries++;
        return e;
    }

    private static int firstLineKey(Entry e) {
        int nl = e.text.indexOf('\n');
        return firstLineHash(e.text, 0, nl < 0 ? e.text.length() : nl);
    }

    /** The index key of a block whose first line is {@code t[begin, end)}. */
    static int firstLineHash(String t, int begin, int end) {
        int h = 0;
        for (int i = begin; i < end; i++) {
            h = 31 * h + t.charAt(i);
        }
        return h;
    }
}
