package com.sttgateway.upstream;

/** What proxied traffic tells the health monitor about the upstream; callable from any thread. */
public interface UpstreamSignals {

  /** A proxied request could not get a connection to the upstream (refused, unreachable, connect timeout). */
  void connectFailed();

  /** The upstream answered a proxied request with this HTTP status. */
  void answered(int status);

  /** As {@link #answered(int)}, for a request sent with {@code authorization} (null when none). */
  default void answered(int status, String authorization) {
    answered(status);
  }
}
