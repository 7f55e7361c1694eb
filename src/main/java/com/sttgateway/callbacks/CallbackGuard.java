package com.sttgateway.callbacks;

import com.sttgateway.GatewayException;
import com.sttgateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * SSRF guard for callback URLs the gateway itself calls (relay mode): the host name and every address it resolves
 * to are checked against {@code callbacks.deny} (always refused) and, when set, {@code callbacks.allow} (the only
 * hosts permitted). An IPv6 address that embeds an IPv4 one (compatible, NAT64, 6to4) is checked in both forms.
 * Resolution blocks, so it runs on a worker; any thread may call {@link #check}.
 */
public final class CallbackGuard {

  private final Vertx vertx;
  private final List<HostRule> allow;
  private final List<HostRule> deny;

  public CallbackGuard(Vertx vertx, GatewayConfig.Callbacks settings) {
    this.vertx = vertx;
    this.allow = settings.allow().stream().map(HostRule::parse).toList();
    this.deny = settings.deny().stream().map(HostRule::parse).toList();
  }

  /** Succeeds when the gateway may call {@code url}; otherwise fails with a 400 naming the URL and the rule. */
  public Future<Void> check(String url) {
    return pin(url).mapEmpty();
  }

  /**
   * As {@link #check}, and the one checked address to connect to, so the connection never resolves the host again
   * (DNS rebinding, and numeric forms such as {@code 0177.0.0.1} that the JDK and Netty read differently).
   */
  Future<InetAddress> pin(String url) {
    return vertx.executeBlocking(() -> {
      Verdict verdict = inspect(url);
      if (verdict.refusal() != null) {
        throw new GatewayException(400, "callback_url '" + url + "' is refused: " + verdict.refusal());
      }
      return verdict.address();
    }, false);
  }

  /** {@code options} for {@code url}, connecting to the address the guard checked (the Host header keeps the name). */
  Future<RequestOptions> pinned(String url, RequestOptions options) {
    return pin(url).map(address -> {
      URI uri = URI.create(url.strip());
      int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
      return options.setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(address, port)));
    });
  }

  /** Why {@code url} may not be called, or null when it may. Blocking (DNS). */
  String refusal(String url) {
    return inspect(url).refusal();
  }

  /** A refusal, or the first address {@code url}'s host resolved to when every one passed. Blocking (DNS). */
  private Verdict inspect(String url) {
    String host = host(url);
    if (host == null) {
      return Verdict.refused("it is not an absolute http(s) URL with a host");
    }
    for (HostRule rule : deny) {
      if (rule.matchesName(host)) {
        return Verdict.refused("host " + host + " matches callbacks.deny entry " + rule);
      }
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      return Verdict.refused("host " + host + " cannot be resolved");
    }
    for (InetAddress address : addresses) {
      for (InetAddress form : EmbeddedIpv4.forms(address)) {
        for (HostRule rule : deny) {
          if (rule.matches(form)) {
            return Verdict.refused("host " + host + " resolves to " + address.getHostAddress()
                + (form == address ? "" : " (" + form.getHostAddress() + ")") + ", which matches callbacks.deny entry "
                + rule);
          }
        }
      }
    }
    return allow.isEmpty() || allowed(host, addresses) ? new Verdict(null, addresses[0])
        : Verdict.refused("host " + host + " is not in callbacks.allow");
  }

  private record Verdict(String refusal, InetAddress address) {
    static Verdict refused(String why) {
      return new Verdict(why, null);
    }
  }

  /** Allowed by name, or every resolved address is inside an allowed range. */
  private boolean allowed(String host, InetAddress[] addresses) {
    if (allow.stream().anyMatch(rule -> rule.matchesName(host))) {
      return true;
    }
    for (InetAddress address : addresses) {
      for (InetAddress form : EmbeddedIpv4.forms(address)) {
        if (allow.stream().noneMatch(rule -> rule.matches(form))) {
          return false;
        }
      }
    }
    return true;
  }

  private static String host(String url) {
    try {
      URI uri = new URI(url.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (uri.getHost() == null || !scheme.equals("http") && !scheme.equals("https")) {
        return null;
      }
      String host = uri.getHost().toLowerCase(Locale.ROOT);
      return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    } catch (Exception e) {
      return null;
    }
  }
}
