package dev.fulcrum.healthcheck.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's real servers, in their own JVM so the checker's CPU is measured alone: one Netty
 * listener per loopback alias 127.0.x.y, each answering any request with a small 200: to HTTP/1.0, or a
 * request with {@code Connection: close}, an HTTP/1.0 answer and a close, as keepalived expects; to
 * HTTP/1.1, or HTTP/1.0 with {@code Connection: keep-alive}, an answer on a connection kept open, as web
 * servers do. Reads commands on stdin: {@code kill I} closes listener I and its open connections (the
 * server "dies": connects are refused, kept connections end), {@code count} prints the number of requests answered so far, {@code quit} exits.
 */
public final class BenchResponder {
    static final byte[] RESPONSE = "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nok\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] RESPONSE_KEPT = "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 3\r\n\r\nok\n".getBytes(StandardCharsets.US_ASCII);

    static final java.util.concurrent.atomic.LongAdder REQUESTS = new java.util.concurrent.atomic.LongAdder();
    /** Open connections, so that a "killed" server's kept ones end with it. */
    static final java.util.Set<Channel> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @ChannelHandler.Sharable
    static final class Respond extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            OPEN.add(ctx.channel());
            ctx.channel().closeFuture().addListener(f -> OPEN.remove(ctx.channel()));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            REQUESTS.increment();
            ByteBuf in = (ByteBuf) msg;
            // a benchmark's requests arrive whole on loopback: one read is one request
            String head = in.toString(StandardCharsets.US_ASCII);
            ReferenceCountUtil.release(msg);
            String lower = head.toLowerCase(java.util.Locale.ROOT);
            boolean keep = head.contains(" HTTP/1.1\r\n") ? !lower.contains("\r\nconnection: close") : lower.contains("\r\nconnection: keep-alive");
            if (keep) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(RESPONSE_KEPT));
            } else {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(RESPONSE)).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Server i's address: 127.0.x.y by default, or PREFIX.x.y with -Dbench.prefix=PREFIX (e.g. 10.200). */
    static InetSocketAddress address(int i, int port) {
        String prefix = System.getProperty("bench.prefix", "127.0");
        return new InetSocketAddress(prefix + "." + (1 + i / 250) + "." + (1 + i % 250), port);
    }

    /** Waits for the responder's "ready" line, skipping log lines its libraries print on stdout first. */
    static boolean awaitReady(BufferedReader from) throws java.io.IOException {
        for (int i = 0; i < 100; i++) {
            String line = from.readLine();
            if (line == null) {
                return false;
            }
            if (line.startsWith("ready")) {
                return true;
            }
            System.err.println("responder: " + line);
        }
        return false;
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int port = Integer.parseInt(args[1]);
        EpollEventLoopGroup group = new EpollEventLoopGroup(1);
        Respond respond = new Respond();
        ServerBootstrap b = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 256).option(ChannelOption.SO_REUSEADDR, true).childHandler(respond);
        List<Channel> listeners = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            listeners.add(b.bind(address(i, port)).sync().channel());
        }
        System.out.println("ready " + n);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith("kill ")) {
                Channel listener = listeners.get(Integer.parseInt(line.substring(5).trim()));
                listener.close().sync();
                for (Channel c : OPEN) {
                    if (c.parent() == listener) {
                        c.close();
                    }
                }
                System.out.println("killed " + line.substring(5).trim());
                System.out.flush();
            } else if (line.equals("count")) {
                System.out.println("count " + REQUESTS.sum());
                System.out.flush();
            } else if (line.equals("quit")) {
                break;
            }
        }
        group.shutdownGracefully().sync();
    }
}
