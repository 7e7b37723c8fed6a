package dev.fulcrum.healthcheck.check;

import dev.fulcrum.healthcheck.spec.CheckTiming;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import dev.fulcrum.healthcheck.spec.Connection;
import dev.fulcrum.healthcheck.spec.StatusCodes;
import dev.fulcrum.healthcheck.spec.UrlSpec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Compact spec builders for the checker ITs. */
final class Specs {
    private Specs() {
    }

    static CheckTiming timing(long connectTimeoutMs) {
        return new CheckTiming(Duration.ofSeconds(1), Duration.ofMillis(connectTimeoutMs), 1, Duration.ofMillis(200), Duration.ZERO, false);
    }

    static Connection local(int port) {
        return Connection.to(new InetSocketAddress("127.0.0.1", port));
    }

    static UrlSpec url(String path, String digest, String... codes) {
        return new UrlSpec(path, codes.length == 0 ? StatusCodes.DEFAULT : StatusCodes.parse(List.of(codes)),
                Optional.ofNullable(digest), Optional.empty());
    }

    static CheckerSpec.Http http(int port, long timeoutMs, UrlSpec... urls) {
        return new CheckerSpec.Http(timing(timeoutMs), local(port), false, CheckerSpec.HttpProtocol.HTTP_1_0, List.of(urls),
                false, CheckerSpec.Tls.KEEPALIVED_DEFAULT, CheckerSpec.DEFAULT_MAX_BODY_BYTES);
    }

    static CheckerSpec.Http https(int port, long timeoutMs, CheckerSpec.Tls tls, UrlSpec... urls) {
        return new CheckerSpec.Http(timing(timeoutMs), local(port), true, CheckerSpec.HttpProtocol.HTTP_1_1, List.of(urls),
                false, tls, CheckerSpec.DEFAULT_MAX_BODY_BYTES);
    }
}
