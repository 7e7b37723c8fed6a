package dev.fulcrum.healthcheck.check;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A loopback TCP server that misbehaves on purpose, one {@link Mode} at a time. It owns a one-thread
 * event loop so it never competes with the checkers' own loops.
 */
final class HostileServer implements AutoCloseable {
    enum Mode {
        /** 200 with {@link #body}. */
        OK,
        /** 503 Service Unavailable. */
        STATUS_503,
        /** Reads the request, then resets the connection (SO_LINGER 0). */
        RESET,
        /** Accepts and reads, never answers. */
        HANG,
        /** 200 with a 10 MB body, announced in Content-Length. */
        BIG_WITH_LENGTH,
        /** 200 with a 10 MB body, no Content-Length (ends at close). */
        BIG_UNTIL_CLOSE,
        /** Random bytes instead of HTTP. */
        GARBAGE,
        /** Headers announce 100 bytes, 10 are sent, then the connection closes. */
        TRUNCATED,
        /** Answers a TLS ClientHello with the start of a handshake record, then closes. */
        TLS_DROP,
        /** An SMTP server: 220 greeting, 250 to HELO, 221 to QUIT. */
        SMTP,
        /** An SMTP server whose greeting is 554. */
        SMTP_REFUSING
    }

    static final int BIG = 10 * 1024 * 1024;
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel server;
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger open = new AtomicInteger();
    volatile Mode mode;
    volatile String lastRequest;
    volatile byte[] body = "healthy\n".getBytes(StandardCharsets.US_ASCII);

    HostileServer(Mode mode) {
        this(mode, "127.0.0.1", null, null);
    }

    /** With {@code tls}, a TLS server in front of the mode; {@code sni} sees each SNI name (null if none). */
    HostileServer(Mode mode, String host, SslContext tls, Consumer<String> sni) {
        this.mode = mode;
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted.incrementAndGet();
                        open.incrementAndGet();
                        ch.closeFuture().addListener(f -> open.decrementAndGet());
                        if (tls != null) {
                            ch.pipeline().addLast(new io.netty.handler.ssl.SniHandler(name -> {
                                if (sni != null) {
                                    sni.accept(name);
                                }
                                return tls;
                            }));
                        }
                        ch.pipeline().addLast(new Behaviour());
                    }
                })
                .bind(new InetSocketAddress(host, 0)).syncUninterruptibly().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    private final class Behaviour extends ChannelInboundHandlerAdapter {
        private boolean answered;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Mode m = mode;
            if (m == Mode.SMTP) {
                ctx.writeAndFlush(ascii("220 mail.test ESMTP ready\r\n"));
            } else if (m == Mode.SMTP_REFUSING) {
                ctx.writeAndFlush(ascii("554 go away\r\n")).addListener(ChannelFutureListener.CLOSE);
            }
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            String text = msg instanceof ByteBuf b ? b.toString(StandardCharsets.US_ASCII) : "";
            ReferenceCountUtil.release(msg);
            lastRequest = text;
            Mode m = mode;
            if (m == Mode.SMTP) {
                if (text.startsWith("HELO")) {
                    ctx.writeAndFlush(ascii("250-mail.test\r\n250 hello\r\n"));
                } else if (text.startsWith("QUIT")) {
                    ctx.writeAndFlush(ascii("221 bye\r\n")).addListener(ChannelFutureListener.CLOSE);
                }
                return;
            }
            if (answered) {
                return;
            }
            answered = true;
            switch (m) {
                case OK -> respond(ctx, "200 OK", body, true);
                case STATUS_503 -> respond(ctx, "503 Service Unavailable", "down\n".getBytes(StandardCharsets.US_ASCII), true);
                case RESET -> {
                    ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                    ctx.close();
                }
                case HANG -> { }
                case BIG_WITH_LENGTH, BIG_UNTIL_CLOSE -> {
                    String head = "HTTP/1.0 200 OK\r\n" + (m == Mode.BIG_WITH_LENGTH ? "Content-Length: " + BIG + "\r\n" : "") + "\r\n";
                    ctx.write(ascii(head));
                    byte[] chunk = new byte[64 * 1024];
                    for (int sent = 0; sent < BIG; sent += chunk.length) {
                        ctx.write(Unpooled.wrappedBuffer(chunk));
                    }
                    ctx.flush();
                    ctx.close();
                }
                case GARBAGE -> {
                    byte[] junk = new byte[4096];
                    new Random(1).nextBytes(junk);
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(junk)).addListener(ChannelFutureListener.CLOSE);
                }
                case TRUNCATED -> ctx.writeAndFlush(ascii("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789"))
                        .addListener(ChannelFutureListener.CLOSE);
                case TLS_DROP -> ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {0x16, 0x03, 0x03, 0x00, 0x64, 0x02, 0x00}))
                        .addListener(ChannelFutureListener.CLOSE);
                default -> ctx.close();
            }
        }

        private void respond(ChannelHandlerContext ctx, String status, byte[] b, boolean close) {
            String head = "HTTP/1.1 " + status + "\r\nContent-Type: text/plain\r\nContent-Length: " + b.length + "\r\nConnection: close\r\n\r\n";
            ctx.write(ascii(head));
            ctx.writeAndFlush(Unpooled.wrappedBuffer(b)).addListener(close ? ChannelFutureListener.CLOSE : ChannelFutureListener.CLOSE_ON_FAILURE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
