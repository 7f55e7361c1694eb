package com.sttgateway.jobs;

import com.sttgateway.proxy.UpstreamTarget;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request to one of the job routes, with the paths needed to answer it: the upstream base path the job lives
 * under, and the client's own prefix (so the {@code url} fields we return point at the gateway the way the client
 * addressed it). Null from {@link #match} for any other route.
 */
record JobRoute(Kind kind, String upstreamBase, String clientPrefix, String id, String query) {

  enum Kind { SUBMIT, LIST, STATUS, DELETE }

  private static final Pattern AUTHORITY = Pattern.compile("^(?:[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\])"
      + "(?::\\d{1,5})?$");
  private static final Pattern JOBS = Pattern.compile("^(.*)/v1/recognitions(?:/([^/]+))?/?$");

  static JobRoute match(HttpServerRequest request, UpstreamTarget target) {
    Matcher client = JOBS.matcher(request.path());
    if (!client.matches()) {
      return null;
    }
    String upstreamUri = target.uri(request.uri());
    int q = upstreamUri.indexOf('?');
    Matcher upstream = JOBS.matcher(q < 0 ? upstreamUri : upstreamUri.substring(0, q));
    if (!upstream.matches()) {
      return null;
    }
    String id = client.group(2);
    HttpMethod m = request.method();
    Kind kind = id == null
        ? (m == HttpMethod.POST ? Kind.SUBMIT : m == HttpMethod.GET ? Kind.LIST : null)
        : (m == HttpMethod.GET ? Kind.STATUS : m == HttpMethod.DELETE ? Kind.DELETE : null);
    String query = request.query() == null ? "" : request.query();
    return kind == null ? null : new JobRoute(kind, upstream.group(1), client.group(1), id, query);
  }

  /** The upstream URI of a job. */
  String upstreamJobUri(String upstreamId) {
    return upstreamBase + "/v1/recognitions/" + upstreamId;
  }

  /**
   * The URL a client uses to poll a job through the gateway, as the client addressed the gateway. Host and
   * X-Forwarded-Proto are the client's to choose, so only well-formed values are used: an http(s) scheme and a
   * host[:port] of host-name or IP-literal characters; anything else falls back to the address the request came in on.
   */
  static String clientJobUrl(HttpServerRequest request, String clientPrefix, String clientId) {
    String proto = request.getHeader("X-Forwarded-Proto");
    String scheme = "http".equals(proto) || "https".equals(proto) ? proto : request.scheme();
    String host = request.authority() == null ? null : request.authority().toString();
    if (host == null || !AUTHORITY.matcher(host).matches()) {
      String ip = request.localAddress().hostAddress();
      host = (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + request.localAddress().port();
    }
    return scheme + "://" + host + clientPrefix + "/v1/recognitions/" + clientId;
  }
}
