package dev.fulcrum.healthcheck.check;

import dev.fulcrum.healthcheck.engine.CheckOutcome;
import dev.fulcrum.healthcheck.engine.Checker;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * SMTP_CHECK: the greeting must be 220 and {@code HELO helo_name} must be answered with 250; then QUIT.
 * Multi-line replies ({@code 250-...}) are followed to their last line. Lines are capped at 1 KiB.
 */
final class SmtpCheck implements Checker {
    private final NettyCheckers runtime;
    private final CheckerSpec.Smtp spec;

    SmtpCheck(NettyCheckers runtime, CheckerSpec.Smtp spec) {
        this.runtime = runtime;
        this.spec = spec;
    }

    @Override
    public CheckerSpec spec() {
        return spec;
    }

    @Override
    public CompletionStage<CheckOutcome> run(int step) {
        Attempt a = new Attempt();
        var dialogue = new SimpleChannelInboundHandler<String>() {
            boolean heloSent;

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, String line) {
                if (a.done()) {
                    return;
                }
                if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(Character::isDigit)) {
                    a.fail("invalid reply: " + abbreviate(line));
                    ctx.close();
                    return;
                }
                if (line.length() > 3 && line.charAt(3) == '-') {
                    return; // continuation
                }
                String code = line.substring(0, 3);
                if (!heloSent) {
                    if (!code.equals("220")) {
                        a.fail("greeting " + code);
                        ctx.close();
                        return;
                    }
                    heloSent = true;
                    ctx.writeAndFlush("HELO " + spec.heloName() + "\r\n");
                } else {
                    if (code.equals("250")) {
                        a.succeed();
                        ctx.writeAndFlush("QUIT\r\n").addListener(f -> ctx.close());
                    } else {
                        a.fail("HELO answered " + code);
                        ctx.close();
                    }
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                a.fail("closed");
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                a.fail(cause);
                ctx.close();
            }
        };
        try {
            ChannelFuture cf = NettyCheckers.connect(runtime.tcp(spec.connection(), spec.timing().connectTimeout(), new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new ReadTimeoutHandler(spec.timing().connectTimeout().toMillis(), TimeUnit.MILLISECONDS),
                            new LineBasedFrameDecoder(1024), new StringDecoder(StandardCharsets.US_ASCII),
                            new StringEncoder(StandardCharsets.US_ASCII), dialogue);
                }
            }), spec.connection());
            cf.addListener((ChannelFuture f) -> {
                if (!f.isSuccess()) {
                    a.fail(f.cause());
                    f.channel().close();
                }
            });
        } catch (RuntimeException e) {
            a.fail(e);
        }
        return a.result;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
