package dev.fulcrum.healthcheck.check;

import dev.fulcrum.healthcheck.engine.CheckOutcome;
import dev.fulcrum.healthcheck.engine.Checker;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import dev.fulcrum.healthcheck.spec.UrlSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * HTTP_GET and SSL_GET: {@code GET path} on a fresh connection per URL, like keepalived (unless connections
 * are kept, below), with {@code User-Agent: KeepAliveClient} and a Host header. A URL passes when its status is in the
 * status_code set, the MD5 of the body matches the digest if one is configured, and the body matches
 * (or with regex_no_match does not match) the regex if one is configured ({@link BodyRegex}: start bounds
 * and a step budget). A regex is evaluated once the whole body is in and the channel is closed, on the
 * runtime's one regex thread rather than the event loop: a pathological one may take its whole budget (~2.5 s
 * on a 1 MiB body), and that must delay neither other servers' checks nor their detection times. Its verdict
 * returns to the channel's event loop, timed when it is reached. The body is hashed as it
 * streams and never buffered (except up to the body cap when a regex must see it); a body over the cap,
 * a response that sends nothing for connect_timeout, or anything that is not HTTP fails the attempt and
 * closes the channel.
 *
 * <p>Kept connections (the runtime's checks per connection above 1, or 0): most of a check's CPU, on both
 * ends, is the kernel opening and tearing down its TCP connection, not the request. So the connection of a
 * complete, length-framed answer the server did not ask to close is parked for this checker's next check,
 * which is then one write and one read. The request then asks for a persistent connection (HTTP/1.1 without
 * {@code Connection: close}, HTTP/1.0 with {@code Connection: keep-alive}; {@code http_protocol 1.0C} keeps
 * keepalived's close). A parked connection the server closes or writes to is dropped, and the next check opens a
 * new one; a kept connection that fails before any answer byte (the server closed it as the request left)
 * costs no failure: the check is made again at once on a new connection. A timeout on it is a failure like any
 * other. After the configured number of checks a new connection is opened, so a listener that stopped
 * accepting is still found.
 *
 * <p>Why it is written the way it is: at thousands of checks per second the checker's own CPU is the
 * product, so one attempt costs one channel with a single handler that is also its parser's event sink,
 * its connect listener and its timeout task: no Bootstrap, no codec pipeline, no per-read timer, no
 * futures beyond the one the engine waits on. The request bytes are encoded once per URL.
 */
public final class HttpGetCheck implements Checker {
    private final NettyCheckers runtime;
    private final CheckerSpec.Http spec;
    private final ByteBuf[] requests;
    private final BodyRegex[] regexes;
    private final long timeoutNanos;
    private final Map<UrlSpec, ByteBuf> otherRequests = new ConcurrentHashMap<>();
    /** Checks one connection may carry: 1 without reuse, 0 without limit. */
    private final int checksPerConnection;
    private final AtomicReference<Parked> parked = new AtomicReference<>();
    private volatile boolean closed;

    /** A connection kept for the next check, its handler, and how many checks it has carried. */
    private record Parked(Channel channel, Link link, int checks) {
    }

    HttpGetCheck(NettyCheckers runtime, CheckerSpec.Http spec) {
        this.runtime = runtime;
        this.spec = spec;
        this.checksPerConnection = spec.protocol() == CheckerSpec.HttpProtocol.HTTP_1_0C ? 1 : runtime.httpChecksPerConnection();
        this.requests = new ByteBuf[spec.urls().size()];
        this.regexes = new BodyRegex[spec.urls().size()];
        for (int i = 0; i < requests.length; i++) {
            UrlSpec u = spec.urls().get(i);
            requests[i] = encode(u);
            regexes[i] = BodyRegex.of(u);
        }
        this.timeoutNanos = Math.max(1, spec.timing().connectTimeout().toNanos());
    }

    /** The request never changes, so it is encoded once and every attempt writes a view of the same bytes. */
    private ByteBuf encode(UrlSpec url) {
        StringBuilder r = new StringBuilder(128);
        r.append("GET ").append(url.path()).append(' ').append(spec.protocol().wire()).append("\r\n")
                .append("User-Agent: KeepAliveClient\r\n")
                .append("Host: ").append(hostHeader(url)).append("\r\n");
        if (checksPerConnection != 1) {
            if (spec.protocol() == CheckerSpec.HttpProtocol.HTTP_1_0) {
                r.append("Connection: keep-alive\r\n");
            }
        } else if (spec.protocol().sendsConnectionClose()) {
            r.append("Connection: close\r\n");
        }
        r.append("\r\n");
        // direct memory: the epoll transport sends it from its address, where a heap buffer is copied into a
        // direct one on every write. A JDK buffer, freed by the garbage collector with the checker (Netty's own
        // direct buffers are freed only by release, which the unreleasable wrapper every write needs rules out)
        byte[] bytes = r.toString().getBytes(StandardCharsets.US_ASCII);
        java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct));
    }

    /** What one GET returned, for the check and for {@code fulcrum probe --digest}. */
    public record Fetch(int status, Optional<String> md5, long bodyBytes, CheckOutcome outcome) {
    }

    @Override
    public CheckerSpec spec() {
        return spec;
    }

    @Override
    public int steps() {
        return spec.urls().size();
    }

    @Override
    public boolean fastRecovery() {
        return spec.fastRecovery();
    }

    @Override
    public CompletionStage<CheckOutcome> run(int step) {
        if (requests.length == 1) {
            CompletableFuture<CheckOutcome> out = new CompletableFuture<>();
            start(0, spec.urls().get(0), true, out, null);
            return out;
        }
        long started = System.nanoTime();
        if (step != ALL_STEPS) {
            CompletableFuture<CheckOutcome> out = new CompletableFuture<>();
            start(step, spec.urls().get(step), true, out, null);
            return out.thenApply(o -> prefix(o, spec.urls().get(step), started));
        }
        CompletableFuture<CheckOutcome> done = new CompletableFuture<>();
        next(0, started, done);
        return done;
    }

    private void next(int i, long started, CompletableFuture<CheckOutcome> done) {
        UrlSpec url = spec.urls().get(i);
        CompletableFuture<CheckOutcome> one = new CompletableFuture<>();
        start(i, url, true, one, null);
        one.whenComplete((o, err) -> {
            CheckOutcome r = o != null ? o : new CheckOutcome.Failure(FailureReason.of(err), Duration.ZERO);
            if (!r.ok() || i + 1 == spec.urls().size()) {
                done.complete(prefix(r, url, started));
            } else {
                next(i + 1, started, done);
            }
        });
    }

    private CheckOutcome prefix(CheckOutcome o, UrlSpec url, long started) {
        Duration total = Duration.ofNanos(System.nanoTime() - started);
        if (o instanceof CheckOutcome.Failure f) {
            String reason = spec.urls().size() > 1 ? url.path() + ": " + f.reason() : f.reason();
            return new CheckOutcome.Failure(reason, total);
        }
        return CheckOutcome.Success.of(total);
    }

    /**
     * GETs one URL. With {@code judge} false the status, digest and regex are only reported, not judged
     * (the digest helper wants the MD5 of whatever the server returns).
     */
    public CompletionStage<Fetch> fetch(UrlSpec url, boolean judge) {
        CompletableFuture<Fetch> out = new CompletableFuture<>();
        int index = -1;
        for (int i = 0; i < requests.length; i++) {
            if (spec.urls().get(i).equals(url)) {
                index = i;
                break;
            }
        }
        start(index, url, judge, null, out);
        return out;
    }

    private void start(int index, UrlSpec url, boolean judge, CompletableFuture<CheckOutcome> outcome, CompletableFuture<Fetch> fetch) {
        Parked p = checksPerConnection == 1 ? null : parked.getAndSet(null);
        if (p != null) {
            Channel ch = p.channel();
            if (ch.eventLoop().inEventLoop()) {
                startOn(p, index, url, judge, outcome, fetch);
            } else {
                try {
                    ch.eventLoop().execute(() -> startOn(p, index, url, judge, outcome, fetch));
                } catch (RejectedExecutionException e) {
                    ch.unsafe().closeForcibly();
                    startFresh(index, url, judge, outcome, fetch);
                }
            }
            return;
        }
        startFresh(index, url, judge, outcome, fetch);
    }

    /** On the parked connection's event loop: the check on that connection, or on a new one if it has closed meanwhile. */
    private void startOn(Parked p, int index, UrlSpec url, boolean judge, CompletableFuture<CheckOutcome> outcome,
                         CompletableFuture<Fetch> fetch) {
        Channel ch = p.channel();
        if (!ch.isActive()) {
            ch.close();
            startFresh(index, url, judge, outcome, fetch);
            return;
        }
        Exchange ex = new Exchange(index, url, judge, outcome, fetch, p.checks() + 1);
        ex.channel = ch;
        ex.link = p.link();
        ex.link.current = ex;
        runtime.httpKeptChecks.increment();
        ex.sendOnKept();
    }

    private void startFresh(int index, UrlSpec url, boolean judge, CompletableFuture<CheckOutcome> outcome, CompletableFuture<Fetch> fetch) {
        Exchange ex = new Exchange(index, url, judge, outcome, fetch, 1);
        runtime.httpOpened.increment();
        try {
            Channel ch = runtime.tcpChannel(spec.connection());
            ex.channel = ch;
            if (spec.ssl()) {
                ch.pipeline().addLast("tls", sslHandler(ch, url));
            }
            if (checksPerConnection == 1) {
                ch.pipeline().addLast("check", ex);
            } else {
                ex.link = new Link();
                ex.link.current = ex;
                ch.pipeline().addLast("check", ex.link);
            }
            ChannelFuture reg = runtime.register(ch);
            if (reg.isDone()) {
                ex.registered(reg);
            } else {
                reg.addListener((ChannelFuture f) -> ex.registered(f));
            }
        } catch (RuntimeException e) {
            ex.finish(e, null);
        }
    }

    /**
     * Parks a connection whose answer was complete for the next check (on its event loop); a connection
     * already parked (two attempts at once, as a probe may make) or a closed checker closes it instead.
     */
    private void park(Channel ch, Link link, int checks) {
        link.current = null;
        Parked was = parked.getAndSet(new Parked(ch, link, checks));
        if (was != null) {
            was.channel().close();
        }
        if (closed) {
            Parked again = parked.getAndSet(null);
            if (again != null) {
                again.channel().close();
            }
        }
    }

    /** Closes the connection kept for the next check: the checker has left the plan (a reload) or the engine stopped. */
    @Override
    public void close() {
        closed = true;
        Parked p = parked.getAndSet(null);
        if (p != null) {
            p.channel().close();
        }
    }

    /**
     * The handler of a connection that may be kept: it hands the channel's events to the check using the
     * connection, so that a check starting on a kept connection changes a field, not the pipeline (a pipeline
     * change, twice per check, cost more than the rest of the handler work). While the connection is parked,
     * anything the server sends (bytes, a close_notify, an error) ends it, since the next answer could no
     * longer be told apart; a close needs nothing: the next check finds the channel inactive and opens a new one.
     */
    private static final class Link extends ChannelInboundHandlerAdapter {
        /** The check using the connection; null while it is parked. Read and written on the channel's event loop. */
        Exchange current;

        @Override
        public boolean isSharable() {
            return false;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (current != null) {
                current.channelActive(ctx);
            } else {
                ctx.fireChannelActive();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (current != null) {
                current.channelRead(ctx, msg);
            } else {
                ReferenceCountUtil.release(msg);
                ctx.close();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (current != null) {
                current.userEventTriggered(ctx, evt);
            } else {
                if (evt instanceof SslCloseCompletionEvent) {
                    ctx.close();
                }
                ReferenceCountUtil.release(evt);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (current != null) {
                current.channelInactive(ctx);
            } else {
                ctx.fireChannelInactive();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (current != null) {
                current.exceptionCaught(ctx, cause);
            } else {
                ctx.close();
            }
        }
    }

    private SslHandler sslHandler(Channel ch, UrlSpec url) {
        CheckerSpec.Tls tls = spec.tls();
        Optional<String> sni = tls.sniName().or(url::virtualhost).filter(h -> tls.enableSni() || tls.verify());
        InetSocketAddress target = spec.connection().target();
        SslHandler h = sni.filter(n -> !NetUtil.isValidIpV4Address(n) && !NetUtil.isValidIpV6Address(n))
                .map(n -> runtime.ssl(tls).newHandler(ch.alloc(), n, target.getPort()))
                .orElseGet(() -> runtime.ssl(tls).newHandler(ch.alloc()));
        if (!tls.enableSni()) {
            SSLEngine e = h.engine();
            SSLParameters p = e.getSSLParameters();
            p.setServerNames(List.of());
            e.setSSLParameters(p);
        }
        if (tls.verify() && sni.isPresent()) {
            SSLEngine e = h.engine();
            SSLParameters p = e.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            e.setSSLParameters(p);
        }
        h.setHandshakeTimeoutMillis(spec.timing().connectTimeout().toMillis());
        return h;
    }

    private String hostHeader(UrlSpec url) {
        InetSocketAddress t = spec.connection().target();
        int defaultPort = spec.ssl() ? 443 : 80;
        String host = url.virtualhost().orElseGet(() -> {
            String ip = t.getAddress().getHostAddress();
            return ip.contains(":") ? "[" + ip + "]" : ip;
        });
        return t.getPort() == defaultPort || url.virtualhost().isPresent() ? host : host + ":" + t.getPort();
    }

    /**
     * One GET on one connection: the channel's only handler (after TLS), the sink of its response parser,
     * the listener of its connect and its own timeout task, so that an attempt allocates little beyond
     * the channel. Lives on the channel's event loop (all but a regex evaluation); the first verdict wins.
     */
    private final class Exchange extends ChannelInboundHandlerAdapter
            implements HttpResponseParser.Events, ChannelFutureListener, Runnable {
        private final int index;
        /** Which check this is on its connection: 1 on a new one. */
        private final int checkOnConnection;
        private final UrlSpec url;
        private final ByteBuf request;
        private final BodyRegex regex;
        private final boolean judge;
        private final CompletableFuture<CheckOutcome> outcome;
        private final CompletableFuture<Fetch> fetch;
        private final long started = System.nanoTime();
        private final HttpResponseParser parser = new HttpResponseParser(this);
        private final MessageDigest md5;
        private final StringBuilder text;
        Channel channel;
        /** The connection's handler when it may be kept, else null (this exchange is the handler). */
        Link link;
        private ScheduledFuture<?> timeout;
        private long lastRead;
        private boolean done;
        private int status = -1;
        private long bytes;
        /** Bytes of answer received: a kept connection that ends with none was closed under the request. */
        private long received;
        /** The answer left the connection fit for another request, and the limit allows one. */
        private boolean keep;

        Exchange(int index, UrlSpec url, boolean judge, CompletableFuture<CheckOutcome> outcome, CompletableFuture<Fetch> fetch,
                 int checkOnConnection) {
            this.index = index;
            this.checkOnConnection = checkOnConnection;
            this.url = url;
            this.request = index >= 0 ? requests[index] : otherRequests.computeIfAbsent(url, HttpGetCheck.this::encode);
            this.regex = index >= 0 ? regexes[index] : BodyRegex.of(url);
            this.judge = judge;
            this.outcome = outcome;
            this.fetch = fetch;
            // hashing costs CPU on every check; only pay for it when a digest is judged or reported
            if (url.digest().isPresent() || !judge) {
                try {
                    this.md5 = MessageDigest.getInstance("MD5");
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                this.md5 = null;
            }
            this.text = regex == null ? null : new StringBuilder(256);
        }

        /** One per attempt, never shared; answering directly spares Netty's per-class cache lookup. */
        @Override
        public boolean isSharable() {
            return false;
        }

        /** The channel is on its event loop: arm the one timeout and connect. */
        void registered(ChannelFuture reg) {
            if (!reg.isSuccess()) {
                finish(reg.cause(), null);
                return;
            }
            timeout = channel.eventLoop().schedule(this, timeoutNanos, TimeUnit.NANOSECONDS);
            NettyCheckers.connect(channel, spec.connection()).addListener(this);
        }

        /** On a kept connection: arm the timeout and send; the server gets connect_timeout to answer, as after a connect. */
        void sendOnKept() {
            lastRead = System.nanoTime();
            timeout = channel.eventLoop().schedule(this, timeoutNanos, TimeUnit.NANOSECONDS);
            channel.writeAndFlush(request.duplicate(), channel.voidPromise());
        }

        /** The connect's outcome. */
        @Override
        public void operationComplete(ChannelFuture f) {
            if (!f.isSuccess()) {
                finish(f.cause(), null);
            }
        }

        /** The timeout: connect_timeout for the connect, then for each wait on the server. */
        @Override
        public void run() {
            if (done) {
                return;
            }
            if (!channel.isActive()) {
                finish(null, "connect timeout");
                return;
            }
            // the server gets connect_timeout from the connect, then from each read
            long idle = lastRead == 0 ? timeoutNanos : System.nanoTime() - lastRead;
            if (idle < timeoutNanos) {
                timeout = channel.eventLoop().schedule(this, timeoutNanos - idle, TimeUnit.NANOSECONDS);
                return;
            }
            SslHandler tls = spec.ssl() ? channel.pipeline().get(SslHandler.class) : null;
            finish(null, tls != null && !tls.handshakeFuture().isDone() ? "tls: handshake timeout" : "timeout");
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            lastRead = System.nanoTime();
            ctx.writeAndFlush(request.duplicate(), ctx.voidPromise());
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (done || !(msg instanceof ByteBuf b)) {
                    return;
                }
                received += b.readableBytes();
                switch (parser.feed(b)) {
                    case COMPLETE -> complete();
                    case INVALID -> finish(null, FailureReason.printable("invalid response: " + parser.invalidReason()));
                    case MORE -> lastRead = System.nanoTime();
                    case STOPPED -> { }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public boolean head(int code, long contentLength) {
            status = code;
            if (judge && !url.statusCodes().accepts(code)) {
                finish(null, "status " + code);
                return false;
            }
            if (contentLength > spec.maxBodyBytes()) {
                finish(null, "body of " + contentLength + " bytes exceeds " + spec.maxBodyBytes());
                return false;
            }
            return true;
        }

        @Override
        public boolean body(ByteBuf buf, int index, int length) {
            bytes += length;
            if (bytes > spec.maxBodyBytes()) {
                finish(null, "body exceeds " + spec.maxBodyBytes() + " bytes");
                return false;
            }
            if (md5 != null && length > 0) {
                if (buf.hasArray()) {
                    md5.update(buf.array(), buf.arrayOffset() + index, length);
                } else {
                    md5.update(buf.nioBuffer(index, length));
                }
            }
            if (text != null && length > 0) {
                text.append(buf.toString(index, length, StandardCharsets.ISO_8859_1));
            }
            return true;
        }

        /** The whole response is in: judge the digest and the regex. */
        private void complete() {
            keep = checksPerConnection != 1 && (checksPerConnection == 0 || checkOnConnection < checksPerConnection)
                    && parser.connectionReusable() && !closed;
            String digest = md5 == null ? null : HexFormat.of().formatHex(md5.digest());
            if (judge && url.digest().isPresent() && !url.digest().get().equals(digest)) {
                finish(null, "digest mismatch", digest);
            } else if (judge && regex != null) {
                judgeRegex(digest);
            } else {
                finish(null, null, digest);
            }
        }

        /**
         * The regex may take seconds (up to its step budget): the channel is released here, the evaluation
         * runs on the runtime's regex thread, and its verdict comes back to this channel's event loop, so the
         * loop keeps serving every other check meanwhile and callers see the outcome where they always did.
         */
        private void judgeRegex(String digest) {
            release();
            CharSequence body = text;
            runtime.evaluateRegex(() -> {
                BodyRegex.Result r = regex.find(body);
                String reason;
                if (r instanceof BodyRegex.GaveUp g) {
                    reason = g.reason();
                } else if (r instanceof BodyRegex.Found == url.regexNoMatch()) {
                    reason = url.regexNoMatch() ? "body matches regex" : "body does not match regex";
                } else {
                    reason = null;
                }
                deliverOnLoop(verdict(null, reason), digest);
            }, () -> deliverOnLoop(verdict(null, "checker runtime closed"), digest));
        }

        /** Off the loop (regex thread, or a closing runtime): back to the channel's loop, or right here when it is gone. */
        private void deliverOnLoop(CheckOutcome o, String digest) {
            try {
                channel.eventLoop().execute(() -> deliver(o, digest));
            } catch (RejectedExecutionException e) {
                deliver(o, digest);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslCloseCompletionEvent) {
                // close_notify ends a close-delimited body just like a TCP FIN; some servers send it and wait
                ctx.close();
            } else if (evt instanceof SslHandshakeCompletionEvent h && !h.isSuccess()) {
                finish(h.cause(), null);
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!done) {
                SslHandler tls = spec.ssl() ? ctx.pipeline().get(SslHandler.class) : null;
                if (parser.endsAtClose()) {
                    complete();
                } else if (tls != null && !tls.handshakeFuture().isSuccess()) {
                    finish(null, "tls: closed during handshake");
                } else {
                    finish(null, parser.status() < 0 ? "closed before response" : "closed mid-body");
                }
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            finish(cause, null);
        }

        void finish(Throwable cause, String reason) {
            finish(cause, reason, null);
        }

        void finish(Throwable cause, String reason, String digest) {
            if (done) {
                return;
            }
            if (checkOnConnection > 1 && received == 0 && !"timeout".equals(reason)) {
                // the kept connection ended under the request (the server's idle timeout, or its restart): not the
                // server's failure; the check is made again, now, on a new connection
                keep = false;
                release();
                runtime.httpKeptRetries.increment();
                startFresh(index, url, judge, outcome, fetch);
                return;
            }
            CheckOutcome o = verdict(cause, reason);
            release();
            deliver(o, digest);
        }

        /** The verdict, timed now: latency is the time from the attempt's start to its verdict. */
        private CheckOutcome verdict(Throwable cause, String reason) {
            Duration latency = Duration.ofNanos(System.nanoTime() - started);
            if (cause != null) {
                String r = FailureReason.of(cause);
                SslHandler tls = spec.ssl() && channel != null ? channel.pipeline().get(SslHandler.class) : null;
                if (tls != null && !tls.handshakeFuture().isSuccess() && !r.startsWith("tls")) {
                    r = "tls: handshake failed (" + r + ")";
                }
                return new CheckOutcome.Failure(r, latency);
            } else if (reason != null) {
                return new CheckOutcome.Failure(reason, latency);
            }
            return CheckOutcome.Success.of(latency);
        }

        /** Ends the exchange on the event loop: later events are ignored, the timer let go, the channel parked or closed. */
        private void release() {
            done = true;
            if (timeout != null) {
                timeout.cancel(false);
            }
            if (keep && link != null && channel.isActive()) {
                park(channel, link, checkOnConnection);
            } else if (channel != null) {
                if (channel.isRegistered()) {
                    channel.close();
                } else {
                    channel.unsafe().closeForcibly();
                }
            }
        }

        private void deliver(CheckOutcome o, String digest) {
            if (outcome != null) {
                outcome.complete(o);
            } else {
                fetch.complete(new Fetch(status, Optional.ofNullable(digest), bytes, o));
            }
        }
    }
}
