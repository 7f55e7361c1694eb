package com.sttgateway.callbacks;

import com.sttgateway.GatewayException;
import com.sttgateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * SSRF guard for callback URLs the gateway itself calls (relay mode): the host name and every address it resolves
 * to are checked against {@code callbacks.deny} (always refused) and, when set, {@code callbacks.allow} (the only
 * hosts permitted). Resolution blocks, so it runs on a worker; any thread may call {@link #check}.
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
    return vertx.executeBlocking(() -> {
      String refusal = refusal(url);
      if (refusal != null) {
        throw new GatewayException(400, "callback_url '" + url + "' is refused: " + refusal);
      }
      return null;
    }, false);
  }

  /** Why {@code url} may not be called, or null when it may. Blocking (DNS). */
  String refusal(String url) {
    String host = host(url);
    if (host == null) {
      return "it is not an absolute http(s) URL with a host";
    }
    for (HostRule rule : deny) {
      if (rule.matchesName(host)) {
        return "host " + host + " matches callbacks.deny entry " + rule;
      }
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      return "host " + host + " cannot be resolved";
    }
    for (InetAddress address : addresses) {
      for (HostRule rule : deny) {
        if (rule.matches(address)) {
          return "host " + host + " resolves to " + address.getHostAddress() + ", which matches callbacks.deny entry "
              + rule;
        }
      }
    }
    return allow.isEmpty() || allowed(host, addresses) ? null : "host " + host + " is not in callbacks.allow";
  }

  /** Allowed by name, or every resolved address is inside an allowed range. */
  private boolean allowed(String host, InetAddress[] addresses) {
    if (allow.stream().anyMatch(rule -> rule.matchesName(host))) {
      return true;
    }
    for (InetAddress address : addresses) {
      if (allow.stream().noneMatch(rule -> rule.matches(address))) {
        return false;
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
