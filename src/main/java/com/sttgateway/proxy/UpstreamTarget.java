package com.sttgateway.proxy;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;

/**
 * Where a client request goes upstream. The upstream URL may carry a base path (IBM Cloud
 * {@code /instances/{id}}, Cloud Pak for Data {@code /speech-to-text/{release}/instances/{id}/api}).
 * Rule: a client path that already starts with that base path is forwarded unchanged (the client only changed
 * its host); any other path is appended to the base path (the client's service URL is the bare gateway).
 * The query string is forwarded byte for byte.
 */
public final class UpstreamTarget {

  private final String host;
  private final int port;
  private final boolean ssl;
  private final String basePath;

  public UpstreamTarget(URI url) {
    this.ssl = "https".equals(url.getScheme());
    this.host = url.getHost();
    this.port = url.getPort() != -1 ? url.getPort() : ssl ? 443 : 80;
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** The upstream request URI (path and query) for a client request URI. */
  public String uri(String clientUri) {
    String path = clientUri.startsWith("/") ? clientUri : "/" + clientUri;
    if (basePath.isEmpty() || path.startsWith(basePath + "/") || path.startsWith(basePath + "?")
        || path.equals(basePath)) {
      return path;
    }
    return basePath + path;
  }

  public RequestOptions requestOptions(HttpMethod method, String clientUri) {
    return new RequestOptions().setMethod(method).setHost(host).setPort(port).setSsl(ssl).setURI(uri(clientUri));
  }

  public WebSocketConnectOptions webSocketOptions(String clientUri) {
    WebSocketConnectOptions options = new WebSocketConnectOptions();
    options.setHost(host).setPort(port).setSsl(ssl).setURI(uri(clientUri));
    return options;
  }

  public String basePath() {
    return basePath;
  }

  @Override
  public String toString() {
    return (ssl ? "https://" : "http://") + host + ":" + port + basePath;
  }
}
