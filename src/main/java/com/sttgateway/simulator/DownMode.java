package com.sttgateway.simulator;

/** How a simulated outage looks to clients. */
public enum DownMode {
  /** The API port stops listening: new connections are refused and open ones are closed. */
  REFUSE,
  /** The API port stays up but answers every API call 503 in the upstream's error shape. */
  UNAVAILABLE
}
