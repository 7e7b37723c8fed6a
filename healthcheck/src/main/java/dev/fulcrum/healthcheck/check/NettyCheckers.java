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

/**
 * The runtime every network checker shares: one event loop group (epoll when available, so SO_MARK
 * works), TLS contexts built once per trust setting, and one thread for the few blocking edges
 * (starting scripts, reading tracked files). Checks cost a channel each, never a thread.
 */
public final class NettyCheckers implements CheckerFactory, AutoCloseable {
    /** SOL_SOCKET / SO_MARK, set through Netty's generic setsockopt on epoll channels. */
    static final IntegerUnixChannelOption SO_MARK = new IntegerUnixChannelOption("SO_MARK", 1, 36);
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final boolean epoll;
    private final ExecutorService blocking;
    private final Map<String, SslContext> sslContexts = new ConcurrentHashMap<>();
    private final PingService ping;

    /** Creates its own event loop group with {@code threads} threads (0: Netty's default). */
    public NettyCheckers(int threads) {
        this(newGroup(threads), true);
    }

    /** Shares an existing group (the director passes its own). */
    public NettyCheckers(EventLoopGroup group) {
        this(group, false);
    }

    private NettyCheckers(EventLoopGroup group, boolean owns) {
        this.group = group;
        this.ownsGroup = owns;
        this.epoll = group instanceof EpollEventLoopGroup;
        this.blocking = Executors.newSingleThreadExecutor(new DefaultThreadFactory("fulcrum-check-blocking", true));
        this.ping = new PingService(group);
    }

    private static EventLoopGroup newGroup(int threads) {
        DefaultThreadFactory tf = new DefaultThreadFactory("fulcrum-check", true);
        return Epoll.isAvailable() ? new EpollEventLoopGroup(threads, tf) : new NioEventLoopGroup(threads, tf);
    }

    public EventLoopGroup group() {
        return group;
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
    }

    static ChannelFuture connect(Bootstrap b, Connection c) {
        Optional<InetSocketAddress> local = c.localAddress();
        return local.isPresent() ? b.connect(c.target(), local.get()) : b.connect(c.target());
    }

    SslContext ssl(CheckerSpec.Tls tls) {
        String key = tls.verify() + "|" + tls.caFile().map(Object::toString).orElse("");
        return sslContexts.computeIfAbsent(key, k -> {
            try {
                SslContextBuilder b = SslContextBuilder.forClient();
                if (!tls.verify()) {
                    b.trustManager(InsecureTrustManagerFactory.INSTANCE);
                } else if (tls.caFile().isPresent()) {
                    b.trustManager(tls.caFile().get().toFile());
                }
                return b.build();
            } catch (SSLException e) {
                throw new IllegalStateException("cannot build TLS context: " + e.getMessage(), e);
            }
        });
    }

    @Override
    public void close() {
        blocking.shutdownNow();
        ping.close();
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
