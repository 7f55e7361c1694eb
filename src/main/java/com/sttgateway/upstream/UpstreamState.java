package com.sttgateway.upstream;

/** Whether the upstream Speech to Text service is reachable, as the health monitor last decided. */
public enum UpstreamState {
  UP,
  DOWN
}
