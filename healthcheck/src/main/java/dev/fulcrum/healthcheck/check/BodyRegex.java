package dev.fulcrum.healthcheck.check;

import dev.fulcrum.healthcheck.spec.UrlSpec;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A url's regex, compiled once, applied to a whole response body with keepalived's start bounds
 * ({@code regex_min_offset}, {@code regex_max_offset}, PCRE2 firstline) and with a bounded cost.
 *
 * <p>Why the bound: {@code java.util.regex} backtracks without limit, so {@code (a+)+b} over a 1 MiB body of
 * {@code a} would never return. Every character the matcher reads costs one step; past {@link #stepsFor} the
 * body's length (about 40 ms of one core on a small page, 2.5 s on a 1 MiB body), or when the matcher's
 * recursion overflows the thread's stack (Java's analogue of PCRE2 running out of its JIT stack, which
 * keepalived sizes with {@code regex_stack}), the attempt fails with a reason that says so. keepalived turns
 * such PCRE2 match errors into "no match", which with {@code regex_no_match} would pass; Fulcrum does not let
 * an evaluation it could not finish pass. The HTTP checker runs {@link #find} on the checker runtime's one
 * regex thread, not on the event loop that serves every other check, so the budget bounds how long a url's
 * verdict (and the regex evaluations queued behind it) can take, not how long other checks wait. An
 * evaluation stops early, as given up, when its thread is interrupted (the runtime closing).
 */
public final class BodyRegex {
    /**
     * Characters the matcher may read per byte of body: a pattern that does bounded work at each start
     * position (a literal, {@code x{1000}END}, a leading {@code .*} within 1 KiB lines) stays below it.
     */
    public static final long STEPS_PER_BYTE = 1024;
    /** The budget of a small body. */
    public static final long MIN_STEPS = 16L << 20;
    /** The default budget's ceiling, at the 1 MiB body cap: about 2.5 s of one core, measured at ~2.5 ns a step. */
    public static final long DEFAULT_STEP_BUDGET = STEPS_PER_BYTE << 20;

    private final Pattern pattern;
    private final UrlSpec.RegexMatching matching;
    private final long budget;

    /** A budget of {@link #stepsFor} the body's length. */
    public BodyRegex(String regex, UrlSpec.RegexMatching matching) {
        this(regex, matching, 0);
    }

    /** A fixed budget of {@code budget} steps (0: {@link #stepsFor} the body's length). */
    public BodyRegex(String regex, UrlSpec.RegexMatching matching, long budget) {
        this.pattern = Pattern.compile(regex, matching.compileFlags());
        this.matching = matching;
        this.budget = budget;
    }

    /** The url's regex, or null when it has none. */
    static BodyRegex of(UrlSpec url) {
        return url.regex().map(r -> new BodyRegex(r, url.regexMatching())).orElse(null);
    }

    /** What one evaluation found. */
    public sealed interface Result {
    }

    /** A match starting at {@code start}, within the bounds. */
    public record Found(int start) implements Result {
    }

    /** No match starts within the bounds. */
    public record NotFound() implements Result {
    }

    /** The evaluation was abandoned; {@code reason} is the check's failure reason. */
    public record GaveUp(String reason) implements Result {
    }

    private static final NotFound NOT_FOUND = new NotFound();

    /** The default budget for a body of {@code length} bytes. */
    public static long stepsFor(int length) {
        return Math.max(MIN_STEPS, STEPS_PER_BYTE * length);
    }

    public Result find(CharSequence body) {
        long steps = budget > 0 ? budget : stepsFor(body.length());
        long min = matching.minOffset();
        if (min > body.length()) {
            return NOT_FOUND;
        }
        long lastStart = matching.maxOffset();
        if (matching.firstLine()) {
            int lf = indexOfLf(body, (int) min);
            if (lf >= 0) {
                lastStart = Math.min(lastStart, lf);
            }
        }
        Metered text = new Metered(body, steps);
        try {
            Matcher m = pattern.matcher(text);
            // find(from) resets the region to the whole body: lookbehind sees before min, ^ is the body's start
            if (m.find((int) min) && m.start() <= lastStart) {
                return new Found(m.start());
            }
            return NOT_FOUND;
        } catch (StepsExhausted e) {
            return new GaveUp("regex gave up after " + steps + " steps on a " + body.length() + "-byte body");
        } catch (Interrupted e) {
            return new GaveUp("regex evaluation interrupted on a " + body.length() + "-byte body");
        } catch (StackOverflowError e) {
            return new GaveUp("regex recursion overflowed the stack on a " + body.length() + "-byte body");
        }
    }

    private static int indexOfLf(CharSequence s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Thrown through the matcher when the budget is spent; one shared instance, no stack trace. */
    private static final class StepsExhausted extends RuntimeException {
        static final StepsExhausted INSTANCE = new StepsExhausted();

        private StepsExhausted() {
            super("regex step budget exhausted", null, false, false);
        }
    }

    /** Thrown through the matcher when its thread is interrupted; one shared instance, no stack trace. */
    private static final class Interrupted extends RuntimeException {
        static final Interrupted INSTANCE = new Interrupted();

        private Interrupted() {
            super("regex evaluation interrupted", null, false, false);
        }
    }

    /** Steps between two looks at the thread's interrupt flag: ~0.2 ms at ~2.5 ns a step, one branch a step. */
    private static final long INTERRUPT_CHECK_MASK = (1 << 16) - 1;

    /** The body as the matcher sees it: every character read spends one step. */
    private static final class Metered implements CharSequence {
        private final CharSequence text;
        private long left;

        Metered(CharSequence text, long budget) {
            this.text = text;
            this.left = budget;
        }

        @Override
        public char charAt(int index) {
            if (--left < 0) {
                throw StepsExhausted.INSTANCE;
            }
            if ((left & INTERRUPT_CHECK_MASK) == 0 && Thread.currentThread().isInterrupted()) {
                throw Interrupted.INSTANCE;
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
