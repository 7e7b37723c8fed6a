package dev.fulcrum.healthcheck.check;

import dev.fulcrum.healthcheck.engine.CheckOutcome;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import dev.fulcrum.healthcheck.engine.Checker;
import dev.fulcrum.healthcheck.engine.CheckerFactory;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import dev.fulcrum.healthcheck.spec.Connection;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import dev.fulcrum.conf.model.SslClientSettings;
import java.security.cert.X509Certificate;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime every network checker shares: one event loop group (epoll when available, so SO_MARK
 * works), TLS contexts built once per distinct TLS settings (the SSL block), one thread for the few blocking edges
 * (starting scripts, reading tracked files) and one for url regex evaluations, which may take seconds of CPU
 * and so must hold up neither the event loops nor a MISC_CHECK launch. Checks cost a channel each, never a thread.
 */
public final class NettyCheckers implements CheckerFactory, AutoCloseable {
    /** SOL_SOCKET / SO_MARK, set through Netty's generic setsockopt on epoll channels. */
    static final IntegerUnixChannelOption SO_MARK = new IntegerUnixChannelOption("SO_MARK", 1, 36);
    /** SOL_SOCKET / SO_BINDTODEVICE with an IFNAMSIZ (16-byte, NUL-padded) name, for bind_if. */
    static final io.netty.channel.unix.RawUnixChannelOption SO_BINDTODEVICE =
            new io.netty.channel.unix.RawUnixChannelOption("SO_BINDTODEVICE", 1, 25, Connection.MAX_IFNAME + 1);

    /** The interface name as SO_BINDTODEVICE wants it. */
    static java.nio.ByteBuffer ifname(String name) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(Connection.MAX_IFNAME + 1);
        b.put(name.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.clear();
        return b;
    }
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final boolean epoll;
    private final ExecutorService blocking;
    private final ExecutorService regex;
    private final Map<TlsKey, SslContext> sslContexts = new ConcurrentHashMap<>();
    private final AtomicInteger sslContextsBuilt = new AtomicInteger();
    private static final Logger LOG = LoggerFactory.getLogger(NettyCheckers.class);
    private final PingService ping;
    private final int httpChecksPerConnection;
    /** HTTP_GET / SSL_GET connections opened, checks made on kept ones, and kept ones that ended under a request. */
    final java.util.concurrent.atomic.LongAdder httpOpened = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder httpKeptChecks = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder httpKeptRetries = new java.util.concurrent.atomic.LongAdder();

    /** Creates its own event loop group with {@code threads} threads (0: Netty's default). */
    public NettyCheckers(int threads) {
        this(threads, 1);
    }

    /**
     * As {@link #NettyCheckers(int)}, with HTTP_GET and SSL_GET connections kept between checks: each
     * carries up to {@code httpChecksPerConnection} checks (0: no limit), 1 being keepalived's behaviour of
     * a new connection for every check.
     */
    public NettyCheckers(int threads, int httpChecksPerConnection) {
        this(newGroup(threads), true, httpChecksPerConnection);
    }

    /** Shares an existing group (the director passes its own). */
    public NettyCheckers(EventLoopGroup group) {
        this(group, false, 1);
    }

    private NettyCheckers(EventLoopGroup group, boolean owns, int httpChecksPerConnection) {
        if (httpChecksPerConnection < 0) {
            throw new IllegalArgumentException("checks per connection must be 0 (no limit) or more: " + httpChecksPerConnection);
        }
        this.httpChecksPerConnection = httpChecksPerConnection;
        this.group = group;
        this.ownsGroup = owns;
        this.epoll = group instanceof EpollEventLoopGroup;
        this.blocking = Executors.newSingleThreadExecutor(new DefaultThreadFactory("fulcrum-check-blocking", true));
        this.regex = Executors.newSingleThreadExecutor(new DefaultThreadFactory("fulcrum-check-regex", true));
        this.ping = new PingService(group);
    }

    private static EventLoopGroup newGroup(int threads) {
        DefaultThreadFactory tf = new DefaultThreadFactory("fulcrum-check", true);
        if (Epoll.isAvailable()) {
            EpollEventLoopGroup g = new EpollEventLoopGroup(threads, tf);
            // checks are short tasks between I/O events: no I/O-versus-task time budget to measure, which
            // spares two clock reads per loop turn (a syscall where the clocksource has no vDSO)
            g.setIoRatio(100);
            return g;
        }
        return new NioEventLoopGroup(threads, tf);
    }

    public EventLoopGroup group() {
        return group;
    }

    /**
     * Exposes how HTTP checks use their connections, so that an operator who turned reuse on can see it work:
     * {@code fulcrum.healthcheck.http.connections} (opened), {@code fulcrum.healthcheck.http.kept.checks} (checks
     * made on a kept connection) and {@code fulcrum.healthcheck.http.kept.retries} (kept connections the server
     * closed under a request, the check made again on a new one; many of them mean its keep-alive timeout is
     * close to delay_loop).
     */
    public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
        io.micrometer.core.instrument.FunctionCounter.builder("fulcrum.healthcheck.http.connections", httpOpened,
                java.util.concurrent.atomic.LongAdder::sum).description("HTTP_GET and SSL_GET connections opened").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("fulcrum.healthcheck.http.kept.checks", httpKeptChecks,
                java.util.concurrent.atomic.LongAdder::sum).description("HTTP checks made on a kept connection").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("fulcrum.healthcheck.http.kept.retries", httpKeptRetries,
                java.util.concurrent.atomic.LongAdder::sum).description("kept connections closed under a request, the check made again")
                .register(registry);
    }

    /** How many HTTP checks one connection carries: 1 is a new connection per check, 0 no limit. */
    int httpChecksPerConnection() {
        return httpChecksPerConnection;
    }

    ExecutorService blocking() {
        return blocking;
    }

    /**
     * Runs one attempt whose work blocks (file reads, process launches) on the blocking pool, never on an
     * event loop; a pool already closed fails the attempt instead of throwing.
     */
    CompletionStage<CheckOutcome> blockingAttempt(Consumer<Attempt> body) {
        Attempt a = new Attempt();
        try {
            blocking.execute(() -> body.accept(a));
        } catch (RejectedExecutionException e) {
            a.fail("checker runtime closed");
        }
        return a.result;
    }

    /** A queued regex evaluation, and what to do instead when the runtime closes before it runs. */
    private record RegexJob(Runnable evaluation, Runnable abandoned) implements Runnable {
        @Override
        public void run() {
            evaluation.run();
        }
    }

    /**
     * Runs a url regex evaluation on the regex thread, in arrival order, never on an event loop. When the
     * runtime is closed, or closes before the evaluation starts, {@code abandoned} runs instead (on the
     * caller's or the closing thread), so an attempt always gets a verdict.
     */
    void evaluateRegex(Runnable evaluation, Runnable abandoned) {
        try {
            regex.execute(new RegexJob(evaluation, abandoned));
        } catch (RejectedExecutionException e) {
            abandoned.run();
        }
    }

    @Override
    public Checker create(CheckerSpec spec) {
        if (spec instanceof CheckerSpec.Tcp t) {
            return new TcpCheck(this, t);
        } else if (spec instanceof CheckerSpec.Http h) {
            return new HttpGetCheck(this, h);
        } else if (spec instanceof CheckerSpec.Misc m) {
            return new MiscCheck(this, m);
        } else if (spec instanceof CheckerSpec.Smtp s) {
            return new SmtpCheck(this, s);
        } else if (spec instanceof CheckerSpec.Dns d) {
            return new DnsCheck(this, d);
        } else if (spec instanceof CheckerSpec.Udp u) {
            return new UdpCheck(this, u);
        } else if (spec instanceof CheckerSpec.Ping p) {
            return new PingCheck(ping, p);
        } else if (spec instanceof CheckerSpec.File f) {
            return new FileCheck(this, f);
        }
        throw new IllegalArgumentException("unknown checker " + spec);
    }

    /**
     * The event loop for a new channel: the caller's own loop when the caller is one of ours (the engine
     * runs on one of them), so a check never hops threads between its scheduler and its socket; any loop
     * otherwise.
     */
    private EventLoopGroup loop() {
        for (io.netty.util.concurrent.EventExecutor e : group) {
            if (e.inEventLoop()) {
                return (io.netty.channel.EventLoop) e;
            }
        }
        return group.next();
    }

    /** A TCP bootstrap for one attempt: connect timeout, SO_MARK for fwmark, and the given pipeline. */
    Bootstrap tcp(Connection c, Duration connectTimeout, ChannelHandler handler) {
        Bootstrap b = new Bootstrap().group(loop())
                .channelFactory((ChannelFactory<Channel>) () -> epoll ? new EpollSocketChannel() : new NioSocketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis())))
                .option(ChannelOption.SO_LINGER, 0)
                .handler(handler);
        mark(b, c);
        return b;
    }

    /**
     * A fresh TCP channel for one attempt, options already set, not yet registered: the HTTP checker's
     * cheaper path than a Bootstrap per attempt. The socket has the target's address family (no
     * dual-stack socket for an IPv4 server), SO_LINGER 0 (a closed check leaves no TIME_WAIT behind, at
     * thousands of checks per second), no Netty connect timeout (the caller owns the one timer), and
     * SO_MARK / SO_BINDTODEVICE for fwmark / bind_if.
     */
    Channel tcpChannel(Connection c) {
        Channel ch;
        if (epoll) {
            EpollSocketChannel e = new EpollSocketChannel(c.target().getAddress() instanceof java.net.Inet6Address
                    ? io.netty.channel.socket.InternetProtocolFamily.IPv6 : io.netty.channel.socket.InternetProtocolFamily.IPv4);
            ch = e;
        } else {
            ch = new NioSocketChannel();
        }
        try {
            ch.config().setConnectTimeoutMillis(0);
            ch.config().setOption(ChannelOption.SO_LINGER, 0);
            if (c.fwmark() != 0) {
                if (!epoll) {
                    throw new IllegalStateException("fwmark needs the epoll transport");
                }
                ch.config().setOption(SO_MARK, c.fwmark());
            }
            if (c.bindIf().isPresent()) {
                if (!epoll) {
                    throw new IllegalStateException("bind_if needs the epoll transport");
                }
                ch.config().setOption(SO_BINDTODEVICE, ifname(c.bindIf().get()));
            }
        } catch (RuntimeException e) {
            ch.unsafe().closeForcibly();
            throw e;
        }
        return ch;
    }

    /** Registers a channel from {@link #tcpChannel} on the caller's event loop (done at once when called from it). */
    ChannelFuture register(Channel ch) {
        if (epoll) {
            // ask for reads before the channel is on the loop: epoll then adds the socket with EPOLLIN
            // already in its interest set, one epoll_ctl(MOD) fewer per check than auto-read after connect
            ch.unsafe().beginRead();
        }
        return loop().register(ch);
    }

    static ChannelFuture connect(Channel ch, Connection c) {
        Optional<InetSocketAddress> local = c.localAddress();
        return local.isPresent() ? ch.connect(c.target(), local.get()) : ch.connect(c.target());
    }

    Bootstrap udp(Connection c, ChannelHandler handler) {
        Bootstrap b = new Bootstrap().group(loop())
                .channelFactory((ChannelFactory<Channel>) () -> epoll ? new EpollDatagramChannel() : new NioDatagramChannel())
                .handler(handler);
        mark(b, c);
        return b;
    }

    private void mark(Bootstrap b, Connection c) {
        if (c.fwmark() != 0) {
            if (!epoll) {
                throw new IllegalStateException("fwmark needs the epoll transport");
            }
            b.option(SO_MARK, c.fwmark());
        }
        if (c.bindIf().isPresent()) {
            if (!epoll) {
                throw new IllegalStateException("bind_if needs the epoll transport");
            }
            b.option(SO_BINDTODEVICE, ifname(c.bindIf().get()));
        }
    }

    static ChannelFuture connect(Bootstrap b, Connection c) {
        Optional<InetSocketAddress> local = c.localAddress();
        return local.isPresent() ? b.connect(c.target(), local.get()) : b.connect(c.target());
    }

    /** What a client TLS context depends on: SNI is per connection, so not part of it. */
    private record TlsKey(boolean verify, Optional<Path> caFile, SslClientSettings client) {
    }

    /** Contexts kept at most: one per distinct SSL block, and a reload with a new block adds one. */
    static final int MAX_TLS_CONTEXTS = 16;

    /** The client context for {@code tls}, built once per distinct settings and shared by every check. */
    SslContext ssl(CheckerSpec.Tls tls) {
        TlsKey key = new TlsKey(tls.verify(), tls.caFile(), tls.client());
        SslContext c = sslContexts.get(key);
        if (c != null) {
            return c;
        }
        if (sslContexts.size() >= MAX_TLS_CONTEXTS) {
            // settings of earlier reloads: the checks still using one get it built again
            sslContexts.clear();
        }
        return sslContexts.computeIfAbsent(key, k -> buildSsl(tls));
    }

    /** How many client TLS contexts were built (tests: once per distinct settings, not per check). */
    int sslContextsBuilt() {
        return sslContextsBuilt.get();
    }

    private SslContext buildSsl(CheckerSpec.Tls tls) {
        SslClientSettings s = tls.client();
        try {
            SslContextBuilder b = SslContextBuilder.forClient();
            if (!tls.verify()) {
                b.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (tls.caFile().isPresent()) {
                b.trustManager(tls.caFile().get().toFile());
            } else if (s.ca().isPresent()) {
                b.trustManager(s.caCertificates().toArray(X509Certificate[]::new));
            }
            if (s.presentsCertificate()) {
                // the key was decrypted with the block's password; the chain is sent when a server asks for one
                b.keyManager(s.privateKey().orElseThrow(), s.certificateChain().toArray(X509Certificate[]::new));
            }
            SslContext built = b.build();
            sslContextsBuilt.incrementAndGet();
            LOG.info("TLS client context built: verify={}, ca={}, client certificate={}", tls.verify(),
                    tls.caFile().map(Object::toString).or(() -> s.ca().map(p -> p.path().toString())).orElse("none"),
                    s.presentsCertificate() ? s.certificate().get().path() : "none");
            return built;
        } catch (SSLException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build TLS context: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        blocking.shutdownNow();
        // before the loops go: an abandoned or interrupted evaluation still hands its verdict to its channel's loop
        for (Runnable queued : regex.shutdownNow()) {
            ((RegexJob) queued).abandoned().run();
        }
        try {
            // the running evaluation notices the interrupt within a fraction of a millisecond (BodyRegex checks it)
            if (!regex.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.warn("regex thread still evaluating after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ping.close();
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
