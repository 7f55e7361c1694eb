package com.sttgateway.upstream;

/** What proxied traffic tells the health monitor about the upstream; callable from any thread. */
public interface UpstreamSignals {

  /** A proxied request could not get a connection to the upstream (refused, unreachable, connect timeout). */
  void connectFailed();

  /** The upstream answered a proxied request with this HTTP status. */
  void answered(int status);
}
