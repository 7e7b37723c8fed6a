package dev.fulcrum.healthcheck.check;

import dev.fulcrum.healthcheck.engine.CheckOutcome;
import dev.fulcrum.healthcheck.engine.Checker;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import dev.fulcrum.healthcheck.spec.UrlSpec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * HTTP_GET and SSL_GET: {@code GET path} on a fresh connection per URL, like keepalived, with
 * {@code User-Agent: KeepAliveClient} and a Host header. A URL passes when its status is in the
 * status_code set and, if a digest is configured, the MD5 of the body matches. The body is hashed as it
 * streams and never buffered; a body over the cap, a response that never finishes within
 * connect_timeout between reads, or anything that is not HTTP fails the attempt and closes the channel.
 */
public final class HttpGetCheck implements Checker {
    private final NettyCheckers runtime;
    private final CheckerSpec.Http spec;

    private final java.util.Map<UrlSpec, ByteBuf> requests = new java.util.concurrent.ConcurrentHashMap<>();

    HttpGetCheck(NettyCheckers runtime, CheckerSpec.Http spec) {
        this.runtime = runtime;
        this.spec = spec;
        for (UrlSpec u : spec.urls()) {
            requests.put(u, encode(u));
        }
    }

    /** The request never changes, so it is encoded once and every attempt writes a view of the same bytes. */
    private ByteBuf encode(UrlSpec url) {
        StringBuilder r = new StringBuilder(128);
        r.append("GET ").append(url.path()).append(' ').append(spec.protocol().wire()).append("\r\n")
                .append("User-Agent: KeepAliveClient\r\n")
                .append("Host: ").append(hostHeader(url)).append("\r\n");
        if (spec.protocol().sendsConnectionClose()) {
            r.append("Connection: close\r\n");
        }
        r.append("\r\n");
        return io.netty.buffer.Unpooled.unreleasableBuffer(io.netty.buffer.Unpooled.copiedBuffer(r, java.nio.charset.StandardCharsets.US_ASCII));
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
        if (spec.urls().size() == 1) {
            return fetch(spec.urls().get(0), true).thenApply(Fetch::outcome);
        }
        long started = System.nanoTime();
        if (step != ALL_STEPS) {
            return fetch(spec.urls().get(step), true).thenApply(f -> prefix(f.outcome(), spec.urls().get(step), started));
        }
        CompletableFuture<CheckOutcome> done = new CompletableFuture<>();
        next(0, started, done);
        return done;
    }

    private void next(int i, long started, CompletableFuture<CheckOutcome> done) {
        UrlSpec url = spec.urls().get(i);
        fetch(url, true).whenComplete((f, err) -> {
            CheckOutcome o = f != null ? f.outcome() : new CheckOutcome.Failure(FailureReason.of(err), Duration.ZERO);
            if (!o.ok() || i + 1 == spec.urls().size()) {
                done.complete(prefix(o, url, started));
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
     * GETs one URL. With {@code judge} false the status and digest are only reported, not judged (the
     * digest helper wants the MD5 of whatever the server returns).
     */
    public CompletionStage<Fetch> fetch(UrlSpec url, boolean judge) {
        Attempt a = new Attempt();
        CompletableFuture<Fetch> out = new CompletableFuture<>();
        Exchange ex = new Exchange(url, a, judge, out);
        try {
            ChannelFuture cf = NettyCheckers.connect(runtime.tcp(spec.connection(), spec.timing().connectTimeout(), new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    if (spec.ssl()) {
                        ch.pipeline().addLast("tls", sslHandler(ch, url));
                    }
                    ch.pipeline().addLast("timeout", new ReadTimeoutHandler(spec.timing().connectTimeout().toMillis(), TimeUnit.MILLISECONDS));
                    ch.pipeline().addLast("http", new HttpResponseDecoder(4096, 16384, 16384));
                    ch.pipeline().addLast("check", ex);
                }
            }), spec.connection());
            cf.addListener((ChannelFuture f) -> {
                if (!f.isSuccess()) {
                    ex.finish(null, f.cause(), null);
                    f.channel().close();
                }
            });
        } catch (RuntimeException e) {
            ex.finish(null, e, null);
        }
        return out;
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

    /** The per-connection state of one GET: status, streamed MD5, byte count, one verdict. */
    private final class Exchange extends SimpleChannelInboundHandler<HttpObject> {
        private final UrlSpec url;
        private final Attempt attempt;
        private final boolean judge;
        private final CompletableFuture<Fetch> out;
        private final MessageDigest md5;
        private int status = -1;
        private long bytes;

        Exchange(UrlSpec url, Attempt attempt, boolean judge, CompletableFuture<Fetch> out) {
            this.url = url;
            this.attempt = attempt;
            this.judge = judge;
            this.out = out;
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
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ByteBuf req = requests.computeIfAbsent(url, HttpGetCheck.this::encode).duplicate();
            ctx.writeAndFlush(req).addListener(f -> {
                if (!f.isSuccess()) {
                    finish(ctx, f.cause(), null);
                }
            });
            ctx.fireChannelActive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (out.isDone()) {
                return;
            }
            if (msg.decoderResult().isFailure()) {
                Throwable c = msg.decoderResult().cause();
                String what = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage().split(":")[0];
                finish(ctx, null, FailureReason.printable("invalid response: " + what));
                return;
            }
            if (msg instanceof HttpResponse r) {
                status = r.status().code();
                if (judge && !url.statusCodes().accepts(status)) {
                    finish(ctx, null, "status " + status);
                    return;
                }
                long len = HttpUtil.getContentLength(r, -1L);
                if (len > spec.maxBodyBytes()) {
                    finish(ctx, null, "body of " + len + " bytes exceeds " + spec.maxBodyBytes());
                    return;
                }
            }
            if (msg instanceof HttpContent c) {
                ByteBuf b = c.content();
                bytes += b.readableBytes();
                if (bytes > spec.maxBodyBytes()) {
                    finish(ctx, null, "body exceeds " + spec.maxBodyBytes() + " bytes");
                    return;
                }
                if (md5 != null && b.isReadable()) {
                    if (b.hasArray()) {
                        md5.update(b.array(), b.arrayOffset() + b.readerIndex(), b.readableBytes());
                    } else {
                        md5.update(b.nioBuffer());
                    }
                }
                if (msg instanceof LastHttpContent) {
                    String digest = md5 == null ? null : HexFormat.of().formatHex(md5.digest());
                    if (judge && url.digest().isPresent() && !url.digest().get().equals(digest)) {
                        finish(ctx, null, "digest mismatch");
                    } else {
                        finish(ctx, null, null, digest);
                    }
                }
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof io.netty.handler.ssl.SslCloseCompletionEvent) {
                // close_notify ends a close-delimited body just like a TCP FIN; some servers send it and wait
                ctx.close();
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            SslHandler tls = ctx.pipeline().get(SslHandler.class);
            if (tls != null && !tls.handshakeFuture().isSuccess()) {
                finish(ctx, null, "tls: closed during handshake");
            } else {
                finish(ctx, null, status < 0 ? "closed before response" : "closed mid-body");
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            finish(ctx, cause, null);
        }

        void finish(ChannelHandlerContext ctx, Throwable cause, String reason) {
            finish(ctx, cause, reason, null);
        }

        void finish(ChannelHandlerContext ctx, Throwable cause, String reason, String digest) {
            if (out.isDone()) {
                return;
            }
            if (cause != null) {
                SslHandler tls = ctx == null ? null : ctx.pipeline().get(SslHandler.class);
                String r = FailureReason.of(cause);
                if (tls != null && !tls.handshakeFuture().isSuccess() && !r.startsWith("tls")) {
                    r = "tls: handshake failed (" + r + ")";
                }
                attempt.fail(r);
            } else if (reason != null) {
                attempt.fail(reason);
            } else {
                attempt.succeed();
            }
            CheckOutcome o = attempt.result.join();
            out.complete(new Fetch(status, Optional.ofNullable(digest), bytes, o));
            if (ctx != null) {
                ctx.close();
            }
        }
    }
}
