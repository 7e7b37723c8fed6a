package dev.fulcrum.healthcheck.check;

import dev.fulcrum.healthcheck.spec.Connection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One request/reply over a connected UDP socket, shared by UDP_CHECK and DNS_CHECK. Connecting the
 * socket is what makes the kernel report ICMP port-unreachable back to us. The judge turns each reply
 * into a verdict (null: not ours, keep waiting); the timeout gives the silent-server verdict.
 */
final class DatagramExchange {
    private DatagramExchange() {
    }

    static void run(NettyCheckers runtime, Connection c, Duration timeout, byte[] request, Attempt a,
                    Function<byte[], String> judge, Runnable onSilence) {
        var handler = new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
                String verdict = judge.apply(ByteBufUtil.getBytes(msg.content()));
                if (verdict == null) {
                    return;
                }
                if (verdict.isEmpty()) {
                    a.succeed();
                } else {
                    a.fail(verdict);
                }
                ctx.close();
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                a.fail(cause);
                ctx.close();
            }
        };
        try {
            ChannelFuture cf = NettyCheckers.connect(runtime.udp(c, handler), c);
            cf.addListener((ChannelFuture f) -> {
                if (!f.isSuccess()) {
                    a.fail(f.cause());
                    f.channel().close();
                    return;
                }
                var ch = f.channel();
                var timer = ch.eventLoop().schedule(() -> {
                    if (!a.done()) {
                        onSilence.run();
                    }
                    ch.close();
                }, timeout.toMillis(), TimeUnit.MILLISECONDS);
                ch.closeFuture().addListener(x -> timer.cancel(false));
                ByteBuf out = Unpooled.wrappedBuffer(request);
                ch.writeAndFlush(out).addListener(w -> {
                    if (!w.isSuccess()) {
                        a.fail(w.cause());
                        ch.close();
                    }
                });
            });
        } catch (RuntimeException e) {
            a.fail(e);
        }
    }
}
