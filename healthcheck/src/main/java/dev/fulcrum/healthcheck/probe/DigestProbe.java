package dev.fulcrum.healthcheck.probe;

import dev.fulcrum.healthcheck.check.HttpGetCheck;
import dev.fulcrum.healthcheck.check.NettyCheckers;
import dev.fulcrum.healthcheck.spec.CheckTiming;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import dev.fulcrum.healthcheck.spec.Connection;
import dev.fulcrum.healthcheck.spec.StatusCodes;
import dev.fulcrum.healthcheck.spec.UrlSpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * keepalived's genhash: GET one URL exactly as HTTP_GET/SSL_GET would and print the MD5 of the body,
 * the value to paste into a {@code digest} line. The host part of the URL must be an IP address, as in
 * keepalived.conf; the Host header (and SNI) comes from {@code virtualhost}.
 */
public final class DigestProbe {
    private DigestProbe() {
    }

    public static HttpGetCheck.Fetch fetch(NettyCheckers runtime, String url, Optional<String> virtualhost, Duration timeout)
            throws Exception {
        URI u = URI.create(url);
        boolean ssl = "https".equalsIgnoreCase(u.getScheme());
        if (!ssl && !"http".equalsIgnoreCase(u.getScheme())) {
            throw new IllegalArgumentException("URL must start with http:// or https://: " + url);
        }
        String host = u.getHost();
        if (host == null) {
            throw new IllegalArgumentException("URL has no host: " + url);
        }
        host = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        InetAddress ip = literal(host);
        int port = u.getPort() > 0 ? u.getPort() : ssl ? 443 : 80;
        String path = (u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath()) + (u.getRawQuery() != null ? "?" + u.getRawQuery() : "");
        UrlSpec spec = new UrlSpec(path, StatusCodes.DEFAULT, Optional.empty(), virtualhost);
        CheckTiming timing = new CheckTiming(Duration.ofSeconds(60), timeout, 0, Duration.ofSeconds(1), Duration.ZERO, false);
        CheckerSpec.Http http = new CheckerSpec.Http(timing, Connection.to(new InetSocketAddress(ip, port)), ssl, CheckerSpec.HttpProtocol.HTTP_1_0,
                List.of(spec), true, new CheckerSpec.Tls(virtualhost.isPresent(), Optional.empty(), false, Optional.empty()),
                CheckerSpec.DEFAULT_MAX_BODY_BYTES);
        HttpGetCheck check = (HttpGetCheck) runtime.create(http);
        return check.fetch(spec, false).toCompletableFuture().get(timeout.toMillis() * 3 + 2000, TimeUnit.MILLISECONDS);
    }

    private static InetAddress literal(String host) throws UnknownHostException {
        if (!host.matches("[0-9.]+") && !host.contains(":")) {
            throw new IllegalArgumentException("use an IP address, as keepalived.conf does (put the name in --virtualhost): " + host);
        }
        return InetAddress.getByName(host);
    }
}
