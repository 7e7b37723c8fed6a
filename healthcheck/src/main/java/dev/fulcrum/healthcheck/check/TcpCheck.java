package dev.fulcrum.healthcheck.check;

import dev.fulcrum.healthcheck.engine.CheckOutcome;
import dev.fulcrum.healthcheck.engine.Checker;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.CompletionStage;

/** TCP_CHECK: healthy when a TCP connect completes within connect_timeout; the connection is then closed. */
final class TcpCheck implements Checker {
    @ChannelHandler.Sharable
    private static final class Nothing extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static final ChannelHandler NOTHING = new Nothing();
    private final NettyCheckers runtime;
    private final CheckerSpec.Tcp spec;

    TcpCheck(NettyCheckers runtime, CheckerSpec.Tcp spec) {
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
        try {
            NettyCheckers.connect(runtime.tcp(spec.connection(), spec.timing().connectTimeout(), NOTHING), spec.connection())
                    .addListener((io.netty.channel.ChannelFuture f) -> {
                        if (f.isSuccess()) {
                            a.succeed();
                            f.channel().close();
                        } else {
                            a.fail(f.cause());
                            f.channel().close();
                        }
                    });
        } catch (RuntimeException e) {
            a.fail(e);
        }
        return a.result;
    }
}
