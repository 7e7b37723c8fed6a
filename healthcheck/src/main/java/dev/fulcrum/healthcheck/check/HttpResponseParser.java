package dev.fulcrum.healthcheck.check;

import io.netty.buffer.ByteBuf;

/**
 * The HTTP/1.x response reader of HTTP_GET and SSL_GET, written for the one thing a health check needs:
 * the status code and the body as a stream, at the lowest cost per check. It keeps no line buffer and no
 * header map: it walks the bytes once, remembers only Content-Length and whether the body is chunked,
 * and hands body bytes to the caller as index ranges of the buffer it was given. Pure: no I/O, no clock.
 *
 * <p>Bounds: the status line may be {@value #MAX_STATUS_LINE} bytes, all header lines together
 * {@value #MAX_HEADER_BYTES}; a chunk-size line 64. The body has no bound here: the caller counts it.
 * A body ends at Content-Length, at the last chunk, or (neither given) at the end of input; 1xx, 204
 * and 304 responses have none.
 *
 * <p>For checks that keep their connection it also notes what decides whether the connection may carry the
 * next request: the protocol version, the Connection header's close and keep-alive tokens, and whether
 * bytes followed the response in the input that completed it.
 */
final class HttpResponseParser {
    static final int MAX_STATUS_LINE = 4096;
    static final int MAX_HEADER_BYTES = 16384;
    private static final int MAX_CHUNK_LINE = 64;

    /** What the parser reports while it reads. */
    interface Events {
        /** The headers are complete. Returning false stops the parse (the verdict is already known). */
        boolean head(int status, long contentLength);

        /** {@code length} body bytes at {@code index} of {@code buf}. Returning false stops the parse. */
        boolean body(ByteBuf buf, int index, int length);
    }

    /** Where the response stands after a {@link #feed}. */
    enum Progress { MORE, COMPLETE, STOPPED, INVALID }

    private enum State {
        LEADING, VERSION, VERSION_REST, STATUS_SP, CODE, REASON, REASON_LF,
        LINE_START, NAME, VALUE, LINE_LF, HEAD_LF,
        LENGTH, CHUNK_SIZE, CHUNK_EXT, CHUNK_LF, CHUNK_DATA, CHUNK_CR, CHUNK_CRLF_LF,
        TRAILER_START, TRAILER, TRAILER_LF, UNTIL_CLOSE, DONE, FAILED
    }

    /** Header names that matter, matched as they stream by. */
    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION = "connection".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "close".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = "keep-alive".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] HTTP_SLASH = "HTTP/".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CHUNKED = "chunked".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Events events;
    private State state = State.LEADING;
    private boolean stopped;
    private int lineBytes;
    private int headerBytes;
    private int status;
    private int codeDigits;
    private long contentLength = -1;
    private boolean chunked;
    private long remaining;
    private String invalid;

    // header name/value matching
    private int nameIndex;
    private boolean nameIsLength;
    private boolean nameIsEncoding;
    private int lengthPhase; // 0 leading space, 1 digits, 2 trailing space
    private boolean headDone;
    private boolean lengthBad;
    private long lengthValue;
    private int chunkedMatch;
    private boolean valueIsChunked;
    private boolean nameIsConnection;
    // the Connection value's current token, matched against close and keep-alive as it streams by
    private int tokenIndex;
    private boolean tokenIsClose;
    private boolean tokenIsKeepAlive;
    private boolean connectionClose;
    private boolean connectionKeepAlive;
    // the version's digits after "HTTP/", e.g. 1, '.', 1 -> 11; only 1.1 and later keep connections by default
    private int version;
    private boolean trailingBytes;

    HttpResponseParser(Events events) {
        this.events = events;
    }

    /** The status code once the headers are complete, else -1. */
    int status() {
        return headDone ? status : -1;
    }

    /** Why the response is not HTTP, once {@link #feed} said {@link Progress#INVALID}. */
    String invalidReason() {
        return invalid;
    }

    /**
     * Whether the connection may carry another request after this response: the response is complete and
     * framed by its length or chunks (not by the close), nothing followed it, and the server did not ask to
     * close (HTTP/1.1 without {@code Connection: close}, or HTTP/1.0 with {@code Connection: keep-alive}).
     */
    boolean connectionReusable() {
        boolean persistent = !connectionClose && (version >= 11 || connectionKeepAlive);
        return state == State.DONE && !stopped && !trailingBytes && persistent;
    }

    /** True while the body runs to the end of input (no length, not chunked). */
    boolean endsAtClose() {
        return state == State.UNTIL_CLOSE;
    }

    /** Reads what {@code in} holds from its reader index to its writer index; does not move the indexes. */
    Progress feed(ByteBuf in) {
        int i = in.readerIndex();
        int end = in.writerIndex();
        while (i < end) {
            switch (state) {
                case LENGTH -> {
                    int n = (int) Math.min(remaining, end - i);
                    remaining -= n;
                    if (!events.body(in, i, n)) {
                        return stop();
                    }
                    i += n;
                    if (remaining == 0) {
                        state = State.DONE;
                    }
                }
                case UNTIL_CLOSE -> {
                    if (!events.body(in, i, end - i)) {
                        return stop();
                    }
                    i = end;
                }
                case CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, end - i);
                    remaining -= n;
                    if (!events.body(in, i, n)) {
                        return stop();
                    }
                    i += n;
                    if (remaining == 0) {
                        state = State.CHUNK_CR;
                    }
                }
                case DONE -> {
                    trailingBytes = true;
                    return Progress.COMPLETE;
                }
                case FAILED -> {
                    return Progress.INVALID;
                }
                default -> {
                    Progress p = step(in.getByte(i++));
                    if (p != null) {
                        trailingBytes |= p == Progress.COMPLETE && i < end;
                        return p;
                    }
                }
            }
        }
        return state == State.DONE ? Progress.COMPLETE : state == State.FAILED ? Progress.INVALID : Progress.MORE;
    }

    private Progress stop() {
        stopped = true;
        state = State.DONE;
        return Progress.STOPPED;
    }

    /** One byte of the status line, the headers, a chunk-size line or the trailers; non-null ends the feed. */
    private Progress step(byte b) {
        switch (state) {
            case LEADING -> {
                // like common clients, tolerate blank lines and whitespace before the status line
                if (b == '\r' || b == '\n' || b == ' ' || b == '\t') {
                    return null;
                }
                state = State.VERSION;
                lineBytes = 0;
                return step(b);
            }
            case VERSION -> {
                if (++lineBytes > MAX_STATUS_LINE) {
                    return fail("status line too long");
                }
                if (lineBytes <= HTTP_SLASH.length) {
                    return b == HTTP_SLASH[lineBytes - 1] ? null : fail("not an HTTP/1.x status line");
                }
                if (b >= '0' && b <= '9' || b == '.') {
                    state = State.VERSION_REST;
                    version = b == '.' ? 0 : b - '0';
                    return null;
                }
                return fail("not an HTTP/1.x status line");
            }
            case VERSION_REST -> {
                if (++lineBytes > MAX_STATUS_LINE) {
                    return fail("status line too long");
                }
                if (b >= '0' && b <= '9') {
                    version = Math.min(version * 10 + (b - '0'), 1000);
                    return null;
                }
                if (b == '.') {
                    return null;
                }
                if (b == ' ') {
                    state = State.STATUS_SP;
                    return null;
                }
                return fail("not an HTTP/1.x status line");
            }
            case STATUS_SP -> {
                if (++lineBytes > MAX_STATUS_LINE) {
                    return fail("status line too long");
                }
                if (b == ' ') {
                    return null;
                }
                state = State.CODE;
                status = 0;
                codeDigits = 0;
                lineBytes--;
                return step(b);
            }
            case CODE -> {
                if (++lineBytes > MAX_STATUS_LINE) {
                    return fail("status line too long");
                }
                if (b >= '0' && b <= '9' && codeDigits < 3) {
                    status = status * 10 + (b - '0');
                    codeDigits++;
                    return null;
                }
                if (codeDigits != 3) {
                    return fail("bad status code");
                }
                if (b == ' ' || b == '\t') {
                    state = State.REASON;
                    return null;
                }
                if (b == '\r') {
                    state = State.REASON_LF;
                    return null;
                }
                if (b == '\n') {
                    return headersStart();
                }
                return fail("bad status code");
            }
            case REASON -> {
                if (++lineBytes > MAX_STATUS_LINE) {
                    return fail("status line too long");
                }
                if (b == '\r') {
                    state = State.REASON_LF;
                } else if (b == '\n') {
                    return headersStart();
                }
                return null;
            }
            case REASON_LF -> {
                return b == '\n' ? headersStart() : fail("bare CR in status line");
            }
            case LINE_START -> {
                if (++headerBytes > MAX_HEADER_BYTES) {
                    return fail("headers too long");
                }
                if (b == '\r') {
                    state = State.HEAD_LF;
                    return null;
                }
                if (b == '\n') {
                    return headersEnd();
                }
                nameIndex = 0;
                nameIsLength = true;
                nameIsEncoding = true;
                nameIsConnection = true;
                state = State.NAME;
                headerBytes--;
                return step(b);
            }
            case NAME -> {
                if (++headerBytes > MAX_HEADER_BYTES) {
                    return fail("headers too long");
                }
                if (b == ':') {
                    nameIsLength &= nameIndex == CONTENT_LENGTH.length;
                    nameIsEncoding &= nameIndex == TRANSFER_ENCODING.length;
                    nameIsConnection &= nameIndex == CONNECTION.length;
                    tokenIndex = 0;
                    tokenIsClose = true;
                    tokenIsKeepAlive = true;
                    lengthPhase = 0;
                    lengthBad = false;
                    lengthValue = 0;
                    chunkedMatch = 0;
                    valueIsChunked = false;
                    state = State.VALUE;
                    return null;
                }
                if (b == '\r' || b == '\n') {
                    return fail("header line without a colon");
                }
                byte lower = b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
                nameIsLength &= nameIndex < CONTENT_LENGTH.length && CONTENT_LENGTH[nameIndex] == lower;
                nameIsEncoding &= nameIndex < TRANSFER_ENCODING.length && TRANSFER_ENCODING[nameIndex] == lower;
                nameIsConnection &= nameIndex < CONNECTION.length && CONNECTION[nameIndex] == lower;
                nameIndex++;
                return null;
            }
            case VALUE -> {
                if (++headerBytes > MAX_HEADER_BYTES) {
                    return fail("headers too long");
                }
                if (b == '\r' || b == '\n') {
                    Progress p = endHeaderLine();
                    if (p != null) {
                        return p;
                    }
                    if (b == '\r') {
                        state = State.LINE_LF;
                    } else {
                        state = State.LINE_START;
                    }
                    return null;
                }
                if (nameIsLength) {
                    boolean digit = b >= '0' && b <= '9';
                    boolean space = b == ' ' || b == '\t';
                    if (lengthPhase == 0 && space) {
                        return null;
                    }
                    if (lengthPhase <= 1 && digit) {
                        lengthPhase = 1;
                        lengthValue = lengthValue * 10 + (b - '0');
                        lengthBad |= lengthValue > (1L << 50);
                    } else if (lengthPhase >= 1 && space) {
                        lengthPhase = 2;
                    } else {
                        lengthBad = true;
                    }
                } else if (nameIsConnection) {
                    connectionToken(b);
                } else if (nameIsEncoding) {
                    byte lower = b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
                    if (lower == CHUNKED[chunkedMatch]) {
                        chunkedMatch++;
                        if (chunkedMatch == CHUNKED.length) {
                            valueIsChunked = true;
                            chunkedMatch = 0;
                        }
                    } else {
                        chunkedMatch = lower == CHUNKED[0] ? 1 : 0;
                        if (lower != ' ' && lower != '\t') {
                            valueIsChunked = false; // "chunked" must be the last coding
                        }
                    }
                }
                return null;
            }
            case LINE_LF -> {
                if (b != '\n') {
                    return fail("bare CR in header");
                }
                state = State.LINE_START;
                return null;
            }
            case HEAD_LF -> {
                return b == '\n' ? headersEnd() : fail("bare CR in header");
            }
            case CHUNK_SIZE -> {
                if (++lineBytes > MAX_CHUNK_LINE) {
                    return fail("bad chunk size");
                }
                int d = hex(b);
                if (d >= 0) {
                    if (remaining > (1L << 50)) {
                        return fail("bad chunk size");
                    }
                    remaining = remaining * 16 + d;
                    codeDigits++;
                    return null;
                }
                if (codeDigits == 0) {
                    return fail("bad chunk size");
                }
                if (b == '\r') {
                    state = State.CHUNK_LF;
                    return null;
                }
                if (b == '\n') {
                    return chunkSizeEnd();
                }
                if (b == ';' || b == ' ' || b == '\t') {
                    state = State.CHUNK_EXT;
                    return null;
                }
                return fail("bad chunk size");
            }
            case CHUNK_EXT -> {
                if (++lineBytes > MAX_HEADER_BYTES) {
                    return fail("bad chunk size");
                }
                if (b == '\r') {
                    state = State.CHUNK_LF;
                } else if (b == '\n') {
                    return chunkSizeEnd();
                }
                return null;
            }
            case CHUNK_LF -> {
                return b == '\n' ? chunkSizeEnd() : fail("bad chunk size");
            }
            case CHUNK_CR -> {
                if (b == '\r') {
                    state = State.CHUNK_CRLF_LF;
                    return null;
                }
                if (b == '\n') {
                    return chunkStart();
                }
                return fail("chunk not followed by CRLF");
            }
            case CHUNK_CRLF_LF -> {
                return b == '\n' ? chunkStart() : fail("chunk not followed by CRLF");
            }
            case TRAILER_START -> {
                if (++headerBytes > MAX_HEADER_BYTES) {
                    return fail("headers too long");
                }
                if (b == '\r') {
                    state = State.TRAILER_LF;
                    return null;
                }
                if (b == '\n') {
                    state = State.DONE;
                    return Progress.COMPLETE;
                }
                state = State.TRAILER;
                return null;
            }
            case TRAILER -> {
                if (++headerBytes > MAX_HEADER_BYTES) {
                    return fail("headers too long");
                }
                if (b == '\n') {
                    state = State.TRAILER_START;
                }
                return null;
            }
            case TRAILER_LF -> {
                if (b != '\n') {
                    return fail("bare CR in trailer");
                }
                state = State.DONE;
                return Progress.COMPLETE;
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    /** One byte of a Connection value: comma-separated tokens, spaces around them ignored. */
    private void connectionToken(byte b) {
        if (b == ',' || b == ' ' || b == '\t') {
            endConnectionToken();
            return;
        }
        byte lower = b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
        tokenIsClose &= tokenIndex < CLOSE.length && CLOSE[tokenIndex] == lower;
        tokenIsKeepAlive &= tokenIndex < KEEP_ALIVE.length && KEEP_ALIVE[tokenIndex] == lower;
        tokenIndex++;
    }

    private void endConnectionToken() {
        if (tokenIndex > 0) {
            connectionClose |= tokenIsClose && tokenIndex == CLOSE.length;
            connectionKeepAlive |= tokenIsKeepAlive && tokenIndex == KEEP_ALIVE.length;
        }
        tokenIndex = 0;
        tokenIsClose = true;
        tokenIsKeepAlive = true;
    }

    private Progress endHeaderLine() {
        if (nameIsConnection) {
            endConnectionToken();
        }
        if (nameIsLength) {
            long v = lengthValue;
            if (lengthBad || lengthPhase == 0) {
                return fail("bad Content-Length");
            }
            if (contentLength >= 0 && contentLength != v) {
                return fail("conflicting Content-Length");
            }
            contentLength = v;
        } else if (nameIsEncoding) {
            chunked = valueIsChunked;
        }
        return null;
    }

    private Progress headersStart() {
        state = State.LINE_START;
        headerBytes = 0;
        return null;
    }

    private Progress headersEnd() {
        boolean noBody = status / 100 == 1 || status == 204 || status == 304;
        long length = chunked ? -1 : contentLength;
        if (noBody) {
            state = State.DONE;
        } else if (chunked) {
            chunkStart();
        } else if (contentLength >= 0) {
            remaining = contentLength;
            state = contentLength == 0 ? State.DONE : State.LENGTH;
        } else {
            state = State.UNTIL_CLOSE;
        }
        State after = state;
        headDone = true;
        // the state is already past the head, so status() answers inside the callback
        if (!events.head(status, noBody ? 0 : length)) {
            return stop();
        }
        return after == State.DONE ? Progress.COMPLETE : null;
    }

    private Progress chunkStart() {
        state = State.CHUNK_SIZE;
        remaining = 0;
        codeDigits = 0;
        lineBytes = 0;
        return null;
    }

    private Progress chunkSizeEnd() {
        if (remaining == 0) {
            state = State.TRAILER_START;
            headerBytes = 0;
        } else {
            state = State.CHUNK_DATA;
        }
        return null;
    }

    private Progress fail(String why) {
        invalid = why;
        state = State.FAILED;
        return Progress.INVALID;
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
